//! Scoring: tagging accuracy and CoNLL-style entity-level exact-match precision/recall/F1.

use std::collections::BTreeMap;

/// True positives, false positives and false negatives of one entity type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Predicted spans matching a gold span exactly (bounds and type).
    pub tp: usize,
    /// Predicted spans with no exact gold match.
    pub fp: usize,
    /// Gold spans with no exact predicted match.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall, F1 (each 0…1).
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        let r = if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

/// Entity-level scores per type.
#[derive(Debug, Clone, Default)]
pub struct EntityScores {
    /// Counts per type label.
    pub by_type: BTreeMap<String, Counts>,
}

impl EntityScores {
    /// Score one sentence's spans `(start, end, type)`.
    pub fn add(&mut self, gold: &[(usize, usize, String)], pred: &[(usize, usize, String)]) {
        for g in gold {
            let c = self.by_type.entry(g.2.clone()).or_default();
            if pred.contains(g) {
                c.tp += 1;
            } else {
                c.fn_ += 1;
            }
        }
        for p in pred {
            if !gold.contains(p) {
                self.by_type.entry(p.2.clone()).or_default().fp += 1;
            }
        }
    }

    /// Micro-averaged counts over all types.
    pub fn total(&self) -> Counts {
        self.by_type
            .values()
            .fold(Counts::default(), |a, c| Counts {
                tp: a.tp + c.tp,
                fp: a.fp + c.fp,
                fn_: a.fn_ + c.fn_,
            })
    }

    /// A CoNLL-style table: one line per type and an overall line.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<8} {:>7} {:>7} {:>7} {:>6} {:>6}\n",
            "type", "P", "R", "F1", "gold", "pred"
        );
        let line = |name: &str, c: &Counts| {
            let (p, r, f) = c.prf();
            format!(
                "{:<8} {:>7.2} {:>7.2} {:>7.2} {:>6} {:>6}\n",
                name,
                100.0 * p,
                100.0 * r,
                100.0 * f,
                c.tp + c.fn_,
                c.tp + c.fp
            )
        };
        for (t, c) in &self.by_type {
            s.push_str(&line(t, c));
        }
        s.push_str(&line("overall", &self.total()));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_scoring() {
        let mut s = EntityScores::default();
        let g = vec![(0, 2, "PERSON".to_string()), (3, 4, "LOC".to_string())];
        let p = vec![(0, 2, "PERSON".to_string()), (3, 5, "LOC".to_string())];
        s.add(&g, &p);
        let t = s.total();
        assert_eq!((t.tp, t.fp, t.fn_), (1, 1, 1));
        let (p, r, f) = t.prf();
        assert!((p - 0.5).abs() < 1e-9 && (r - 0.5).abs() < 1e-9 && (f - 0.5).abs() < 1e-9);
        assert!(s.table().contains("overall"));
    }
}

//! Multi-class averaged perceptron over hashed features.
//!
//! [`Trainer`] keeps current weights plus the bookkeeping for lazy averaging (each weight's running
//! total is only brought up to date when the weight changes); [`Weights`] is the frozen, averaged,
//! quantised table a tagger uses at run time.

use crate::features::KeyMap;
use crate::model_file::{ModelError, Reader, Writer};

/// Frozen averaged weights: one row of `n_classes` scores per feature key.
#[derive(Debug, Clone)]
pub struct Weights {
    n_classes: usize,
    index: KeyMap<u32>,
    rows: Vec<f32>,
}

impl Weights {
    /// Number of classes each row scores.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of feature rows.
    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    /// Add the rows of all `feats` into `scores` (length `n_classes`).
    #[inline]
    pub fn add_scores(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let r = r as usize * self.n_classes;
                for (s, w) in scores.iter_mut().zip(&self.rows[r..r + self.n_classes]) {
                    *s += *w;
                }
            }
        }
    }

    /// The row of one feature, if it has one.
    pub fn row(&self, feat: u64) -> Option<&[f32]> {
        self.index.get(&feat).map(|&r| {
            let r = r as usize * self.n_classes;
            &self.rows[r..r + self.n_classes]
        })
    }

    /// Serialise with 16-bit quantisation (one scale for the whole table).
    pub fn write(&self, w: &mut Writer) {
        let max = self.rows.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        w.u32(self.n_classes as u32);
        w.f32(scale);
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        w.u32(keys.len() as u32);
        let mut prev = 0u64;
        for (k, _) in &keys {
            // Delta-encoded sorted keys compress far better than raw hashes.
            w.varint(k - prev);
            prev = *k;
        }
        for (_, r) in &keys {
            let r = *r as usize * self.n_classes;
            for v in &self.rows[r..r + self.n_classes] {
                w.i16((v / scale).round() as i16);
            }
        }
    }

    /// Read a table written by [`Weights::write`].
    pub fn read(r: &mut Reader) -> Result<Weights, ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        let mut index = KeyMap::with_capacity_and_hasher(n, Default::default());
        let mut prev = 0u64;
        for i in 0..n {
            prev = prev.wrapping_add(r.varint()?);
            index.insert(prev, i as u32);
        }
        let mut rows = Vec::with_capacity(n * n_classes);
        for _ in 0..n * n_classes {
            rows.push(r.i16()? as f32 * scale);
        }
        Ok(Weights {
            n_classes,
            index,
            rows,
        })
    }
}

/// Averaged-perceptron training state.
#[derive(Debug, Clone)]
pub struct Trainer {
    n_classes: usize,
    index: KeyMap<u32>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    clock: u32,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            index: KeyMap::default(),
            w: Vec::new(),
            total: Vec::new(),
            stamp: Vec::new(),
            clock: 0,
        }
    }

    /// Advance the averaging clock by one instance.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Add the current (unaveraged) rows of `feats` into `scores`.
    #[inline]
    pub fn add_scores(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let r = r as usize * self.n_classes;
                for (s, w) in scores.iter_mut().zip(&self.w[r..r + self.n_classes]) {
                    *s += *w;
                }
            }
        }
    }

    /// Current weight of one feature for one class.
    pub fn weight(&self, feat: u64, class: usize) -> f32 {
        self.index
            .get(&feat)
            .map_or(0.0, |&r| self.w[r as usize * self.n_classes + class])
    }

    /// Add `delta` to the weight of `feat` for `class`.
    pub fn update(&mut self, feat: u64, class: usize, delta: f32) {
        let n = self.n_classes;
        let r = match self.index.get(&feat) {
            Some(&r) => r as usize,
            None => {
                let r = self.index.len();
                self.index.insert(feat, r as u32);
                self.w.resize((r + 1) * n, 0.0);
                self.total.resize((r + 1) * n, 0.0);
                self.stamp.resize((r + 1) * n, 0);
                r
            }
        };
        let i = r * n + class;
        self.total[i] += (self.clock - self.stamp[i]) as f64 * self.w[i] as f64;
        self.stamp[i] = self.clock;
        self.w[i] += delta;
    }

    /// Average the weights over all ticks and drop rows whose largest weight is below `prune`.
    pub fn average(&self, prune: f32) -> Weights {
        let n = self.n_classes;
        let clock = self.clock.max(1) as f64;
        let mut index = KeyMap::default();
        let mut rows = Vec::new();
        let mut row = vec![0f32; n];
        for (&k, &r) in &self.index {
            let r = r as usize * n;
            let mut max = 0f32;
            for (c, v) in row.iter_mut().enumerate() {
                let i = r + c;
                let t = self.total[i] + (self.clock - self.stamp[i]) as f64 * self.w[i] as f64;
                *v = (t / clock) as f32;
                max = max.max(v.abs());
            }
            if max >= prune && max > 0.0 {
                index.insert(k, (rows.len() / n) as u32);
                rows.extend_from_slice(&row);
            }
        }
        Weights {
            n_classes: n,
            index,
            rows,
        }
    }
}

/// Index of the largest score (first on ties), restricted to classes allowed by `mask` bit `i`.
#[inline]
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaging_weights_each_tick() {
        let mut t = Trainer::new(2);
        t.update(7, 0, 1.0); // weight 1 for ticks 0..=1
        t.tick();
        t.tick();
        t.update(7, 0, -1.0); // weight 0 for ticks 2..=3
        t.tick();
        t.tick();
        let w = t.average(0.0);
        let row = w.row(7).unwrap();
        assert!((row[0] - 0.5).abs() < 1e-6, "{row:?}");
        assert_eq!(row[1], 0.0);
    }

    #[test]
    fn learns_a_separable_problem() {
        let mut t = Trainer::new(2);
        let data = [(vec![1u64, 3], 0usize), (vec![2u64, 3], 1usize)];
        for _ in 0..5 {
            for (f, y) in &data {
                let mut s = [0f32; 2];
                t.add_scores(f, &mut s);
                let p = argmax(&s);
                if p != *y {
                    for &k in f {
                        t.update(k, *y, 1.0);
                        t.update(k, p, -1.0);
                    }
                }
                t.tick();
            }
        }
        let w = t.average(0.0);
        for (f, y) in &data {
            let mut s = [0f32; 2];
            w.add_scores(f, &mut s);
            assert_eq!(argmax(&s), *y);
        }
    }

    #[test]
    fn quantised_roundtrip() {
        let mut t = Trainer::new(3);
        t.update(11, 2, 0.75);
        t.update(1 << 40, 1, -2.0);
        t.tick();
        let w = t.average(0.0);
        let mut out = Writer::default();
        w.write(&mut out);
        let bytes = out.into_inner();
        let back = Weights::read(&mut Reader::new(&bytes)).unwrap();
        assert!((back.row(11).unwrap()[2] - 0.75).abs() < 1e-3);
        assert!((back.row(1 << 40).unwrap()[1] + 2.0).abs() < 1e-3);
    }
}

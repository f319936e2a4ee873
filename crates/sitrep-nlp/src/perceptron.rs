//! Multi-class averaged perceptron over hashed features.
//!
//! [`Trainer`] keeps current weights plus the bookkeeping for lazy averaging (each weight's running
//! total is only brought up to date when the weight changes); [`Weights`] is the frozen, averaged,
//! quantised table a tagger uses at run time.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::features::{KeyMap, WordMap};
use crate::model_file::{ModelError, Reader, Writer};

/// Frozen averaged weights: one row of `n_classes` scores per feature key.
///
/// Run-time layout (scoring is the hottest loop of both taggers): an open-addressing table of
/// `(key, row)` slots probed linearly from the key's low bits (keys are already well-mixed
/// hashes, see [`crate::features::key`]), and the rows as 16-bit quantised values, converted to
/// `f32` (`q as f32 * scale`) while they are added, so scores are bit-identical to a table of
/// dequantised `f32` rows at half the memory.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Identity of this table's contents (for [`WordMemo`]).
    id: u64,
    n_classes: usize,
    n_rows: usize,
    scale: f32,
    mask: usize,
    slots: Vec<Slot>,
    /// Row of the key 0, which marks empty slots in `slots`.
    zero_row: Option<u32>,
    rows: Vec<i16>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    row: u32,
}

/// A per-thread cache of what a tagger knows about a word form independently of its context:
/// notably the partial score of its word-only features (summed from zero, in feature order),
/// which every occurrence of the word shares, and its cluster path. Continuing the sum from the
/// cached value gives bit-identical scores, with a dozen fewer hashes and table lookups (and no
/// cluster or dictionary lookup) per repeated word.
#[derive(Debug)]
pub struct WordMemo<V> {
    model: u64,
    map: WordMap<V>,
}

impl<V> Default for WordMemo<V> {
    fn default() -> Self {
        WordMemo {
            model: 0,
            map: WordMap::default(),
        }
    }
}

impl<V> WordMemo<V> {
    /// Entries kept before the cache is emptied (bounds memory on endless streams).
    pub const MAX: usize = 1 << 16;

    /// Use the cache for `weights`, forgetting entries of any other table.
    pub fn for_weights(&mut self, weights: &Weights) {
        if self.model != weights.id {
            self.map.clear();
            self.model = weights.id;
        }
    }

    /// Number of cached entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The cached entry of `form`.
    #[inline]
    pub fn get(&self, form: &str) -> Option<&V> {
        self.map.get(form)
    }

    /// Remember the entry of `form`.
    pub fn insert(&mut self, form: &str, value: V) {
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        self.map.insert(form.to_string(), value);
    }
}

/// Row id of a feature the table does not have (see [`Weights::row_ids`]).
pub const NO_ROW: u32 = u32::MAX;

impl Weights {
    /// Build the table from `(key, row values)` pairs, quantising with one scale for all rows.
    fn build(n_classes: usize, entries: Vec<(u64, &[f32])>) -> Weights {
        let max = entries
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, v| m.max(v.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let q: Vec<(u64, Vec<i16>)> = entries
            .into_iter()
            .map(|(k, r)| (k, r.iter().map(|v| (v / scale).round() as i16).collect()))
            .collect();
        Weights::from_quantised(n_classes, scale, q.iter().map(|(k, r)| (*k, r.as_slice())))
    }

    /// Build the table from already quantised rows, in the given order.
    fn from_quantised<'a>(
        n_classes: usize,
        scale: f32,
        entries: impl ExactSizeIterator<Item = (u64, &'a [i16])>,
    ) -> Weights {
        let n = entries.len();
        // Load factor at most 1/2: a lookup of an absent feature (most of them) then ends after
        // about 2.5 slots, within one cache line.
        let cap = (2 * n + 1).next_power_of_two().max(16);
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let mut w = Weights {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            n_classes,
            n_rows: 0,
            scale,
            mask: cap - 1,
            slots: vec![Slot::default(); cap],
            zero_row: None,
            rows: Vec::with_capacity(n * n_classes),
        };
        for (k, r) in entries {
            w.insert(k, r);
        }
        w
    }

    fn insert(&mut self, key: u64, row: &[i16]) {
        debug_assert_eq!(row.len(), self.n_classes);
        let id = self.n_rows as u32;
        if key == 0 {
            if let Some(r) = self.zero_row {
                let r = r as usize * self.n_classes;
                self.rows[r..r + self.n_classes].copy_from_slice(row);
                return;
            }
            self.zero_row = Some(id);
        } else {
            let mut i = key as usize & self.mask;
            loop {
                let s = &mut self.slots[i];
                if s.key == key {
                    let r = s.row as usize * self.n_classes;
                    self.rows[r..r + self.n_classes].copy_from_slice(row);
                    return;
                }
                if s.key == 0 {
                    *s = Slot { key, row: id };
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        self.rows.extend_from_slice(row);
        self.n_rows += 1;
    }

    #[inline]
    fn find(&self, key: u64) -> Option<u32> {
        if key == 0 {
            return self.zero_row;
        }
        let mut i = key as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key == key {
                return Some(s.row);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Number of classes each row scores.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of feature rows.
    pub fn n_features(&self) -> usize {
        self.n_rows
    }

    /// Add the rows of all `feats` into `scores` (length `n_classes`), in the order of `feats`.
    #[inline]
    pub fn add_scores(&self, feats: &[u64], scores: &mut [f32]) {
        let n = self.n_classes;
        for &f in feats {
            if let Some(r) = self.find(f) {
                let r = r as usize * n;
                for (s, q) in scores.iter_mut().zip(&self.rows[r..r + n]) {
                    *s += *q as f32 * self.scale;
                }
            }
        }
    }

    /// Append the row of each of `feats` to `out` ([`NO_ROW`] where a feature has none).
    /// Table and row loads are prefetched a few features ahead, so the cache misses of a
    /// sentence's features overlap instead of being paid one after the other.
    pub fn row_ids(&self, feats: &[u64], out: &mut Vec<u32>) {
        const AHEAD: usize = 12;
        let slot = |f: u64| self.slots.as_ptr().wrapping_add(f as usize & self.mask);
        for &f in &feats[..feats.len().min(AHEAD)] {
            prefetch(slot(f));
        }
        out.reserve(feats.len());
        for (j, &f) in feats.iter().enumerate() {
            if let Some(&g) = feats.get(j + AHEAD) {
                prefetch(slot(g));
            }
            match self.find(f) {
                Some(r) => {
                    prefetch(self.rows.as_ptr().wrapping_add(r as usize * self.n_classes));
                    out.push(r);
                }
                None => out.push(NO_ROW),
            }
        }
    }

    /// Add the rows `ids` (from [`Weights::row_ids`]) into `scores`, in order. `N` must be the
    /// number of classes.
    #[inline]
    pub fn add_rows<const N: usize>(&self, ids: &[u32], scores: &mut [f32; N]) {
        assert_eq!(N, self.n_classes, "row width");
        for &r in ids {
            if r == NO_ROW {
                continue;
            }
            let r = r as usize * N;
            let row: &[i16; N] = self.rows[r..r + N].try_into().expect("row width");
            for c in 0..N {
                scores[c] += row[c] as f32 * self.scale;
            }
        }
    }

    /// The row of one feature (dequantised), if it has one.
    pub fn row(&self, feat: u64) -> Option<Vec<f32>> {
        self.find(feat).map(|r| {
            let r = r as usize * self.n_classes;
            self.rows[r..r + self.n_classes]
                .iter()
                .map(|q| *q as f32 * self.scale)
                .collect()
        })
    }

    fn entries(&self) -> Vec<(u64, u32)> {
        let mut keys: Vec<(u64, u32)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, s.row))
            .chain(self.zero_row.map(|r| (0, r)))
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Serialise with 16-bit quantisation (one scale for the whole table).
    pub fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        w.f32(self.scale);
        let keys = self.entries();
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
                w.i16(*v);
            }
        }
    }

    /// Read a table written by [`Weights::write`].
    pub fn read(r: &mut Reader) -> Result<Weights, ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        if n_classes == 0 || n_classes > 1024 || n > r.remaining() {
            return Err(ModelError::Corrupt("weight table header".into()));
        }
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            prev = prev.wrapping_add(r.varint()?);
            keys.push(prev);
        }
        let mut rows = Vec::with_capacity(n * n_classes);
        for _ in 0..n * n_classes {
            rows.push(r.i16()?);
        }
        Ok(Weights::from_quantised(
            n_classes,
            scale,
            keys.iter()
                .enumerate()
                .map(|(i, k)| (*k, &rows[i * n_classes..(i + 1) * n_classes])),
        ))
    }
}

/// Hint the CPU to load the cache line at `p` (no-op where unsupported). Never dereferences.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
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
    /// The result is quantised as it would be in a model file, so a freshly trained model scores
    /// exactly like its saved copy.
    pub fn average(&self, prune: f32) -> Weights {
        self.average_filtered(prune, |_| true)
    }

    /// [`Trainer::average`], keeping only the features for which `keep` holds.
    pub fn average_filtered(&self, prune: f32, keep: impl Fn(u64) -> bool) -> Weights {
        let n = self.n_classes;
        let clock = self.clock.max(1) as f64;
        let mut keys = Vec::new();
        let mut rows: Vec<f32> = Vec::new();
        let mut row = vec![0f32; n];
        let mut index: Vec<(u64, u32)> = self.index.iter().map(|(k, r)| (*k, *r)).collect();
        index.sort_unstable();
        for (k, r) in index {
            if !keep(k) {
                continue;
            }
            let r = r as usize * n;
            let mut max = 0f32;
            for (c, v) in row.iter_mut().enumerate() {
                let i = r + c;
                let t = self.total[i] + (self.clock - self.stamp[i]) as f64 * self.w[i] as f64;
                *v = (t / clock) as f32;
                max = max.max(v.abs());
            }
            if max >= prune && max > 0.0 {
                keys.push(k);
                rows.extend_from_slice(&row);
            }
        }
        Weights::build(
            n,
            keys.iter()
                .enumerate()
                .map(|(i, k)| (*k, &rows[i * n..(i + 1) * n]))
                .collect(),
        )
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
    fn table_finds_every_key_including_zero_and_colliding_ones() {
        let mut t = Trainer::new(2);
        // Keys 0 (the empty-slot marker) and keys sharing their low bits (same home slot).
        let keys = [0u64, 16, 32, 48, 1 << 40, (1 << 40) + 16, 5];
        for (i, k) in keys.iter().enumerate() {
            t.update(*k, 1, i as f32 + 1.0);
        }
        t.tick();
        let w = t.average(0.0);
        assert_eq!(w.n_features(), keys.len());
        let mut ids = Vec::new();
        w.row_ids(&[keys[3], 99, keys[0]], &mut ids);
        assert_eq!(ids[1], NO_ROW);
        let mut s = [0f32; 2];
        w.add_rows(&ids, &mut s);
        assert!((s[1] - 5.0).abs() < 1e-3, "{s:?}");
        for (i, k) in keys.iter().enumerate() {
            assert!((w.row(*k).unwrap()[1] - (i as f32 + 1.0)).abs() < 1e-3);
        }
        assert!(w.row(7).is_none());
    }

    #[test]
    fn memo_forgets_other_tables() {
        let mut t = Trainer::new(1);
        t.update(3, 0, 1.0);
        t.tick();
        let (a, b) = (t.average(0.0), t.average(0.0));
        let mut m = WordMemo::<[f32; 1]>::default();
        m.for_weights(&a);
        m.insert("x", [1.0]);
        assert_eq!(m.get("x"), Some(&[1.0]));
        m.for_weights(&a);
        assert_eq!(m.get("x"), Some(&[1.0]));
        m.for_weights(&b);
        assert_eq!(m.get("x"), None);
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

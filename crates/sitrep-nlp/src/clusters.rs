//! Word clusters: a bit-string path in a binary merge tree per (lower-cased) word.
//!
//! Taggers use prefixes of the path (4, 6, 10 bits and the whole path) as features, so words that
//! occur in similar contexts share features even when one of them was never seen in labelled data.
//! The clusters themselves are induced by [`induce`] (exchange clustering followed by Brown-style
//! agglomerative merging of the classes); see its doc for the algorithm.

use std::collections::HashMap;

use crate::features::WordMap;
use crate::model_file::{ModelError, Reader, Writer};

/// Lower-cased word → bit-string path.
#[derive(Debug, Clone, Default)]
pub struct WordClusters {
    /// Word → index into `paths`.
    map: WordMap<u32>,
    paths: Vec<Box<str>>,
}

impl WordClusters {
    /// No clusters (every lookup misses).
    pub fn empty() -> WordClusters {
        WordClusters::default()
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The path of a lower-cased word.
    #[inline]
    pub fn path(&self, lower: &str) -> Option<&str> {
        self.map.get(lower).map(|&i| &*self.paths[i as usize])
    }

    /// The index of a lower-cased word's path (see [`WordClusters::path_at`]).
    #[inline]
    pub fn path_id(&self, lower: &str) -> Option<u32> {
        self.map.get(lower).copied()
    }

    /// The path with index `id` from [`WordClusters::path_id`].
    #[inline]
    pub fn path_at(&self, id: u32) -> &str {
        &self.paths[id as usize]
    }

    /// Set the path of `word` (a later entry for the same word wins, as in a map).
    fn insert(&mut self, word: String, path: &str) {
        match self.map.get(&word) {
            Some(&i) => self.paths[i as usize] = path.into(),
            None => {
                self.map.insert(word, self.paths.len() as u32);
                self.paths.push(path.into());
            }
        }
    }

    /// Parse the paths file format: `path<TAB>word[<TAB>count]` per line.
    pub fn parse(text: &str) -> WordClusters {
        let mut c = WordClusters::default();
        for line in text.lines() {
            let mut cols = line.split('\t');
            if let (Some(path), Some(word)) = (cols.next(), cols.next()) {
                if !path.is_empty() && path.bytes().all(|b| b == b'0' || b == b'1') {
                    c.insert(word.to_string(), path);
                }
            }
        }
        c
    }

    /// Serialise into a model stream.
    pub fn write(&self, w: &mut Writer) {
        let mut entries: Vec<(&str, &str)> = self
            .map
            .iter()
            .map(|(w, &i)| (w.as_str(), &*self.paths[i as usize]))
            .collect();
        entries.sort();
        w.u32(entries.len() as u32);
        for (word, path) in entries {
            w.str(word);
            w.str(path);
        }
    }

    /// Read from a model stream.
    pub fn read(r: &mut Reader) -> Result<WordClusters, ModelError> {
        let n = r.u32()? as usize;
        let mut c = WordClusters {
            map: WordMap::with_capacity_and_hasher(n.min(r.remaining()), Default::default()),
            paths: Vec::with_capacity(n.min(r.remaining())),
        };
        for _ in 0..n {
            let word = r.str()?.to_string();
            let path = r.str()?;
            c.insert(word, path);
        }
        Ok(c)
    }
}

/// Settings for [`induce`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Number of classes (leaves of the tree).
    pub classes: usize,
    /// Ignore words seen fewer times than this.
    pub min_count: u32,
    /// Cluster at most this many words (the most frequent).
    pub max_words: usize,
    /// Exchange passes over the vocabulary.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            classes: 256,
            min_count: 3,
            max_words: 30_000,
            iterations: 8,
        }
    }
}

#[inline]
fn xlogx(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        x * x.ln()
    }
}

/// One clustered word: its path, the word, and its corpus count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusteredWord {
    /// Bit-string path of its class in the merge tree.
    pub path: String,
    /// The (lower-cased) word.
    pub word: String,
    /// How often it occurred.
    pub count: u32,
}

/// Induce hierarchical word clusters from tokenised sentences of lower-cased words.
///
/// The objective is Brown et al.'s class-bigram mutual information
/// `Σ N(c,d) log N(c,d) − Σ N(c) log N(c) − Σ N(d) log N(d)`. Instead of Brown's bottom-up
/// merging over the whole vocabulary (cubic in the number of words), words are first put into
/// `classes` flat classes with the exchange algorithm (Kneser & Ney 1993; Martin et al. 1998: move
/// each word to the class that most increases the objective, repeat), then the classes are merged
/// bottom-up with the same objective (Brown et al. 1992) to give the binary tree whose root-to-leaf
/// paths are the cluster bit strings. Rare words (below `min_count`) share one `<unk>` word and a
/// sentence-boundary word marks sentence edges; neither is written out.
pub fn induce(sentences: &[Vec<String>], opts: &ClusterOptions) -> Vec<ClusteredWord> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for s in sentences {
        for w in s {
            *counts.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, u32)> = counts
        .iter()
        .filter(|(_, c)| **c >= opts.min_count)
        .map(|(w, c)| (*w, *c))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(opts.max_words);
    let id: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let unk = vocab.len() as u32;
    let edge = unk + 1;
    let nw = vocab.len() + 2;

    // Word bigram counts, as per-word right and left neighbour lists.
    let mut bigrams: HashMap<(u32, u32), u32> = HashMap::new();
    for s in sentences {
        let mut prev = edge;
        for w in s {
            let cur = *id.get(w.as_str()).unwrap_or(&unk);
            *bigrams.entry((prev, cur)).or_default() += 1;
            prev = cur;
        }
        *bigrams.entry((prev, edge)).or_default() += 1;
    }
    let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); nw];
    let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); nw];
    for (&(a, b), &n) in &bigrams {
        right[a as usize].push((b, n));
        left[b as usize].push((a, n));
    }
    // Fixed neighbour order keeps the floating-point sums, and so the result, reproducible.
    for l in right.iter_mut().chain(left.iter_mut()) {
        l.sort_unstable();
    }
    let as_left: Vec<f64> = right
        .iter()
        .map(|r| r.iter().map(|x| x.1 as f64).sum())
        .collect();
    let as_right: Vec<f64> = left
        .iter()
        .map(|l| l.iter().map(|x| x.1 as f64).sum())
        .collect();

    let k = opts.classes.min(nw).max(2);
    let mut cls: Vec<usize> = (0..nw).map(|w| w % k).collect();
    let mut m = vec![0f64; k * k];
    let mut nl = vec![0f64; k];
    let mut nr = vec![0f64; k];
    for (&(a, b), &n) in &bigrams {
        m[cls[a as usize] * k + cls[b as usize]] += n as f64;
    }
    for w in 0..nw {
        nl[cls[w]] += as_left[w];
        nr[cls[w]] += as_right[w];
    }

    let mut r = vec![0f64; k];
    let mut l = vec![0f64; k];
    for _ in 0..opts.iterations {
        let mut moved = 0;
        for w in 0..nw {
            let a = cls[w];
            let mut selfn = 0f64;
            let mut rc: Vec<usize> = Vec::new();
            let mut lc: Vec<usize> = Vec::new();
            for &(w2, n) in &right[w] {
                if w2 as usize == w {
                    selfn += n as f64;
                    continue;
                }
                let c = cls[w2 as usize];
                if r[c] == 0.0 {
                    rc.push(c);
                }
                r[c] += n as f64;
            }
            for &(w1, n) in &left[w] {
                if w1 as usize == w {
                    continue;
                }
                let c = cls[w1 as usize];
                if l[c] == 0.0 {
                    lc.push(c);
                }
                l[c] += n as f64;
            }
            // Take w out of its class.
            for &c in &rc {
                m[a * k + c] -= r[c];
            }
            for &c in &lc {
                m[c * k + a] -= l[c];
            }
            m[a * k + a] -= selfn;
            nl[a] -= as_left[w];
            nr[a] -= as_right[w];
            let mut best = (f64::NEG_INFINITY, a);
            for t in 0..k {
                let mut d = 0f64;
                for &c in &rc {
                    if c != t {
                        let x = m[t * k + c];
                        d += xlogx(x + r[c]) - xlogx(x);
                    }
                }
                for &c in &lc {
                    if c != t {
                        let x = m[c * k + t];
                        d += xlogx(x + l[c]) - xlogx(x);
                    }
                }
                let x = m[t * k + t];
                d += xlogx(x + r[t] + l[t] + selfn) - xlogx(x);
                d -= xlogx(nl[t] + as_left[w]) - xlogx(nl[t]);
                d -= xlogx(nr[t] + as_right[w]) - xlogx(nr[t]);
                if d > best.0 + 1e-9 || (t == a && d >= best.0 - 1e-9) {
                    best = (d, t);
                }
            }
            let t = best.1;
            for &c in &rc {
                m[t * k + c] += r[c];
            }
            for &c in &lc {
                m[c * k + t] += l[c];
            }
            m[t * k + t] += selfn;
            nl[t] += as_left[w];
            nr[t] += as_right[w];
            if t != a {
                moved += 1;
                cls[w] = t;
            }
            for &c in &rc {
                r[c] = 0.0;
            }
            for &c in &lc {
                l[c] = 0.0;
            }
        }
        if moved == 0 {
            break;
        }
    }

    let paths = merge_tree(&mut m, &mut nl, &mut nr, k);
    let mut out: Vec<ClusteredWord> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, c))| ClusteredWord {
            path: paths[cls[i]].clone(),
            word: w.to_string(),
            count: *c,
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path).then(b.count.cmp(&a.count)));
    out
}

/// Merge `k` classes bottom-up (least loss of mutual information first); return each class's
/// root-to-leaf bit string.
fn merge_tree(m: &mut [f64], nl: &mut [f64], nr: &mut [f64], k: usize) -> Vec<String> {
    let mut active: Vec<usize> = (0..k).collect();
    // Tree nodes: leaves 0..k, then one node per merge; node of each active class.
    let mut node: Vec<usize> = (0..k).collect();
    let mut children: Vec<(usize, usize)> = vec![(usize::MAX, usize::MAX); k];
    while active.len() > 1 {
        let mut best = (f64::NEG_INFINITY, 0, 1);
        for (ia, &a) in active.iter().enumerate() {
            for &b in &active[ia + 1..] {
                let mut d = 0f64;
                for &c in &active {
                    if c == a || c == b {
                        continue;
                    }
                    let (x, y) = (m[a * k + c], m[b * k + c]);
                    d += xlogx(x + y) - xlogx(x) - xlogx(y);
                    let (x, y) = (m[c * k + a], m[c * k + b]);
                    d += xlogx(x + y) - xlogx(x) - xlogx(y);
                }
                let (aa, ab, ba, bb) = (m[a * k + a], m[a * k + b], m[b * k + a], m[b * k + b]);
                d += xlogx(aa + ab + ba + bb) - xlogx(aa) - xlogx(ab) - xlogx(ba) - xlogx(bb);
                d -= xlogx(nl[a] + nl[b]) - xlogx(nl[a]) - xlogx(nl[b]);
                d -= xlogx(nr[a] + nr[b]) - xlogx(nr[a]) - xlogx(nr[b]);
                if d > best.0 {
                    best = (d, a, b);
                }
            }
        }
        let (_, a, b) = best;
        // Fold b into a.
        for &c in &active {
            if c != a && c != b {
                m[a * k + c] += m[b * k + c];
                m[c * k + a] += m[c * k + b];
            }
        }
        m[a * k + a] += m[a * k + b] + m[b * k + a] + m[b * k + b];
        nl[a] += nl[b];
        nr[a] += nr[b];
        children.push((node[a], node[b]));
        node[a] = children.len() - 1;
        active.retain(|&c| c != b);
    }
    let mut leaf_path = vec![String::new(); k];
    let root = node[active[0]];
    let mut stack = vec![(root, String::new())];
    while let Some((n, p)) = stack.pop() {
        if n < k {
            leaf_path[n] = if p.is_empty() { "0".to_string() } else { p };
            continue;
        }
        let (l, r) = children[n];
        stack.push((l, format!("{p}0")));
        stack.push((r, format!("{p}1")));
    }
    leaf_path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_distributional_classes() {
        let mut sents = Vec::new();
        for (i, n) in ["cat", "dog", "cow", "pig"].iter().enumerate() {
            for v in ["runs", "eats", "sleeps"] {
                for d in ["the", "a"] {
                    for _ in 0..(i + 2) {
                        sents.push(vec![d.to_string(), n.to_string(), v.to_string()]);
                    }
                }
            }
        }
        let opts = ClusterOptions {
            classes: 3,
            min_count: 1,
            max_words: 100,
            iterations: 10,
        };
        let words = induce(&sents, &opts);
        let path = |w: &str| words.iter().find(|x| x.word == w).unwrap().path.clone();
        assert_eq!(path("cat"), path("pig"));
        assert_eq!(path("runs"), path("sleeps"));
        assert_ne!(path("cat"), path("runs"));
        assert_ne!(path("the"), path("cat"));
        let c = WordClusters::parse(
            &words
                .iter()
                .map(|w| format!("{}\t{}\t{}\n", w.path, w.word, w.count))
                .collect::<String>(),
        );
        assert_eq!(c.path("dog"), Some(path("dog").as_str()));
    }
}

//! Word clusters: a bit-string path in a binary merge tree per (lower-cased) word.
//!
//! Taggers use prefixes of the path (4, 6, 10 bits and the whole path) as features, so words that
//! occur in similar contexts share features even when one of them was never seen in labelled data.
//! The clusters themselves are induced by [`induce`] (exchange clustering followed by Brown-style
//! agglomerative merging of the classes); see its doc for the algorithm.

use std::collections::HashMap;

use crate::model_file::{ModelError, Reader, Writer};

/// Lower-cased word → bit-string path.
#[derive(Debug, Clone, Default)]
pub struct WordClusters {
    map: HashMap<String, Box<str>>,
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
        self.map.get(lower).map(|p| &**p)
    }

    /// Parse the paths file format: `path<TAB>word[<TAB>count]` per line.
    pub fn parse(text: &str) -> WordClusters {
        let mut map = HashMap::new();
        for line in text.lines() {
            let mut cols = line.split('\t');
            if let (Some(path), Some(word)) = (cols.next(), cols.next()) {
                if !path.is_empty() && path.bytes().all(|b| b == b'0' || b == b'1') {
                    map.insert(word.to_string(), path.into());
                }
            }
        }
        WordClusters { map }
    }

    /// Serialise into a model stream.
    pub fn write(&self, w: &mut Writer) {
        let mut entries: Vec<_> = self.map.iter().collect();
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
        let mut map = HashMap::with_capacity(n);
        for _ in 0..n {
            let word = r.str()?.to_string();
            let path = r.str()?;
            map.insert(word, path.into());
        }
        Ok(WordClusters { map })
    }
}

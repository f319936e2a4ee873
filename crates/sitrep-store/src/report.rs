//! Corpus overviews for reports (`sitrep demo`, the web UI's front page): who is mentioned
//! most, in how many independent stories, and who is quoted most.

use serde::Serialize;

use crate::store::Store;
use crate::Result;

/// An entity ranked by how many independent stories mention it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopEntity {
    /// Canonical name.
    pub name: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO 3166 alpha-2.
    pub country: Option<String>,
    /// CAMEO actor code.
    pub actor: Option<String>,
    /// Articles that mention it.
    pub articles: i64,
    /// Distinct story clusters that mention it (independent sources).
    pub stories: i64,
    /// Mentions in all.
    pub mentions: i64,
}

/// A speaker ranked by quotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopSpeaker {
    /// Canonical name of the speaker.
    pub name: String,
    /// Quotes attributed to them.
    pub quotes: i64,
    /// Of which direct quotes.
    pub direct: i64,
    /// Articles they are quoted in.
    pub articles: i64,
}

impl Store {
    /// The entities (people, organisations, states) mentioned in most stories; `types` limits
    /// the entity types (empty = all).
    pub fn top_entities(&self, types: &[&str], limit: usize) -> Result<Vec<TopEntity>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT e.name, e.type, e.country, e.actor, count(DISTINCT m.article),
                        count(DISTINCT coalesce(a.story_id, a.id)), count(*)
                 FROM mentions m JOIN entities e ON e.seq = m.entity JOIN articles a ON a.id = m.article
                 WHERE (?1 = '' OR instr(?1, ',' || e.type || ',') > 0)
                 GROUP BY e.seq
                 ORDER BY 6 DESC, 7 DESC, e.name
                 LIMIT ?2",
            )
            .map_err(|e| self.classify(e))?;
        let filter = if types.is_empty() {
            String::new()
        } else {
            format!(",{},", types.join(","))
        };
        let rows = stmt
            .query_map(rusqlite::params![filter, limit as i64], |r| {
                Ok(TopEntity {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    country: r.get(2)?,
                    actor: r.get(3)?,
                    articles: r.get(4)?,
                    stories: r.get(5)?,
                    mentions: r.get(6)?,
                })
            })
            .map_err(|e| self.classify(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.classify(e))
    }

    /// The speakers quoted most.
    pub fn top_speakers(&self, limit: usize) -> Result<Vec<TopSpeaker>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT speaker_name, count(*), sum(kind = 'direct'), count(DISTINCT article)
                 FROM quotes WHERE speaker_name IS NOT NULL
                 GROUP BY speaker_name ORDER BY 2 DESC, 1 LIMIT ?1",
            )
            .map_err(|e| self.classify(e))?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok(TopSpeaker {
                    name: r.get(0)?,
                    quotes: r.get(1)?,
                    direct: r.get(2)?,
                    articles: r.get(3)?,
                })
            })
            .map_err(|e| self.classify(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.classify(e))
    }
}

#[cfg(test)]
mod tests {
    use crate::fixtures::{belarus, poland};
    use crate::store::Store;

    #[test]
    fn ranks_by_independent_stories() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .insert(&belarus("u1", "themoscowtimes.com", "2021-09-13", ""))
            .unwrap();
        store
            .insert(&belarus("u2", "france24.com", "2021-09-13", " Minor edit."))
            .unwrap();
        store.insert(&poland("u3")).unwrap();
        let top = store.top_entities(&[], 50).unwrap();
        assert!(!top.is_empty());
        assert!(top.windows(2).all(|w| w[0].stories >= w[1].stories));
        let people = store.top_entities(&["PERSON"], 10).unwrap();
        assert!(people.iter().all(|e| e.kind == "PERSON"));
        let speakers = store.top_speakers(10).unwrap();
        assert!(speakers.iter().all(|s| s.quotes >= 1));
    }
}

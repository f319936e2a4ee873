//! The analysis pipeline: one pass per layer over the analysed text, in dependency order.
//!
//! Each layer reads the text and the layers before it and adds its own; no layer changes an
//! earlier one (spaCy's `Doc` discipline).

use sitrep_core::article::Article;
use sitrep_core::schema::Document;
use sitrep_core::text::Text;

/// A short made-up news text touching every layer (names, dates, amounts, quotes, events): what
/// [`warm_up`] runs through the pipeline once.
const WARM_UP_TEXT: &str = "\
WASHINGTON (Reuters) - The United States agreed on Monday, March 3, 2014, to sell 24 F-16 \
fighter jets and $1.5 billion worth of missiles to Egypt, officials said, about 40% more than \
last year. \u{201C}This is a good deal for both countries,\u{201D} Secretary of State John Smith \
told reporters in Cairo at 3 p.m. local time. \"We expect delivery by 2016,\" he said.\n\n\
Two weeks ago, at least 12 people were killed and 30 wounded when gunmen attacked a police \
station 15 km north of Baghdad, the Iraqi interior ministry said on Tuesday. Police arrested \
three suspects the next day. Russia's Rosoboronexport signed a contract worth 200 million euros \
(\u{00A3}170m) with India in late 2012 for 1,000 T-90 tanks, according to the Stockholm \
International Peace Research Institute (SIPRI). The company's chief executive, Anna Kowalski, \
said in a statement on 5 June that it would hire 2,500 workers over the next three years.";

/// One-time start-up work before analysing articles on this thread: decode the models, fill
/// the taggers' per-word caches with their dictionary words ([`sitrep_nlp::warm_up`]),
/// compile the layers' patterns and let their lazy automata build their common states, by
/// analysing a short built-in text once. Results are identical without it; only the first
/// articles are faster. Call it on each worker thread before timed or parallel work, as
/// spaCy's timings exclude its model load.
pub fn warm_up() {
    sitrep_nlp::warm_up();
    let article = Article {
        title: Some("United States to sell jets to Egypt".into()),
        paragraphs: WARM_UP_TEXT.split("\n\n").map(str::to_string).collect(),
        ..Article::default()
    };
    let _ = analyse(article);
}

/// Analyse one article into a full `sitrep.article/1` document.
pub fn analyse(article: Article) -> Document {
    let (doc, text) = article.into_document();
    analyse_document(doc, &text)
}

/// Run every analysis layer over a document skeleton and its text.
pub fn analyse_document(doc: Document, text: &Text) -> Document {
    analyse_explained(doc, text).0
}

/// Analyse one article and say, for each event, which rule, trigger and roles produced it
/// (`sitrep extract --explain`).
pub fn analyse_with_explanations(article: Article) -> (Document, Vec<String>) {
    let (doc, text) = article.into_document();
    analyse_explained(doc, &text)
}

fn analyse_explained(mut doc: Document, text: &Text) -> (Document, Vec<String>) {
    let published = doc
        .published
        .as_deref()
        .and_then(sitrep_core::dates::published_date);
    doc.entities = crate::entities::extract_entities(text);
    doc.amounts = crate::amounts::extract_amounts(text);
    doc.times = crate::times::extract_times(text, published);
    doc.quotes = crate::quotes::extract_quotes(text, &doc.entities);
    // Events and the register share one view of the sentences; it is built once.
    let (explained, register) =
        crate::arms::extract_events_and_arms(text, &doc.entities, &doc.amounts, &doc.times);
    let explanations = crate::events::explain(&explained);
    doc.events = explained.into_iter().map(|x| x.event).collect();
    doc.arms_transfers = register;
    (doc, explanations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_changes_no_result() {
        let article = Article {
            title: Some("Ministry says rebels shelled Donetsk".into()),
            published: Some("2015-02-10".into()),
            paragraphs: vec![
                "KIEV (AP) - Ukraine's defence ministry said on Monday that rebels fired 120 \
                 rockets at Donetsk airport last week, killing 12 soldiers. \"We will respond,\" \
                 spokesman Andriy Lysenko told reporters."
                    .into(),
            ],
            ..Article::default()
        };
        let run = |warm: bool| {
            let a = article.clone();
            std::thread::spawn(move || {
                if warm {
                    warm_up();
                }
                serde_json::to_string(&analyse(a)).expect("json")
            })
            .join()
            .expect("thread")
        };
        assert_eq!(run(false), run(true));
    }
}

//! The analysis pipeline: one pass per layer over the analysed text, in dependency order.
//!
//! Each layer reads the text and the layers before it and adds its own; no layer changes an
//! earlier one (spaCy's `Doc` discipline).

use sitrep_core::article::Article;
use sitrep_core::schema::Document;
use sitrep_core::text::Text;

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

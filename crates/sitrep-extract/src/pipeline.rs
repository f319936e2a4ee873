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
pub fn analyse_document(mut doc: Document, text: &Text) -> Document {
    let published = doc
        .published
        .as_deref()
        .and_then(sitrep_core::dates::published_date);
    doc.entities = crate::entities::extract_entities(text);
    doc.amounts = crate::amounts::extract_amounts(text);
    doc.times = crate::times::extract_times(text, published);
    doc.quotes = crate::quotes::extract_quotes(text, &doc.entities);
    doc.events = crate::events::extract_events(text, &doc.entities, &doc.times, &doc.amounts);
    doc.arms_transfers =
        crate::arms::extract_arms(text, &doc.entities, &doc.amounts, &doc.times, &doc.events);
    doc
}

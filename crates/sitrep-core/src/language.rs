//! Language identification of the body (whatlang trigram model), reported as ISO 639-1.
//!
//! English is the first target; other languages are detected and reported so callers can skip or
//! flag them instead of mis-processing them silently.

use whatlang::Lang;

/// How many characters of a body the detector reads.
pub const SAMPLE_CHARS: usize = 1000;

/// ISO 639-1 code of the language of `text`, when the detector is confident; `None` otherwise.
pub fn detect_language(text: &str) -> Option<String> {
    // The first 1,000 characters are plenty (the trigram model settles within a few hundred)
    // and keep this cheap on long articles.
    let sample = match text.char_indices().nth(SAMPLE_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    if clearly_english(sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && sample.chars().count() < 200 {
        return None;
    }
    Some(iso639_1(info.lang()).to_string())
}

/// English function words that are not words of other languages written in Latin script
/// (no "is", "was", "will", "in", "for", "have", "by": Dutch, German or Danish has them).
const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "to", "that", "with", "from", "has", "were", "which", "this", "are",
    "said", "its", "their", "been", "would",
];

/// Is the text so plainly English that the trigram model need not run: at least 50 words, of
/// which at least one in eight is an English function word? English news runs near one in
/// five; other languages near none.
fn clearly_english(sample: &str) -> bool {
    let mut words = 0usize;
    let mut markers = 0usize;
    for w in sample.split(|c: char| !c.is_alphabetic()) {
        if w.is_empty() {
            continue;
        }
        words += 1;
        if w.len() <= 5 && ENGLISH_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(w)) {
            markers += 1;
        }
    }
    words >= 50 && markers * 8 >= words
}

/// The two-letter code where ISO 639-1 has one, else whatlang's three-letter code.
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Bel => "be",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Pol => "pl",
        Lang::Nld => "nl",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Ces => "cs",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Bul => "bg",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        Lang::Ell => "el",
        Lang::Tur => "tr",
        Lang::Ara => "ar",
        Lang::Heb => "he",
        Lang::Pes => "fa",
        Lang::Urd => "ur",
        Lang::Hin => "hi",
        Lang::Ben => "bn",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Vie => "vi",
        Lang::Tha => "th",
        Lang::Ind => "id",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Kat => "ka",
        Lang::Hye => "hy",
        Lang::Aze => "az",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_others() {
        assert_eq!(detect_language("The defence ministry said on Sunday that the troops would return to their bases by the middle of October.").as_deref(), Some("en"));
        assert_eq!(detect_language("Министерство обороны заявило в воскресенье, что войска вернутся в свои казармы к середине октября.").as_deref(), Some("ru"));
        assert_eq!(detect_language("Das Verteidigungsministerium teilte am Sonntag mit, dass die Truppen bis Mitte Oktober in ihre Kasernen zurückkehren würden.").as_deref(), Some("de"));
    }

    #[test]
    fn plain_english_skips_the_model_and_nothing_else_does() {
        let en = "The defence ministry said on Sunday that the troops would return to their bases by the middle of October. ";
        assert!(clearly_english(&en.repeat(5)));
        assert!(
            !clearly_english(en),
            "too short to decide without the model"
        );
        for other in [
            "Le ministère de la Défense a annoncé dimanche que les troupes regagneraient leurs casernes avant la mi-octobre. ",
            "Das Verteidigungsministerium teilte am Sonntag mit, dass die Truppen bis Mitte Oktober in ihre Kasernen zurückkehren würden. ",
            "Het ministerie van Defensie zei zondag dat de troepen voor half oktober naar hun kazernes zouden terugkeren, zo was het plan. ",
            "Forsvarsministeriet sagde søndag, at tropperne ville vende tilbage til deres baser for midten af oktober, og have det godt. ",
        ] {
            assert!(!clearly_english(&other.repeat(5)), "{other}");
        }
    }

    #[test]
    fn long_bodies_are_read_from_their_start() {
        let fr = "Le ministère de la Défense a annoncé dimanche que les troupes regagneraient leurs casernes avant la mi-octobre. ";
        let en = "The defence ministry said on Sunday that the troops would return to their bases by the middle of October. ";
        // Long non-English bodies are still detected.
        assert_eq!(detect_language(&fr.repeat(40)).as_deref(), Some("fr"));
        // Only the first SAMPLE_CHARS characters count: an English body with a long French tail.
        let mixed = en.repeat(SAMPLE_CHARS / en.len() + 1) + &fr.repeat(40);
        assert_eq!(detect_language(&mixed).as_deref(), Some("en"));
        // Multi-byte text is cut at a character boundary.
        let ru = "Министерство обороны заявило в воскресенье, что войска вернутся в свои казармы. ";
        assert_eq!(detect_language(&ru.repeat(40)).as_deref(), Some("ru"));
    }
}

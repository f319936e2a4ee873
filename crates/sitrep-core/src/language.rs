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
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && sample.chars().count() < 200 {
        return None;
    }
    Some(iso639_1(info.lang()).to_string())
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

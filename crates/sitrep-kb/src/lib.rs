//! sitrep knowledge base: countries, organisations, places, actors, weapon catalogue.

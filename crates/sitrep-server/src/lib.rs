//! sitrep HTTP API and web UI.

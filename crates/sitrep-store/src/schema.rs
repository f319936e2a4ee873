//! The database schema and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`. [`MIGRATIONS`] is append-only: migration
//! `i` takes the database from version `i` to `i + 1`, and each runs in its own transaction, so a
//! database is always at exactly one version. Never edit a released migration; add a new one.

/// Migrations in order; `MIGRATIONS[i]` upgrades a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Tables a CSV export writes, in dependency order (the FTS and LSH tables are derived).
pub const DATA_TABLES: &[&str] = &[
    "articles",
    "stories",
    "sentences",
    "entities",
    "mentions",
    "quotes",
    "amounts",
    "times",
    "events",
    "event_actors",
    "arms_transfers",
    "arms_items",
];

/// Version 1: articles with their layers, canonical entities, stories, full-text indexes.
const V1: &str = r#"
CREATE TABLE stories (
    id              INTEGER PRIMARY KEY,
    title           TEXT,
    first_article   TEXT NOT NULL,
    first_published TEXT,
    created_at      TEXT NOT NULL
);

-- `seq` is the stable integer key the full-text index points at; `id` is the document id.
CREATE TABLE articles (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    url         TEXT,
    domain      TEXT,
    outlet      TEXT,
    title       TEXT,
    authors     TEXT NOT NULL,          -- JSON array of names
    agency      TEXT,
    published   TEXT,
    language    TEXT,
    story_id    INTEGER REFERENCES stories(id),
    document    TEXT NOT NULL,          -- the full sitrep.article/1 JSON, text included
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_published ON articles(published);

-- The text is kept once, inside `document`; the full-text index reads it through this view.
CREATE VIEW article_text(seq, title, text) AS
    SELECT seq, coalesce(title, ''), json_extract(document, '$.text') FROM articles;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'article_text', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE sentences (
    article TEXT NOT NULL,
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

-- Canonical across the corpus: `key` is `kb:id` when linked, else `TYPE:normalised name`.
CREATE TABLE entities (
    seq     INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    country TEXT,
    actor   TEXT,
    kb      TEXT,
    kb_id   TEXT,
    lat     REAL,
    lon     REAL
);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
CREATE INDEX entities_actor ON entities(actor);

CREATE TABLE mentions (
    article  TEXT NOT NULL,
    entity   INTEGER NOT NULL REFERENCES entities(seq),
    local_id TEXT NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_entity ON mentions(entity, article);

CREATE TABLE quotes (
    seq          INTEGER PRIMARY KEY,
    article      TEXT NOT NULL,
    local_id     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    speaker      INTEGER REFERENCES entities(seq),
    speaker_name TEXT,
    speaker_text TEXT,
    cue          TEXT,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name COLLATE NOCASE);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name,
    content = 'quotes', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TABLE amounts (
    article   TEXT NOT NULL,
    local_id  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    value     REAL,
    unit      TEXT,
    qualifier TEXT NOT NULL,
    low       REAL,
    high      REAL,
    "of"      TEXT,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL
);
CREATE INDEX amounts_article ON amounts(article);

CREATE TABLE times (
    article  TEXT NOT NULL,
    local_id TEXT NOT NULL,
    text     TEXT NOT NULL,
    type     TEXT NOT NULL,
    value    TEXT,
    "mod"    TEXT,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL
);
CREATE INDEX times_article ON times(article);

-- Source and target are the first actor on each side, resolved to canonical entities;
-- every actor on every side is in `event_actors`. `date` is the event's own day when the
-- time expression resolves to one, else the article's publication day.
CREATE TABLE events (
    seq            INTEGER PRIMARY KEY,
    article        TEXT NOT NULL,
    local_id       TEXT NOT NULL,
    kind           TEXT NOT NULL,
    cameo          TEXT,
    quad_class     INTEGER,
    goldstein      REAL,
    source_entity  INTEGER REFERENCES entities(seq),
    source_name    TEXT,
    source_actor   TEXT,
    source_country TEXT,
    target_entity  INTEGER REFERENCES entities(seq),
    target_name    TEXT,
    target_actor   TEXT,
    target_country TEXT,
    place_entity   INTEGER REFERENCES entities(seq),
    place_name     TEXT,
    place_country  TEXT,
    lat            REAL,
    lon            REAL,
    time_text      TEXT,
    time_value     TEXT,
    date           TEXT,
    modality       TEXT NOT NULL,
    trigger        TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_kind_date ON events(kind, date);
CREATE INDEX events_date ON events(date);

CREATE TABLE event_actors (
    event  INTEGER NOT NULL REFERENCES events(seq),
    article TEXT NOT NULL,
    role   TEXT NOT NULL,                 -- source, target, participant
    entity INTEGER NOT NULL REFERENCES entities(seq)
);
CREATE INDEX event_actors_event ON event_actors(event);
CREATE INDEX event_actors_entity ON event_actors(entity);
CREATE INDEX event_actors_article ON event_actors(article);

CREATE TABLE arms_transfers (
    seq             INTEGER PRIMARY KEY,
    article         TEXT NOT NULL,
    local_id        TEXT NOT NULL,
    supplier        TEXT,
    recipient       TEXT,
    status          TEXT NOT NULL,
    value_amount    REAL,
    value_currency  TEXT,
    value_qualifier TEXT,
    delivery_by     TEXT,
    events          TEXT NOT NULL,        -- JSON array of event local ids
    evidence        TEXT NOT NULL         -- JSON array of spans
);
CREATE INDEX arms_transfers_article ON arms_transfers(article);
CREATE INDEX arms_transfers_parties ON arms_transfers(supplier, recipient);

CREATE TABLE arms_items (
    transfer    INTEGER NOT NULL REFERENCES arms_transfers(seq),
    article     TEXT NOT NULL,
    designation TEXT NOT NULL,
    category    TEXT,
    quantity    REAL,
    qualifier   TEXT,
    entity      INTEGER REFERENCES entities(seq)
);
CREATE INDEX arms_items_transfer ON arms_items(transfer);
CREATE INDEX arms_items_article ON arms_items(article);

-- MinHash signatures and LSH band keys, so story clustering works across runs.
CREATE TABLE minhash (
    article   INTEGER PRIMARY KEY REFERENCES articles(seq),
    signature BLOB NOT NULL
);
CREATE TABLE lsh_bands (
    key     INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;
"#;

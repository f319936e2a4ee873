//! sitrep embedded database, ingest bookkeeping, queries, exports.

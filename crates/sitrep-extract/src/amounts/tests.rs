//! Unit tests for the amounts layer.

//! Unit tests for the times layer.

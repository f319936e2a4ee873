//! Tests of the quotes layer.

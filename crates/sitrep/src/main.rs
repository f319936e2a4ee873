//! The `sitrep` command line: argument parsing and wiring only.
fn main() {}

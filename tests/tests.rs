//! The integration tests, in one binary.

mod batch;
mod cli;
mod corpus;
mod dictionaries;
mod engine;
mod jsonl;
mod learn;
mod properties;
mod score;
mod spinner;
mod util;

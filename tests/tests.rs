//! The integration tests, in one binary.

mod batch;
mod cli;
mod corpus;
mod dictionaries;
mod engine;
mod failures;
mod jsonl;
mod learn;
mod odd;
mod properties;
mod score;
mod sections;
mod spinner;
mod util;

//! The integration tests, in one binary.

mod cli;
mod corpus;
mod dictionaries;
mod engine;
mod util;

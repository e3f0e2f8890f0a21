//! The dictionary options every command shares, and the restorer they build.

use std::path::PathBuf;

use anyhow::Result;
use unspin::{Builder, Dictionary, MatcherKind, Options, Restorer, builtin};

/// Which dictionaries to use, and how.
#[derive(clap::Args, Clone, Debug)]
pub struct DictionaryArgs {
    /// A dictionary file or folder to use on top of the built-in ones (repeatable; where two
    /// hold the same spun form, the one given first wins).
    #[arg(long = "dict", value_name = "PATH", help_heading = "Dictionaries")]
    pub dicts: Vec<PathBuf>,

    /// Use only the dictionaries given with --dict.
    #[arg(long, help_heading = "Dictionaries")]
    pub no_builtin: bool,

    /// Leave out the built-in dictionary of scientific tortured phrases.
    #[arg(long, help_heading = "Dictionaries")]
    pub no_tortured: bool,

    /// Distinct sure or likely matches needed near an ambiguous entry before it fires.
    #[arg(long, value_name = "N", default_value_t = Options::default().min_evidence, help_heading = "Dictionaries")]
    pub min_evidence: usize,

    /// How keys are found: `words` walks a trie of key tokens (fast), `aho-corasick` scans
    /// bytes with an automaton (the reference); both give the same output.
    #[arg(long, value_name = "KIND", default_value = "words", value_parser = ["words", "aho-corasick"], help_heading = "Dictionaries")]
    pub matcher: String,
}

impl DictionaryArgs {
    /// The dictionaries, in the order they take precedence: the user's, then the built-in ones.
    pub fn dictionaries(&self) -> Result<Vec<Dictionary>> {
        let mut dictionaries = Vec::new();
        for path in &self.dicts {
            dictionaries.push(Dictionary::load(path)?);
        }
        if !self.no_builtin {
            dictionaries.extend(
                builtin::dictionaries()
                    .into_iter()
                    .filter(|d| !(self.no_tortured && d.name() == "tortured")),
            );
        }
        Ok(dictionaries)
    }

    /// The restorer options.
    pub fn options(&self) -> Options {
        Options {
            min_evidence: self.min_evidence,
            matcher: match self.matcher.as_str() {
                "aho-corasick" => MatcherKind::AhoCorasick,
                _ => MatcherKind::Words,
            },
            ..Options::default()
        }
    }

    /// The restorer of the dictionaries and options.
    pub fn restorer(&self) -> Result<Restorer> {
        let builder = Builder::new().options(self.options());
        Ok(self
            .dictionaries()?
            .into_iter()
            .fold(builder, Builder::dictionary)
            .build()?)
    }
}

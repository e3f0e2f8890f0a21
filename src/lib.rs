//! Restore machine-synonymized ("spun") text to its original wording.
//!
//! Content farms run copied articles through synonym spinners: "according to people familiar
//! with the matter" comes out as "based on folks accustomed to the matter", "National Security
//! Council" as "Nationwide Safety Council". `unspin` matches dictionaries of such spun forms and
//! puts the originals back, and leaves clean text alone: entries that are also ordinary English
//! fire only where the text around them is demonstrably spun.
//!
//! ```
//! let restorer = unspin::Restorer::builtin();
//! let spun = "Based on folks accustomed to the matter, the White Home mentioned its secrets and techniques.";
//! assert_eq!(
//!     restorer.restore(spun),
//!     "According to people familiar with the matter, the White House said its secrets."
//! );
//! // "mentioned" is ordinary English: alone, it is left as it is.
//! let clean = "The officers mentioned the army's home in passing.";
//! assert!(matches!(restorer.restore(clean), std::borrow::Cow::Borrowed(_)));
//! ```
#![deny(missing_docs)]

mod article;
mod boundary;
pub mod builtin;
mod case;
mod dictionary;
pub mod eval;
mod fold;
pub mod jsonl;
pub mod learn;
mod matcher;
mod packed;
mod restorer;
mod score;
pub mod synth;

pub use dictionary::{Class, Context, Dictionary, DictionaryError, Entry, to_toml};
pub use matcher::MatcherKind;
pub use restorer::{BuildError, Builder, Decision, Options, Replacement, Restorer, apply};
pub use score::{Score, Verdict, word_count};

impl Restorer {
    /// A restorer with every built-in dictionary and default options.
    pub fn builtin() -> Restorer {
        Restorer::builtin_with(Options::default())
    }

    /// A restorer with every built-in dictionary and `options`.
    pub fn builtin_with(options: Options) -> Restorer {
        builtin::dictionaries()
            .into_iter()
            .fold(Builder::new(), Builder::dictionary)
            .options(options)
            .build()
            .expect("the built-in dictionaries compile")
    }
}

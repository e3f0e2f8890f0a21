//! Dictionary files: their format, validation, and the entries they hold.
//!
//! A dictionary is one or more TOML files. Each holds up to three tables, one per [`Class`],
//! whose keys are spun forms and whose values are the originals, optionally with a
//! [`Context`]; `dictionaries/README.md` documents the format for editors.

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::fold::{fold, is_apostrophe};
use crate::packed::Table;

/// How sure an entry is that its spun form came from a spinner, which decides how much spin
/// evidence it needs before it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Never occurs in clean prose: fires anywhere.
    Sure,
    /// Rare in clean prose: fires when another distinct sure entry, or likely entry of the same
    /// dictionary, matched nearby.
    Likely,
    /// Ordinary English: fires only in text that holds enough spin evidence.
    Ambiguous,
}

impl Class {
    /// The name of the class, as used for its table in a dictionary file.
    pub fn name(self) -> &'static str {
        match self {
            Class::Sure => "sure",
            Class::Likely => "likely",
            Class::Ambiguous => "ambiguous",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The words that must, or must not, stand next to a spun form for its entry to fire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// One of these must stand right before the spun form (if any are given).
    pub before: Vec<String>,
    /// One of these must stand right after the spun form (if any are given).
    pub after: Vec<String>,
    /// None of these may stand right before the spun form.
    pub not_before: Vec<String>,
    /// None of these may stand right after the spun form.
    pub not_after: Vec<String>,
}

impl Context {
    /// The four lists, each with its name in dictionary files.
    pub fn lists(&self) -> [(&'static str, &[String]); 4] {
        [
            ("before", &self.before),
            ("after", &self.after),
            ("not_before", &self.not_before),
            ("not_after", &self.not_after),
        ]
    }

    /// Whether no context is required or forbidden.
    pub fn is_empty(&self) -> bool {
        self.lists().iter().all(|(_, items)| items.is_empty())
    }
}

/// One dictionary entry: a spun form and the original it restores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The spun form, as written in the dictionary.
    pub spun: String,
    /// The original wording.
    pub original: String,
    /// How sure the entry is.
    pub class: Class,
    /// Where the entry may fire.
    pub context: Context,
    /// The name of the dictionary that holds the entry.
    pub dictionary: String,
    /// The file that holds the entry.
    pub file: String,
    /// The line of the entry in its file (1-based).
    pub line: usize,
}

impl Entry {
    /// Whether the key must match as written (it has a capital letter), rather than in any case.
    pub fn is_exact(&self) -> bool {
        self.spun.chars().any(char::is_uppercase)
    }

    /// The form under which two entries count as the same spun form.
    pub(crate) fn identity(&self) -> String {
        if self.is_exact() {
            normalize_exact(&self.spun)
        } else {
            fold(&self.spun)
        }
    }
}

/// Normalizes a case-sensitive key or matched text: whitespace runs become one space, curly
/// apostrophes straight ones; case is kept.
pub(crate) fn normalize_exact(text: &str) -> String {
    let mut normalized = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.extend(
            word.chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { c }),
        );
    }
    normalized
}

/// An error in a dictionary: the file, the line where it is known, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct DictionaryError {
    /// The file.
    pub file: String,
    /// The line (1-based), when the error belongs to one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl DictionaryError {
    fn at(file: &str, line: usize, message: impl Into<String>) -> DictionaryError {
        DictionaryError {
            file: file.to_owned(),
            line: Some(line),
            message: message.into(),
        }
    }
}

/// A named set of entries read from one or more dictionary files.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    name: String,
    /// The entries; those of a packed dictionary are made when first asked for.
    entries: OnceLock<Vec<Entry>>,
    /// The entries as the build script packed them, for a built-in dictionary that nothing
    /// was added to.
    packed: Option<&'static Table>,
}

/// The entries of a dictionary, as a restorer is built from them.
pub(crate) enum Entries {
    /// Packed by the build script.
    Packed(&'static Table),
    /// Read from files.
    Read(Vec<Entry>),
}

impl Dictionary {
    /// An empty dictionary called `name`.
    pub fn new(name: impl Into<String>) -> Dictionary {
        Dictionary {
            name: name.into(),
            entries: OnceLock::from(Vec::new()),
            packed: None,
        }
    }

    /// The dictionary of entries that the build script read, checked and packed.
    pub(crate) fn packed(table: &'static Table) -> Dictionary {
        Dictionary {
            name: table.name.to_owned(),
            entries: OnceLock::new(),
            packed: Some(table),
        }
    }

    /// Reads a dictionary file, or every `.toml` file in a folder (in name order). The
    /// dictionary is named after the file's stem or the folder.
    pub fn load(path: &Path) -> Result<Dictionary, DictionaryError> {
        let label = path.display().to_string();
        let io_error = |e: std::io::Error| DictionaryError {
            file: label.clone(),
            line: None,
            message: e.to_string(),
        };
        let name = path
            .file_stem()
            .map_or_else(|| label.clone(), |s| s.to_string_lossy().into_owned());
        let mut dictionary = Dictionary::new(name);
        if path.is_dir() {
            let mut files = Vec::new();
            for item in std::fs::read_dir(path).map_err(io_error)? {
                let file = item.map_err(io_error)?.path();
                if file.extension().is_some_and(|e| e == "toml") {
                    files.push(file);
                }
            }
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file).map_err(|e| DictionaryError {
                    file: file.display().to_string(),
                    line: None,
                    message: e.to_string(),
                })?;
                dictionary.add_toml(&file.display().to_string(), &text)?;
            }
        } else {
            let text = std::fs::read_to_string(path).map_err(io_error)?;
            dictionary.add_toml(&label, &text)?;
        }
        Ok(dictionary)
    }

    /// Parses the TOML text of one dictionary file (named `file` in errors) and adds its
    /// entries. Nothing is added if the file has an error.
    pub fn add_toml(&mut self, file: &str, text: &str) -> Result<(), DictionaryError> {
        let lines = Lines::new(text);
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| lines.of(s.start));
            DictionaryError::at(file, line, e.message().trim_end().to_owned())
        })?;
        let mut added = Vec::new();
        for (class, table) in [
            (Class::Sure, raw.sure),
            (Class::Likely, raw.likely),
            (Class::Ambiguous, raw.ambiguous),
        ] {
            for (key, value) in table {
                let line = lines.of(key.span().start);
                let rules = match value.into_inner() {
                    RawValue::Plain(original) => vec![RawRule::plain(original)],
                    RawValue::One(rule) => vec![rule],
                    RawValue::Many(rules) if rules.is_empty() => {
                        return Err(DictionaryError::at(file, line, "empty list of originals"));
                    }
                    RawValue::Many(rules) => rules,
                };
                for rule in rules {
                    let entry = Entry {
                        spun: key.get_ref().clone(),
                        original: rule.original,
                        class,
                        context: Context {
                            before: rule.before,
                            after: rule.after,
                            not_before: rule.not_before,
                            not_after: rule.not_after,
                        },
                        dictionary: self.name.clone(),
                        file: file.to_owned(),
                        line,
                    };
                    validate(&entry).map_err(|m| DictionaryError::at(file, line, m))?;
                    added.push(entry);
                }
            }
        }
        self.check_duplicates(&added)?;
        self.entries_mut().extend(added);
        Ok(())
    }

    /// The dictionary's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        self.entries
            .get_or_init(|| self.packed.map_or_else(Vec::new, Table::entries))
    }

    /// The entries, to add to: a packed dictionary is unpacked for good.
    fn entries_mut(&mut self) -> &mut Vec<Entry> {
        self.entries();
        self.packed = None;
        self.entries.get_mut().expect("the entries are made")
    }

    /// The entries, taken out of the dictionary.
    pub(crate) fn into_entries(self) -> Entries {
        match self.packed {
            Some(table) => Entries::Packed(table),
            None => Entries::Read(self.entries.into_inner().unwrap_or_default()),
        }
    }

    /// Entries that are out of order in their table: each is reported with the entry it should
    /// come before. Editors keep tables sorted by the lower-case key.
    pub fn misordered(&self) -> Vec<String> {
        let mut found = Vec::new();
        for pair in self.entries().windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.file != b.file || a.class != b.class || a.line == b.line {
                continue;
            }
            if sort_key(&a.spun) > sort_key(&b.spun) {
                found.push(format!(
                    "{}:{}: {:?} should come before {:?} (line {})",
                    b.file, b.line, b.spun, a.spun, a.line
                ));
            }
        }
        found
    }

    fn check_duplicates(&self, added: &[Entry]) -> Result<(), DictionaryError> {
        let mut seen: rustc_hash::FxHashMap<String, &Entry> =
            self.entries().iter().map(|e| (e.identity(), e)).collect();
        for entry in added {
            let identity = entry.identity();
            if let Some(first) = seen.get(&identity) {
                if first.line != entry.line || first.file != entry.file {
                    return Err(DictionaryError::at(
                        &entry.file,
                        entry.line,
                        format!(
                            "{:?} is already in this dictionary ({}:{})",
                            entry.spun, first.file, first.line
                        ),
                    ));
                }
            }
            seen.insert(identity, entry);
        }
        Ok(())
    }
}

/// Writes entries as a dictionary file: one table per class, keys sorted as editors keep them,
/// the entries of one spun form (in their order) as one array, and the `note` of each spun form,
/// if any, as a comment on its line. The file reads back into the same entries.
pub fn to_toml<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    note: impl Fn(&[&Entry]) -> Option<String>,
) -> String {
    let mut entries: Vec<&Entry> = entries.into_iter().collect();
    entries.sort_by(|a, b| (a.class, sort_key(&a.spun)).cmp(&(b.class, sort_key(&b.spun))));
    let mut out = String::new();
    for class in [Class::Sure, Class::Likely, Class::Ambiguous] {
        let table: Vec<&Entry> = entries
            .iter()
            .copied()
            .filter(|e| e.class == class)
            .collect();
        if table.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out += &format!("[{class}]\n");
        for rules in table.chunk_by(|a, b| a.spun == b.spun) {
            let key = toml_string(&rules[0].spun);
            let comment = note(rules).map(|n| format!("  # {n}")).unwrap_or_default();
            match rules {
                [one] if one.context.is_empty() => {
                    out += &format!("{key} = {}{comment}\n", toml_string(&one.original));
                }
                [one] => out += &format!("{key} = {}{comment}\n", toml_rule(one)),
                _ => {
                    out += &format!("{key} = [{comment}\n");
                    for rule in rules {
                        out += &format!("  {},\n", toml_rule(rule));
                    }
                    out += "]\n";
                }
            }
        }
    }
    out
}

/// An entry's original and context as a TOML inline table.
fn toml_rule(entry: &Entry) -> String {
    let mut rule = format!("{{ original = {}", toml_string(&entry.original));
    for (name, items) in entry.context.lists() {
        if !items.is_empty() {
            let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
            rule += &format!(", {name} = [{}]", items.join(", "));
        }
    }
    rule + " }"
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted += &format!("\\u{:04X}", c as u32),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The key by which tables are sorted.
fn sort_key(spun: &str) -> (String, &str) {
    (fold(spun), spun)
}

fn validate(entry: &Entry) -> Result<(), String> {
    let key = &entry.spun;
    if key.trim() != key || key.split_whitespace().collect::<Vec<_>>().join(" ") != *key {
        return Err(format!(
            "{key:?}: words of a key are separated by single spaces"
        ));
    }
    if !key.chars().any(char::is_alphanumeric) {
        return Err(format!("{key:?}: a key needs a letter or digit"));
    }
    let original = &entry.original;
    if original.split(' ').any(str::is_empty)
        || original.contains(|c: char| c.is_whitespace() && c != ' ')
    {
        return Err(format!(
            "{key:?}: the original {original:?} must be words separated by single spaces"
        ));
    }
    if normalize_exact(key) == *original {
        return Err(format!("{key:?}: the original is the same as the key"));
    }
    let context = &entry.context;
    for item in [
        &context.before,
        &context.after,
        &context.not_before,
        &context.not_after,
    ]
    .into_iter()
    .flatten()
    {
        let folded = fold(item);
        if folded.is_empty() {
            return Err(format!("{key:?}: empty context item"));
        }
        // A paragraph break folds to a line break; text is searched in blocks cut at them.
        if folded.contains('\n') {
            return Err(format!(
                "{key:?}: the context item {item:?} spans a paragraph break"
            ));
        }
    }
    Ok(())
}

/// Line numbers of byte offsets in a file.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// The 1-based line of `offset`.
    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sure: IndexMap<Spanned<String>, Spanned<RawValue>>,
    #[serde(default)]
    likely: IndexMap<Spanned<String>, Spanned<RawValue>>,
    #[serde(default)]
    ambiguous: IndexMap<Spanned<String>, Spanned<RawValue>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawValue {
    Plain(String),
    One(RawRule),
    Many(Vec<RawRule>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    original: String,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
}

impl RawRule {
    fn plain(original: String) -> RawRule {
        RawRule {
            original,
            before: Vec::new(),
            after: Vec::new(),
            not_before: Vec::new(),
            not_after: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Dictionary, DictionaryError> {
        let mut d = Dictionary::new("test");
        d.add_toml("test.toml", text)?;
        Ok(d)
    }

    #[test]
    fn reads_all_forms() {
        let d = parse(
            r#"
[sure]
"White Home" = "White House"
[ambiguous]
business = [{ original = "commercial", after = ["entities"] }, { original = "industry", before = ["the"] }]
officers = { original = "officials", not_before = ["intelligence"] }
"#,
        )
        .unwrap();
        let e = d.entries();
        assert_eq!(e.len(), 4);
        assert_eq!(
            (e[0].spun.as_str(), e[0].class, e[0].line),
            ("White Home", Class::Sure, 3)
        );
        assert!(e[0].is_exact());
        assert_eq!(e[1].original, "commercial");
        assert_eq!(e[2].context.before, ["the"]);
        assert_eq!(e[3].context.not_before, ["intelligence"]);
        assert_eq!(e[3].line, 6);
        assert!(d.misordered().is_empty());
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            ("[sure]\na = \"b\"\na = \"c\"\n", 3, "duplicate key"),
            ("[sure]\n\"a\" = 3\n", 2, "did not match"),
            (
                "[sure]\n\"x\" = { original = \"y\", nope = [] }\n",
                2,
                "did not match",
            ),
            ("[certain]\n", 1, "unknown field"),
            ("[sure]\n\"a  b\" = \"c\"\n", 2, "single spaces"),
            ("[sure]\n\"...\" = \"c\"\n", 2, "letter or digit"),
            ("[sure]\nfoo = \"foo\"\n", 2, "same as the key"),
            ("[sure]\nfoo = \"\"\n", 2, "single spaces"),
            (
                "[sure]\n\"x\" = { original = \"y\", after = [\"a\\n\\nb\"] }\n",
                2,
                "paragraph break",
            ),
            (
                "[sure]\nfoo = \"a\"\n[likely]\nFOO = \"b\"\nfoo = \"c\"\n",
                5,
                "already in",
            ),
        ];
        for (text, line, message) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.line, Some(line), "{text:?}: {err}");
            assert!(err.message.contains(message), "{text:?}: {err}");
            assert!(err.to_string().starts_with(&format!("test.toml:{line}: ")));
        }
    }

    #[test]
    fn finds_misordered_entries() {
        let d = parse("[sure]\nb = \"x\"\na = \"y\"\n[likely]\nc = \"z\"\n").unwrap();
        assert_eq!(
            d.misordered(),
            [r#"test.toml:3: "a" should come before "b" (line 2)"#]
        );
    }
}

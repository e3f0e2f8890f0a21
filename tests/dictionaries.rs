//! The built-in dictionaries: they parse, are sorted and deduplicated, are all compiled in as
//! they read, and the imported tortured phrases match their source.

use std::collections::BTreeMap;
use std::path::Path;

use unspin::builtin;

use crate::util::root;

#[test]
fn every_builtin_file_parses_and_is_sorted() {
    for name in builtin::NAMES {
        let dictionary = builtin::dictionary(name).unwrap();
        assert!(!dictionary.entries().is_empty(), "{name} is empty");
        let misordered = dictionary.misordered();
        assert!(misordered.is_empty(), "{}", misordered.join("\n"));
    }
}

#[test]
fn compiled_entries_are_those_of_the_files() {
    for name in builtin::NAMES {
        let mut parsed = unspin::Dictionary::new(*name);
        for (_, path, text) in builtin::FILES.iter().filter(|f| f.0 == *name) {
            parsed.add_toml(path, text).unwrap();
        }
        let compiled = builtin::dictionary(name).unwrap();
        assert!(parsed.entries() == compiled.entries(), "{name}");
    }
}

#[test]
fn every_dictionary_file_is_compiled_in() {
    let mut on_disk = Vec::new();
    for folder in std::fs::read_dir(root().join("dictionaries")).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "toml") {
                let relative = file.strip_prefix(root()).unwrap();
                on_disk.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    on_disk.sort();
    let mut compiled: Vec<String> = builtin::FILES.iter().map(|f| f.1.to_owned()).collect();
    compiled.sort();
    assert_eq!(on_disk, compiled);
    for (name, path, _) in builtin::FILES {
        assert!(
            builtin::NAMES.contains(name),
            "{path}: unknown dictionary {name}"
        );
        assert!(path.starts_with(&format!("dictionaries/{name}/")), "{path}");
    }
}

#[test]
fn written_dictionaries_read_back_the_same() {
    for dictionary in builtin::dictionaries() {
        let text = unspin::to_toml(dictionary.entries(), |_| Some("note".into()));
        let mut read = unspin::Dictionary::new(dictionary.name());
        read.add_toml("written.toml", &text).unwrap();
        assert!(read.misordered().is_empty());
        let fields = |e: &unspin::Entry| {
            (
                e.spun.clone(),
                e.original.clone(),
                e.class,
                e.context.clone(),
            )
        };
        let mut want: Vec<_> = dictionary.entries().iter().map(fields).collect();
        let mut got: Vec<_> = read.entries().iter().map(fields).collect();
        want.sort_by(|a, b| (&a.0, a.2).cmp(&(&b.0, b.2)));
        got.sort_by(|a, b| (&a.0, a.2).cmp(&(&b.0, b.2)));
        assert!(want == got, "{}", dictionary.name());
    }
}

#[test]
fn news_dictionary_is_large_and_classified() {
    let news = builtin::dictionary("news").unwrap();
    let mut per_class = BTreeMap::new();
    for entry in news.entries() {
        *per_class.entry(entry.class).or_insert(0) += 1;
    }
    assert!(news.entries().len() >= 3000, "{per_class:?}");
}

/// Where the tortured-phrase data sits beside a checkout.
const TORTURED_SOURCE: &str = "../shared/data/tortured-phrases/tortured-phrases.json";

/// Rebuilds `dictionaries/tortured/tortured.toml` from the source data, when the data is
/// there, and checks that the committed file is what the import gives. Set
/// `UNSPIN_REGENERATE=1` to write the file instead.
#[test]
fn tortured_dictionary_matches_its_source() {
    let source = root().join(TORTURED_SOURCE);
    let Ok(json) = std::fs::read_to_string(&source) else {
        eprintln!("skipped: {} is not there", source.display());
        return;
    };
    let generated = import_tortured(&json);
    let target = root().join("dictionaries/tortured/tortured.toml");
    if std::env::var_os("UNSPIN_REGENERATE").is_some() {
        std::fs::write(&target, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&target).unwrap();
    assert!(
        committed == generated,
        "{} is out of date: run UNSPIN_REGENERATE=1 cargo test tortured",
        Path::new("dictionaries/tortured/tortured.toml").display()
    );
}

/// The import: keeps the rows that are plain phrase-to-phrase replacements, repairs an
/// original that only carries a trailing acronym (`region of interest (roi)`), and drops rows
/// whose original is a note, a query fragment or an alternative list, rows whose original is
/// more than one word longer than the key or that contains the key (a gloss, or a fragment of
/// a longer phrase), rows
/// that map a phrase to itself, keys with more than one original, and keys that are standard
/// terms.
fn import_tortured(json: &str) -> String {
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut originals: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in data["phrases"].as_array().unwrap() {
        let tortured = row["tortured"].as_str().unwrap().trim().to_lowercase();
        let correct = row["correct"].as_str().unwrap().trim().to_lowercase();
        originals.entry(tortured).or_default().push(correct);
    }
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || " '-".contains(c))
            && s.split(' ').all(|w| !w.is_empty())
    };
    // A key that is some other row's original is a standard term, not a tortured phrase
    // ("cloud computing"); so are the few listed here, which the data maps to unrelated terms.
    let standard: std::collections::BTreeSet<String> = originals
        .values()
        .flatten()
        .cloned()
        .chain(STANDARD_TERMS.iter().map(|t| t.to_string()))
        .collect();
    let mut kept = BTreeMap::new();
    for (tortured, mut corrects) in originals {
        if standard.contains(&tortured) {
            continue;
        }
        corrects.dedup();
        let [correct] = corrects.as_slice() else {
            continue;
        };
        let correct = strip_acronym(correct);
        let glossed = correct.split(' ').count() > tortured.split(' ').count() + 1
            || correct.contains(tortured.as_str());
        if plain(&tortured)
            && plain(correct)
            && tortured.contains(' ')
            && tortured != correct
            && !glossed
        {
            kept.insert(tortured, correct.to_owned());
        }
    }
    let mut out = String::from(TORTURED_HEADER);
    out.push_str("\n[likely]\n");
    for (tortured, correct) in kept {
        out.push_str(&format!("{} = {correct:?}\n", key(&tortured)));
    }
    out
}

/// Ordinary technical terms that the source data lists as tortured phrases.
const STANDARD_TERMS: &[&str] = &["search engine"];

/// `region of interest (roi)` gives `region of interest`; anything else is left as it is.
fn strip_acronym(correct: &str) -> &str {
    if let Some(open) = correct.rfind(" (") {
        let acronym = &correct[open + 2..];
        if let Some(acronym) = acronym.strip_suffix(')') {
            if !acronym.is_empty()
                && acronym.len() <= 8
                && acronym
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return &correct[..open];
            }
        }
    }
    correct
}

/// A TOML key: bare where it can be.
fn key(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_owned()
    } else {
        format!("{s:?}")
    }
}

const TORTURED_HEADER: &str = "\
# Tortured phrases: the wording that paraphrasing tools leave in scientific papers
# (\"counterfeit consciousness\" for \"artificial intelligence\").
#
# Imported from the fingerprints of the Problematic Paper Screener by Guillaume Cabanac,
# Cyril Labbé and Alexander Magazinov, as re-exported in the torturedcheck project
# (src/data/tortured-phrases.json, commit 3a61ac791aceba584b18a825282d6e14b58eeaf3).
# Licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); see NOTICE.
# Changes: rows were dropped where the original is a note, a query fragment, a list of
# alternatives, more than one word longer than the phrase, or contains the phrase; where the
# row maps a phrase to itself or a phrase has several originals; and where the phrase is a
# standard term (another row's original, or \"search engine\"). Trailing acronyms such as
# \" (roi)\" were removed from originals.
#
# Generated by the test `tortured_dictionary_matches_its_source`; do not edit by hand.
# Every entry is `likely`: some of these phrases are ordinary wording in some field
# (\"surface region\"), so an entry fires only next to another distinct spin signal.
";

//! A deterministic spinner simulator, and the labelled documents it spins: clean short texts
//! written for the project, and the same texts spun with the inverse of the dictionary
//! entries.

use std::collections::HashMap;
use std::sync::OnceLock;

use unspin::Entry;

use crate::util::data;

/// The share of the places where a spun form exists that the simulator rewrites, in percent.
pub const RATE: u64 = 80;

/// The longest original, in words, that the simulator looks for.
const LONGEST: usize = 5;

/// The labelled documents: each clean one, and its spun version when the simulator found
/// something to swap in it (a text without any original of the dictionary stays clean).
pub fn labelled() -> Vec<(&'static str, Option<String>)> {
    clean_documents()
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let spun = spin(doc, i as u64);
            (doc.as_str(), (spun != *doc).then_some(spun))
        })
        .collect()
}

/// The clean labelled documents, in file order.
pub fn clean_documents() -> &'static [String] {
    static DOCS: OnceLock<Vec<String>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mut files: Vec<_> = std::fs::read_dir(data("labelled"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .flat_map(|f| {
                std::fs::read_to_string(f)
                    .unwrap()
                    .split("\n===\n")
                    .map(|d| d.trim().to_owned() + "\n")
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}

/// The inverse of the news dictionary: for each original, the spun forms that stand for it,
/// keyed by the original in lower case unless it is a name (its spun form has capitals).
fn inverse() -> &'static HashMap<String, Vec<String>> {
    static MAP: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        let news = unspin::builtin::dictionaries()
            .into_iter()
            .find(|d| d.name() == "news")
            .unwrap();
        // A spinner swaps words wherever it finds them, whatever their context.
        let usable = |e: &&Entry| {
            e.spun
                .chars()
                .all(|c| c.is_alphanumeric() || " '-".contains(c))
        };
        for e in news.entries().iter().filter(usable) {
            let key = if e.is_exact() {
                e.original.clone()
            } else {
                e.original.to_lowercase()
            };
            map.entry(key).or_default().push(e.spun.clone());
        }
        for forms in map.values_mut() {
            forms.sort();
            forms.dedup();
        }
        map
    })
}

/// A number from `seed` and `at` that stays the same from run to run.
fn roll(seed: u64, at: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in at.to_le_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// `text` spun: at each word, the longest original of the dictionary that starts there is
/// replaced by one of its spun forms `RATE` percent of the time, with the case of its first
/// letter and the article before it adjusted.
pub fn spin(text: &str, seed: u64) -> String {
    let map = inverse();
    // Word starts and ends, in bytes.
    let words: Vec<(usize, usize)> =
        unicode_segmentation::UnicodeSegmentation::unicode_word_indices(text)
            .map(|(i, w)| (i, i + w.len()))
            .collect();
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while i < words.len() {
        let mut done = false;
        for n in (1..=LONGEST.min(words.len() - i)).rev() {
            let (start, end) = (words[i].0, words[i + n - 1].1);
            let phrase = &text[start..end];
            if phrase.contains(['\n', '\t', '.', ',']) || phrase.contains("  ") {
                continue;
            }
            let forms = map.get(phrase).or_else(|| {
                map.get(&phrase.to_lowercase())
                    .filter(|_| !has_inner_capital(phrase))
            });
            let Some(forms) = forms else { continue };
            let r = roll(seed, i as u64);
            if r % 100 >= RATE {
                break;
            }
            let mut spun = forms[(r / 100) as usize % forms.len()].clone();
            if phrase.starts_with(char::is_uppercase) && !spun.starts_with(char::is_uppercase) {
                spun = capitalize(&spun);
            }
            let mut head = &text[last..start];
            let article = article_before(head);
            if let Some(at) = article {
                let word = &head[at..head.len() - 1];
                let wanted = if starts_with_vowel(&spun) { "an" } else { "a" };
                if !word.eq_ignore_ascii_case(wanted) {
                    out.push_str(&head[..at]);
                    out.push_str(&match_case(word, wanted));
                    out.push(' ');
                    head = "";
                }
            }
            out.push_str(head);
            out.push_str(&spun);
            last = end;
            i += n;
            done = true;
            break;
        }
        if !done {
            i += 1;
        }
    }
    out.push_str(&text[last..]);
    out
}

fn has_inner_capital(phrase: &str) -> bool {
    phrase.chars().skip(1).any(char::is_uppercase)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Where "a " or "an " ends `head`, if it does.
fn article_before(head: &str) -> Option<usize> {
    let body = head.strip_suffix(' ')?;
    let at = body
        .char_indices()
        .rfind(|&(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    matches!(body[at..].to_lowercase().as_str(), "a" | "an").then_some(at)
}

fn starts_with_vowel(s: &str) -> bool {
    s.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U'])
}

fn match_case(like: &str, word: &str) -> String {
    if like.starts_with(char::is_uppercase) {
        capitalize(word)
    } else {
        word.to_owned()
    }
}

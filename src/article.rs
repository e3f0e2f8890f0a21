//! Keeping "a" and "an" in agreement with a restored word.
//!
//! Spinners fix the article in front of a word they swap ("a responsible" becomes "an
//! accountable"), so restoring the word alone would leave "an responsible". When the article
//! agrees with the spun word and would not agree with the restored one, it is restored too.

use crate::case::Case;

/// The article that goes before `word`, judged by its spelling: `an` before a vowel sound,
/// with the common exceptions ("a university", "an hour"); `None` where spelling does not tell
/// (acronyms, digits).
fn article_for(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let first = lower.chars().next()?;
    if !first.is_alphabetic() || (word.len() > 1 && Case::of(word) == Case::Upper) {
        return None;
    }
    const A_BEFORE: [&str; 6] = ["uni", "use", "usu", "eu", "one", "once"];
    const AN_BEFORE: [&str; 4] = ["hour", "honest", "honor", "heir"];
    let vowel = if A_BEFORE.iter().any(|p| lower.starts_with(p)) {
        false
    } else if AN_BEFORE.iter().any(|p| lower.starts_with(p)) {
        true
    } else {
        "aeiou".contains(first)
    };
    Some(if vowel { "an" } else { "a" })
}

/// If `before` (the text before a replacement) ends with an article followed by whitespace,
/// and that article agrees with `matched` but not with `restored`, returns where the article
/// starts in `before` and the article to write instead, in the article's case.
pub(crate) fn agreement(before: &str, matched: &str, restored: &str) -> Option<(usize, String)> {
    let head = before.trim_end();
    // An article before whitespace; the bytes it ends with settle most places at once.
    let ends_with_article = matches!(
        head.as_bytes(),
        [.., b'a' | b'A'] | [.., b'a' | b'A', b'n' | b'N']
    );
    if head.len() == before.len() || !ends_with_article {
        return None;
    }
    let start = head.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let article = &head[start..];
    if !article.eq_ignore_ascii_case("a") && !article.eq_ignore_ascii_case("an") {
        return None;
    }
    let spun = article_for(matched.split_whitespace().next()?)?;
    let wanted = article_for(restored.split_whitespace().next()?)?;
    if !article.eq_ignore_ascii_case(spun) || spun == wanted {
        return None;
    }
    let mut out = String::new();
    Case::of(article).apply(wanted, &mut out);
    Some((start, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_restored_word() {
        let cases = [
            ("for an ", "Accountable", "Responsible", Some((4, "a"))),
            ("An ", "important", "big", Some((0, "A"))),
            ("A ", "big", "important", Some((0, "An"))),
            ("a ", "brand new", "new", None),
            ("an ", "accountable", "honest", None),
            ("an ", "accountable", "university", Some((0, "a"))),
            ("a ", "huge", "FBI", None),
            ("banana ", "accountable", "responsible", None),
            ("an", "accountable", "responsible", None),
            ("an\n", "accountable", "responsible", Some((0, "a"))),
            ("a ", "accountable", "responsible", None),
        ];
        for (before, matched, restored, want) in cases {
            let got = agreement(before, matched, restored);
            let want = want.map(|(i, a): (usize, &str)| (i, a.to_owned()));
            assert_eq!(got, want, "{before:?} {matched:?} -> {restored:?}");
        }
    }
}

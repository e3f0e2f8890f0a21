//! Engine behaviour, table by table, on a small dictionary written for the tests.

use std::borrow::Cow;

use unspin::{Dictionary, MatcherKind, Options, Replacement, Restorer};

const DICTIONARY: &str = r#"
[sure]
"2 international locations" = "two countries"
"as well as," = "in addition,"
"based on folks accustomed to the matter" = "according to people familiar with the matter"
caf = "coffee"
tv = "television"
"Chinese language" = "Chinese"
"Commerce Division" = "Commerce Department"
"didn't reply to a request for remark" = "didn't respond to a request for comment"
"folks accustomed to" = "people familiar with"
"Nationwide Safety Council" = "National Security Council"
"request for remark" = "request for comment"
"secrets and techniques" = "secrets"
"Wall Road Journal" = "Wall Street Journal"
"White Home" = "White House"
"accountable agency" = "responsible agency"
"nice concept" = "good idea"
"z\u00fcrich financial institution" = "Z\u00fcrich bank"

[likely]
"most cancers" = { original = "cancer", not_after = ["are", "is"] }

[ambiguous]
army = { original = "military", not_before = ["u.s.", "salvation"] }
business = [{ original = "commercial", after = ["entities", "actions"] }, { original = "industry", before = ["for"] }]
enterprise = "business"
firms = "companies"
mentioned = "said"
officers = { original = "officials", before = ["u.s."], after = ["have", "said"] }
"#;

/// Three distinct sure entries: enough evidence for the ambiguous class.
const SPIN: &str = "The White Home and the Commerce Division talked to the Wall Road Journal.";
const SPIN_RESTORED: &str =
    "The White House and the Commerce Department talked to the Wall Street Journal.";

/// The test dictionary with default options, once per matcher.
fn restorer() -> Vec<Restorer> {
    restorer_with(Options::default())
}

fn restorer_with(options: Options) -> Vec<Restorer> {
    let mut dictionary = Dictionary::new("test");
    dictionary.add_toml("test.toml", DICTIONARY).unwrap();
    [MatcherKind::Words, MatcherKind::AhoCorasick]
        .into_iter()
        .map(|matcher| {
            Restorer::builder()
                .dictionary(dictionary.clone())
                .options(Options { matcher, ..options })
                .build()
                .unwrap()
        })
        .collect()
}

/// Checks each `(input, expected)` pair with every restorer; `None` means the input must come
/// back borrowed.
fn check(group: &str, restorers: &[Restorer], cases: &[(&str, Option<&str>)]) {
    for restorer in restorers {
        let matcher = restorer.options().matcher;
        for &(input, want) in cases {
            let got = restorer.restore(input);
            match want {
                None => assert!(
                    matches!(got, Cow::Borrowed(_)),
                    "{group} ({matcher:?}): {input:?} changed to {got:?}"
                ),
                Some(want) => assert_eq!(got, want, "{group} ({matcher:?}): {input:?}"),
            }
        }
    }
}

#[test]
fn phrases() {
    check(
        "phrases",
        &restorer(),
        &[
            (
                "It was secret, based on folks accustomed to the matter.",
                Some("It was secret, according to people familiar with the matter."),
            ),
            ("our secrets and techniques", Some("our secrets")),
            ("the 2 international locations", Some("the two countries")),
            ("the 12 international locations", None),
            (
                "ZTE didn’t reply to a request for remark.",
                Some("ZTE didn’t respond to a request for comment."),
            ),
            ("a request for remark", Some("a request for comment")),
            ("", None),
            ("No spin here at all.", None),
        ],
    );
}

#[test]
fn word_boundaries() {
    check(
        "boundaries",
        &restorer(),
        &[
            ("armyworm caf\u{e9} cafeteria", None),
            ("a caf", Some("a coffee")),
            ("caf-table", Some("coffee-table")),
            ("a caf\u{e9}", None),
            ("Zürich financial institution", Some("Zürich bank")),
            ("ZÜRICH FINANCIAL INSTITUTION", Some("ZÜRICH BANK")),
            ("bZürich financial institution", None),
            ("Zürich financial institutions", None),
            (
                "the Commerce Division's rules",
                Some("the Commerce Department's rules"),
            ),
            (
                "the Commerce Division’s rules",
                Some("the Commerce Department’s rules"),
            ),
            ("the Commerce Divisions", None),
            ("secrets and techniquesx", None),
            ("(secrets and techniques)", Some("(secrets)")),
            // An ideograph stands on a word boundary, right after a word or before one.
            ("secrets and techniques\u{7019}", Some("secrets\u{7019}")),
            ("\u{4e2d}secrets and techniques", Some("\u{4e2d}secrets")),
            ("secrets and techniques\u{e9}", None),
        ],
    );
}

#[test]
fn case() {
    check(
        "case",
        &restorer(),
        &[
            (
                "Based on folks accustomed to the matter",
                Some("According to people familiar with the matter"),
            ),
            (
                "BASED ON FOLKS ACCUSTOMED TO THE MATTER",
                Some("ACCORDING TO PEOPLE FAMILIAR WITH THE MATTER"),
            ),
            ("Secrets and techniques", Some("Secrets")),
            ("Chinese language spies", Some("Chinese spies")),
            ("CHINESE LANGUAGE SPIES", Some("CHINESE SPIES")),
            ("chinese language spies", None),
            ("White Home", Some("White House")),
            ("WHITE HOME", Some("WHITE HOUSE")),
            ("white home", None),
            ("the home of the white", None),
            (
                "Nationwide Safety Council",
                Some("National Security Council"),
            ),
            ("Nationwide safety council", None),
            ("As well as, Beijing", Some("In addition, Beijing")),
            ("tv or Tv", Some("television or Television")),
            ("TV", None),
            ("tV", None),
            ("WHITE HOME", Some("WHITE HOUSE")),
            ("as well as Beijing", None),
        ],
    );
}

#[test]
fn whitespace_and_apostrophes() {
    check(
        "whitespace",
        &restorer(),
        &[
            (
                "Based  on\tfolks accustomed to the matter",
                Some("According  to\tpeople familiar with the matter"),
            ),
            (
                "folks accustomed\nto the matter",
                Some("people familiar\nwith the matter"),
            ),
            ("folks accustomed\r\nto", Some("people familiar\r\nwith")),
            (
                "folks\u{a0}accustomed to",
                Some("people\u{a0}familiar with"),
            ),
            ("folks accustomed\n\nto", None),
            ("secrets and\ntechniques", None),
            (
                "didn't reply to a request for remark",
                Some("didn't respond to a request for comment"),
            ),
            (
                "didn\u{2019}t reply to a request for remark",
                Some("didn\u{2019}t respond to a request for comment"),
            ),
            (
                "\u{feff}secrets and techniques\r\n",
                Some("\u{feff}secrets\r\n"),
            ),
        ],
    );
}

#[test]
fn articles_agree_with_restored_words() {
    check(
        "articles",
        &restorer(),
        &[
            ("an accountable agency", Some("a responsible agency")),
            ("An accountable agency", Some("A responsible agency")),
            ("a nice concept", Some("a good idea")),
            ("an nice concept", Some("an good idea")),
            (
                "Bananas accountable agency",
                Some("Bananas responsible agency"),
            ),
            (
                "White Home, an accountable agency",
                Some("White House, a responsible agency"),
            ),
        ],
    );
}

#[test]
fn overlaps_and_adjacency() {
    check(
        "overlaps",
        &restorer(),
        &[
            // The longest phrase wins over the shorter one inside it.
            (
                "based on folks accustomed to the matter",
                Some("according to people familiar with the matter"),
            ),
            (
                "some folks accustomed to it",
                Some("some people familiar with it"),
            ),
            // Adjacent matches are each replaced.
            ("White Home White Home", Some("White House White House")),
            (
                "secrets and techniques secrets and techniques",
                Some("secrets secrets"),
            ),
            // A longer key that does not fit its case falls back to a shorter one.
            (
                "a request for remark was made",
                Some("a request for comment was made"),
            ),
        ],
    );
}

#[test]
fn gating_by_evidence_and_context() {
    let r = restorer();
    check(
        "no evidence",
        &r,
        &[
            ("The firms mentioned the army.", None),
            ("Most cancers are treatable.", None),
            ("Most cancers and secrets", None),
        ],
    );
    check(
        "evidence",
        &r,
        &[
            (
                &format!("{SPIN} The firms mentioned the army."),
                Some(
                    "The White House and the Commerce Department talked to the Wall Street Journal. The companies said the military.",
                ),
            ),
            (
                &format!("{SPIN} The U.S. army and the Salvation army."),
                Some(
                    "The White House and the Commerce Department talked to the Wall Street Journal. The U.S. army and the Salvation army.",
                ),
            ),
            (
                &format!("{SPIN} Intelligence officers have left; U.S. officers have said."),
                Some(
                    "The White House and the Commerce Department talked to the Wall Street Journal. Intelligence officers have left; U.S. officials have said.",
                ),
            ),
            (
                &format!("{SPIN} business actions for business"),
                Some(
                    "The White House and the Commerce Department talked to the Wall Street Journal. commercial actions for industry",
                ),
            ),
            (
                &format!("{SPIN} the business grew"),
                Some(
                    "The White House and the Commerce Department talked to the Wall Street Journal. the business grew",
                ),
            ),
            // A chain: "enterprise" gives "business", which is not restored again.
            (
                &format!("{SPIN} enterprise"),
                Some(
                    "The White House and the Commerce Department talked to the Wall Street Journal. business",
                ),
            ),
            (
                "secrets and techniques of most cancers",
                Some("secrets of cancer"),
            ),
            (
                "White Home: most cancers is rising",
                Some("White House: most cancers is rising"),
            ),
            (
                "White Home: most cancers rising",
                Some("White House: cancer rising"),
            ),
        ],
    );
}

#[test]
fn evidence_counts_only_nearby_and_distinct() {
    let narrow = restorer_with(Options {
        window: 200,
        ..Options::default()
    });
    let filler = " filler".repeat(60);
    let far = format!("{SPIN}{filler} firms");
    let far_restored = format!("{SPIN_RESTORED}{filler} firms");
    let near = format!("{SPIN} firms");
    let near_restored = format!("{SPIN_RESTORED} companies");
    check(
        "window",
        &narrow,
        &[(&far, Some(&far_restored)), (&near, Some(&near_restored))],
    );
    let repeated = "White Home, White Home, White Home: firms";
    let repeated_restored = "White House, White House, White House: firms";
    check("distinct", &narrow, &[(repeated, Some(repeated_restored))]);
    let strict = restorer_with(Options {
        min_evidence: 4,
        ..Options::default()
    });
    let restored = format!("{SPIN_RESTORED} firms");
    check("threshold", &strict, &[(&near, Some(&restored))]);
}

#[test]
fn invalid_utf8_passes_through() {
    let r = &restorer()[0];
    let input = b"\xffsecrets and techniques \xfe\xfd White Home\xc3";
    assert_eq!(
        &*r.restore_bytes(input),
        b"\xffsecrets \xfe\xfd White House\xc3"
    );
    let clean = b"plain \xff text";
    assert!(matches!(r.restore_bytes(clean), Cow::Borrowed(_)));
}

#[test]
fn replacements_point_at_their_input() {
    let r = &restorer()[0];
    let text = "Ünd the White Home, based on folks accustomed to the matter.";
    let found = r.find(text);
    let spans: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|f| {
            (
                &text[f.span.clone()],
                f.text.as_str(),
                r.entry(f.entry).spun.as_str(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("White Home", "White House", "White Home"),
            (
                "based on folks accustomed to the matter",
                "according to people familiar with the matter",
                "based on folks accustomed to the matter"
            ),
        ]
    );
}

#[test]
fn restorer_is_shareable() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Restorer>();
    send_sync::<Dictionary>();
}

#[test]
fn user_entries_override_builtin_ones() {
    let mut user = Dictionary::new("user");
    user.add_toml("user.toml", "[sure]\n\"White Home\" = \"WH\"\n")
        .unwrap();
    let mut base = Dictionary::new("base");
    base.add_toml("base.toml", DICTIONARY).unwrap();
    let r = Restorer::builder()
        .dictionary(user)
        .dictionary(base)
        .build()
        .unwrap();
    assert_eq!(r.restore("the White Home"), "the WH");
    assert_eq!(r.entries().filter(|e| e.spun == "White Home").count(), 1);
}

/// A small deterministic generator (xorshift), so the test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

#[test]
fn random_texts_never_break_the_output() {
    const PIECES: &[&str] = &[
        "based on folks accustomed to the matter",
        "White Home",
        "WHITE HOME",
        "secrets and",
        "techniques",
        "mentioned",
        "firms",
        "army",
        "officers",
        "U.S.",
        "an",
        "a",
        "accountable",
        "agency",
        "nice",
        "concept",
        "2",
        "international",
        "locations",
        "caf\u{e9}",
        "Z\u{fc}rich",
        "\u{130}stanbul",
        "stra\u{1e9e}e",
        "\u{fb01}rms",
        "didn\u{2019}t",
        "reply",
        "to",
        "request",
        "for",
        "remark",
        "e\u{301}t\u{e9}",
        "\u{1f600}",
        "\u{feff}",
        ",",
        ".",
        "'s",
        "\u{2019}s",
        "-",
        "(",
        ")",
        "\u{201c}",
        "\u{201d}",
        "most",
        "cancers",
        "tv",
        "TV",
    ];
    const GAPS: &[&str] = &[
        " ", " ", " ", "  ", "\t", "\n", "\r\n", "\n\n", "\u{a0}", "",
    ];
    let restorers = restorer();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.below(40) {
            text.push_str(rng.pick(PIECES));
            text.push_str(rng.pick(GAPS));
        }
        for r in &restorers {
            let found = r.find(&text);
            let mut last = 0;
            let mut spliced = String::new();
            for f in &found {
                assert!(f.span.start >= last, "{text:?}: overlapping {found:?}");
                assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
                spliced.push_str(&text[last..f.span.start]);
                spliced.push_str(&f.text);
                last = f.span.end;
            }
            spliced.push_str(&text[last..]);
            assert_eq!(r.restore(&text), spliced, "{text:?}");
            let mut bytes = text.clone().into_bytes();
            bytes.insert(rng.below(bytes.len() + 1), 0xff);
            let _ = r.restore_bytes(&bytes);
        }
        assert_eq!(
            restorers[0].find(&text),
            restorers[1].find(&text),
            "{text:?}"
        );
    }
}

#[test]
fn likely_entries_of_different_dictionaries_do_not_vouch_for_each_other() {
    let dictionary = |name: &str, toml: &str| {
        let mut d = Dictionary::new(name);
        d.add_toml("x.toml", toml).unwrap();
        d
    };
    let news = dictionary(
        "news",
        "[likely]\n\"streaming large\" = \"streaming giant\"\n",
    );
    let science = dictionary(
        "science",
        "[sure]\n\"counterfeit consciousness\" = \"artificial intelligence\"\n[likely]\n\"character check\" = \"identity verification\"\n",
    );
    let r = Restorer::builder()
        .dictionary(news)
        .dictionary(science)
        .build()
        .unwrap();
    let clean = "A character check slowed streaming large files.";
    assert_eq!(r.restore(clean), clean);
    assert_eq!(
        r.restore("A counterfeit consciousness and a streaming large firm."),
        "An artificial intelligence and a streaming giant firm."
    );
}

/// A text longer than 32-bit offsets reach is searched in parts, and the replacements past
/// the first 4 GiB land where they belong. Run it with
/// `cargo test --release --test tests -- --ignored longer_than_4_gib` (4.4 GB of memory).
#[test]
#[ignore = "builds a 4.4 GB text"]
fn a_text_longer_than_4_gib() {
    let words = &restorer()[0];
    let clean = "The committee met on Tuesday, and the report was read aloud in full.\n\n";
    let mut text = String::with_capacity((4 << 30) + (128 << 20));
    text += SPIN;
    text += "\n\n";
    while text.len() < (4 << 30) + (64 << 20) {
        text += clean;
    }
    let tail = text.len();
    text += SPIN;
    let found = words.find(&text);
    let spun: Vec<&str> = found.iter().map(|r| &text[r.span.clone()]).collect();
    let keys = ["White Home", "Commerce Division", "Wall Road Journal"];
    assert_eq!(spun, [keys, keys].concat());
    let past: Vec<Replacement> = found[3..]
        .iter()
        .map(|r| Replacement {
            span: r.span.start - tail..r.span.end - tail,
            ..r.clone()
        })
        .collect();
    let restored = unspin::apply(&text.as_bytes()[tail..], &past);
    assert_eq!(restored, SPIN_RESTORED.as_bytes());
}

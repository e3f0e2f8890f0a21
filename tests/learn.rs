//! Learning entries from pairs, and measuring restorations with `unspin::eval`.

use unspin::eval::{Closure, Evaluation};
use unspin::learn::{Learner, substitutions};
use unspin::{Dictionary, Restorer};

use crate::spinner::{clean_documents, spin};
use crate::util::{builtin, data, run, write};

/// The share of the distance that a dictionary learned from half of the simulated pairs must
/// close on the other half.
const LEARNED_FLOOR: f64 = 0.18;

#[test]
fn substitutions_by_table() {
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            "According to people familiar with the matter, it fell.",
            "Based on folks accustomed to the matter, it fell.",
            &[(
                "Based on folks accustomed to",
                "According to people familiar with",
            )],
        ),
        (
            "Our secrets.",
            "Our secrets and techniques.",
            &[("secrets and techniques", "secrets")],
        ),
        (
            "the White House said",
            "the White Home mentioned",
            &[("Home mentioned", "House said")],
        ),
        ("Nothing changed here.", "Nothing changed here.", &[]),
    ];
    for &(original, spun, expected) in cases {
        let found: Vec<(String, String)> = substitutions(original, spun)
            .into_iter()
            .map(|s| (s.spun, s.original))
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|&(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        assert_eq!(found, expected, "{spun}");
    }
}

#[test]
fn learning_merges_pairs_and_splits_word_swaps() {
    let mut learner = Learner::new();
    learner.add("The White House said so.", "The White Home mentioned so.");
    learner.add(
        "They said no. The House met.",
        "They mentioned no. The Home met.",
    );
    learner.add(
        "Based on data, they said it.",
        "Based on information, they mentioned it.",
    );
    let learned: Vec<(String, String, usize)> = learner
        .learned()
        .into_iter()
        .map(|l| (l.spun, l.original, l.count))
        .collect();
    assert_eq!(
        learned,
        [
            ("Home mentioned".to_owned(), "House said".to_owned(), 1),
            ("Home".to_owned(), "House".to_owned(), 1),
            ("information".to_owned(), "data".to_owned(), 1),
            ("mentioned".to_owned(), "said".to_owned(), 2),
        ]
    );
    let toml = learner.to_toml(Some(builtin()));
    let mut dictionary = Dictionary::new("learned");
    dictionary.add_toml("learned.toml", &toml).unwrap();
    assert!(toml.contains("\"mentioned\" = \"said\"  # seen 2x: \"They _ no\", \"they _ it\"; known \"said\" in news"), "{toml}");
}

#[test]
fn a_dictionary_learned_from_half_the_pairs_restores_the_other_half() {
    let docs = clean_documents();
    let mut learner = Learner::new();
    for (i, doc) in docs.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        learner.add(doc, &spin(doc, i as u64));
    }
    let mut dictionary = Dictionary::new("learned");
    dictionary
        .add_toml("learned.toml", &learner.to_toml(None))
        .unwrap();
    let learned = Restorer::builder().dictionary(dictionary).build().unwrap();
    let (mut with_learned, mut with_builtin) = (zero(), zero());
    let mut damaged = 0;
    for (i, doc) in docs.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
        let spun = spin(doc, i as u64);
        let e = Evaluation::measure(doc, &spun, &learned.restore(&spun));
        add(&mut with_learned, e.closure);
        damaged += e.damaged;
        add(
            &mut with_builtin,
            Closure::measure(doc, &spun, &builtin().restore(&spun)),
        );
    }
    eprintln!(
        "held-out half: learned dictionary closes {:.3} ({damaged} damaged tokens), built-in {:.3}",
        with_learned.share(),
        with_builtin.share()
    );
    assert!(
        with_learned.share() >= LEARNED_FLOOR,
        "{:.3}",
        with_learned.share()
    );
}

fn zero() -> Closure {
    Closure {
        spun: 0,
        restored: 0,
    }
}

fn add(total: &mut Closure, c: Closure) {
    total.spun += c.spun;
    total.restored += c.restored;
}

#[test]
fn learn_and_eval_commands() {
    let dir = tempfile::tempdir().unwrap();
    let docs = clean_documents();
    let mut args = vec!["learn".to_owned()];
    for (i, doc) in docs.iter().enumerate().take(4) {
        let original = write(&dir, &format!("{i}.original.txt"), doc.as_bytes());
        let spun = write(
            &dir,
            &format!("{i}.spun.txt"),
            spin(doc, i as u64).as_bytes(),
        );
        args.extend(["--original".to_owned(), original, "--spun".to_owned(), spun]);
    }
    let out_file = dir.path().join("learned.toml").display().to_string();
    args.extend(["-o".to_owned(), out_file.clone()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = run(&args, b"");
    assert_eq!(code, 0, "{err}");
    let toml = std::fs::read_to_string(&out_file).unwrap();
    assert!(toml.contains("# seen "), "{toml}");
    assert!(toml.contains("known "), "{toml}");
    Dictionary::load(std::path::Path::new(&out_file)).unwrap();
    let (code, _, err) = run(
        &["learn", "--original", "a", "--original", "b", "--spun", "c"],
        b"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("2 --original but 1 --spun"), "{err}");

    // `eval` prints what `Evaluation` measures.
    let original = data("pairs/01-stopgap-spending-bill.original.txt");
    let spun = data("pairs/01-stopgap-spending-bill.spun.txt");
    let (o, s) = (
        std::fs::read_to_string(&original).unwrap(),
        std::fs::read_to_string(&spun).unwrap(),
    );
    let e = Evaluation::measure(&o, &s, &builtin().restore(&s));
    let (code, out, err) = run(
        &[
            "eval",
            "--original",
            original.to_str().unwrap(),
            "--spun",
            spun.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(
            "closed {:.1}% of the distance to the original ({} token edits before, {} after)\n\
             changed {} tokens, {} of them already right\n",
            e.closure.share() * 100.0,
            e.closure.spun,
            e.closure.restored,
            e.changed,
            e.damaged
        )
    );
}

//! The command line, run as a separate process on real files.

use std::io::Read;
use std::process::Stdio;

use tempfile::TempDir;

use crate::util::{RESTORED, SPUN, data, run, unspin, write};

#[test]
fn stdin_to_stdout() {
    let (code, out, err) = run(&[], SPUN.as_bytes());
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(String::from_utf8(out).unwrap(), RESTORED);
}

#[test]
fn files_in_turn_and_dash_for_stdin() {
    let dir = TempDir::new().unwrap();
    let a = write(&dir, "a.txt", b"Our secrets and techniques.\r\n");
    let b = write(&dir, "b.txt", b"Clean text, untouched.");
    let (code, out, _) = run(&[&a, "-", &b], SPUN.as_bytes());
    assert_eq!(code, 0);
    let want = format!("Our secrets.\r\n{RESTORED}Clean text, untouched.");
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

#[test]
fn restores_the_example_article() {
    let path = data("examples/spun-news-article.txt");
    let (code, out, _) = run(&[path.to_str().unwrap()], b"");
    assert_eq!(code, 0);
    let out = String::from_utf8(out).unwrap();
    for restored in [
        "according to people familiar with the matter",
        "The Wall Street Journal has reported",
        "the White House has said",
        "National Security Council spokesman",
        "our own secrets and our own national security",
        "Office of the Director of National Intelligence",
        "Select Committee on the Chinese Communist Party",
        "House Foreign Affairs Committee",
        "ZTE didn’t respond to a request for comment.",
        "the two countries",
        "intelligence officers",
    ] {
        assert!(out.contains(restored), "missing {restored:?} in:\n{out}");
    }
}

#[test]
fn user_dictionaries() {
    let dir = TempDir::new().unwrap();
    let dict = write(
        &dir,
        "mine.toml",
        b"[sure]\n\"White Home\" = \"Casa Blanca\"\n\"frobbed widget\" = \"widget\"\n",
    );
    let (code, out, _) = run(
        &["--dict", &dict],
        b"The White Home and our frobbed widget and secrets and techniques.",
    );
    assert_eq!(code, 0);
    assert_eq!(out, b"The Casa Blanca and our widget and secrets.");
    let (code, out, _) = run(
        &["--dict", &dict, "--no-builtin"],
        b"The White Home and secrets and techniques.",
    );
    assert_eq!(code, 0);
    assert_eq!(out, b"The Casa Blanca and secrets and techniques.");
    // A folder of dictionary files is one dictionary.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.toml"),
        "[sure]\n\"frobbed gadget\" = \"gadget\"\n",
    )
    .unwrap();
    let (code, out, _) = run(
        &["--no-builtin", "--dict", folder.to_str().unwrap()],
        b"a frobbed gadget",
    );
    assert_eq!((code, out.as_slice()), (0, &b"a gadget"[..]));
}

#[test]
fn tortured_phrases_can_be_switched_off() {
    let text = b"We train a counterfeit consciousness with profound learning.";
    let (_, out, _) = run(&[], text);
    assert_eq!(
        out,
        b"We train an artificial intelligence with deep learning."
    );
    let (_, out, _) = run(&["--no-tortured"], text);
    assert_eq!(out, text);
}

#[test]
fn bad_dictionary_names_file_and_line() {
    let dir = TempDir::new().unwrap();
    let dict = write(&dir, "bad.toml", b"[sure]\n\"ok\" = \"fine\"\n\"x\" = 3\n");
    let (code, out, err) = run(&["--dict", &dict], b"text");
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(err.starts_with(&format!("error: {dict}:3: ")), "{err}");
    let (code, _, err) = run(&["--dict", "/no/such/dict.toml"], b"text");
    assert_ne!(code, 0);
    assert!(err.starts_with("error: /no/such/dict.toml: "), "{err}");
}

#[test]
fn unreadable_file_is_reported_and_the_rest_go_on() {
    let dir = TempDir::new().unwrap();
    let good = write(&dir, "good.txt", b"secrets and techniques\n");
    let missing = dir.path().join("missing.txt").display().to_string();
    let (code, out, err) = run(&[&missing, &good], b"");
    assert_eq!(code, 2);
    assert_eq!(out, b"secrets\n");
    assert!(err.starts_with(&format!("error: {missing}: ")), "{err}");
}

#[test]
fn bytes_pass_through() {
    let input = b"\xef\xbb\xbfsecrets and techniques \xff\xfe\r\n\tclean\ttext  \r\n";
    let (code, out, _) = run(&[], input);
    assert_eq!(code, 0);
    assert_eq!(out, b"\xef\xbb\xbfsecrets \xff\xfe\r\n\tclean\ttext  \r\n");
    let clean = std::fs::read(
        data("clean")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    let (_, out, _) = run(&[], &clean);
    assert_eq!(out, clean);
}

#[test]
fn closed_stdout_is_a_normal_end() {
    let dir = TempDir::new().unwrap();
    let big = write(&dir, "big.txt", SPUN.repeat(200_000).as_bytes());
    let mut child = unspin()
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert_eq!(err, "");
}

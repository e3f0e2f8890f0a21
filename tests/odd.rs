//! Odd inputs, small ones: empty, binary, NUL bytes, no final newline, lone surrogates and
//! raw invalid UTF-8 in JSON. Each gives exact output bytes, exit status and message.

use tempfile::TempDir;

use crate::util::{run, write};

/// A PNG header: not text, with NUL bytes in its first line.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10secrets and techniques\n";

/// One case: the arguments (`FILE` stands for a file holding `input`, `DIR` for a folder
/// holding it as `DIR/in.txt`, and without either the input is standard input), the exit
/// status, the standard output, and a part of standard error (`FILE` and `DIR` stand for the
/// same paths; empty: nothing at all).
struct Case {
    args: &'static [&'static str],
    input: &'static [u8],
    code: i32,
    out: &'static [u8],
    err: &'static str,
}

const CASES: &[Case] = &[
    // Empty inputs.
    Case {
        args: &[],
        input: b"",
        code: 0,
        out: b"",
        err: "",
    },
    Case {
        args: &["FILE"],
        input: b"",
        code: 0,
        out: b"",
        err: "",
    },
    Case {
        args: &["--jsonl"],
        input: b"",
        code: 0,
        out: b"",
        err: "1 input, 0 documents",
    },
    Case {
        args: &["--jsonl", "FILE"],
        input: b"",
        code: 0,
        out: b"",
        err: "1 input, 0 documents",
    },
    Case {
        args: &["-i", "DIR"],
        input: b"",
        code: 0,
        out: b"",
        err: "1 input, 1 document, 0 changed",
    },
    // A byte-order mark alone, carriage returns alone, no final newline.
    Case {
        args: &[],
        input: b"\xef\xbb\xbf",
        code: 0,
        out: b"\xef\xbb\xbf",
        err: "",
    },
    Case {
        args: &[],
        input: b"secrets and techniques\rnext",
        code: 0,
        out: b"secrets\rnext",
        err: "",
    },
    Case {
        args: &["--jsonl", "-q"],
        input: b"{\"text\":\"secrets and techniques\"}",
        code: 0,
        out: b"{\"text\":\"secrets\"}",
        err: "",
    },
    // NUL bytes: text around them is restored in a file named on the command line; a file
    // found in a folder with a NUL in its first 8 KiB is binary, and skipped.
    Case {
        args: &["FILE"],
        input: b"secrets and techniques\0 ok",
        code: 0,
        out: b"secrets\0 ok",
        err: "",
    },
    Case {
        args: &["DIR"],
        input: b"secrets and techniques\0 ok",
        code: 0,
        out: b"",
        err: "1 binary file skipped",
    },
    Case {
        args: &["DIR"],
        input: PNG,
        code: 0,
        out: b"",
        err: "1 binary file skipped",
    },
    Case {
        args: &["--jsonl", "DIR"],
        input: PNG,
        code: 0,
        out: b"",
        err: "1 binary file skipped",
    },
    Case {
        args: &["--jsonl", "FILE"],
        input: PNG,
        code: 2,
        out: b"",
        err: "error: FILE:1: not valid UTF-8 at byte 1 (--keep-going passes such records through)",
    },
    Case {
        args: &["--jsonl"],
        input: b"{\"text\":\"secrets and techniques\0\"}\n",
        code: 2,
        out: b"",
        err: "error: <stdin>:1: not valid JSON at column 32: control character in a string",
    },
    // Escaped NUL and lone surrogates stay as they are written.
    Case {
        args: &["--jsonl", "-q"],
        input: b"{\"text\":\"secrets and techniques \\u0000 \\udc00 x \\ud800x \\ud800\"}\n",
        code: 0,
        out: b"{\"text\":\"secrets \\u0000 \\udc00 x \\ud800x \\ud800\"}\n",
        err: "",
    },
    // Raw invalid UTF-8 in a record stops the run, or passes through with --keep-going.
    Case {
        args: &["--jsonl"],
        input: b"{\"text\":\"secrets and techniques \xff\"}\n",
        code: 2,
        out: b"",
        err: "error: <stdin>:1: not valid UTF-8 at byte 33 (--keep-going passes",
    },
    Case {
        args: &["--jsonl", "--keep-going"],
        input:
            b"{\"text\":\"secrets and techniques \xff\"}\n{\"text\":\"secrets and techniques\"}\n",
        code: 0,
        out: b"{\"text\":\"secrets and techniques \xff\"}\n{\"text\":\"secrets\"}\n",
        err: "<stdin>:1: not valid UTF-8 at byte 33",
    },
    // Invalid UTF-8 in plain text passes through; the text around it is restored.
    Case {
        args: &["FILE"],
        input: b"\xc3secrets and techniques\xff\xfe",
        code: 0,
        out: b"\xc3secrets\xff\xfe",
        err: "",
    },
];

#[test]
fn odd_inputs() {
    for (i, case) in CASES.iter().enumerate() {
        let dir = TempDir::new().unwrap();
        let file = write(&dir, "in.txt", case.input);
        let folder = dir.path().join("folder");
        write(&dir, "folder/in.txt", case.input);
        let folder = folder.to_str().unwrap();
        let args: Vec<&str> = case
            .args
            .iter()
            .map(|&a| match a {
                "FILE" => file.as_str(),
                "DIR" => folder,
                a => a,
            })
            .collect();
        let named = case.args.iter().any(|&a| a == "FILE" || a == "DIR");
        let stdin = if named { &b""[..] } else { case.input };
        let (code, out, err) = run(&args, stdin);
        let label = format!("case {i}: {:?}", case.args);
        assert_eq!(code, case.code, "{label}: {err}");
        assert_eq!(out, case.out, "{label}: {err}");
        let want = case.err.replace("FILE", &file).replace("DIR", folder);
        if want.is_empty() {
            assert_eq!(err, "", "{label}");
        } else {
            assert!(err.contains(&want), "{label}: {want:?} in {err:?}");
        }
        assert!(!err.contains("panicked"), "{label}: {err}");
    }
}

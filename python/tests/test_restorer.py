import pickle
import subprocess
import threading
from pathlib import Path

import pytest

import unspin

SPUN = "Based on folks accustomed to the matter, the White Home mentioned its secrets and techniques."
RESTORED = "According to people familiar with the matter, the White House said its secrets."
CLEAN = "The officers mentioned the army's home in passing."


@pytest.fixture(scope="module")
def restorer() -> unspin.Restorer:
    return unspin.Restorer()


def test_restore(restorer):
    assert restorer.restore(SPUN) == RESTORED
    assert restorer.restore(CLEAN) is CLEAN
    assert restorer.restore("") == ""


def test_matches_the_command_line(restorer, corpus):
    changed = 0
    for text, expected in corpus.items():
        assert restorer.restore(text) == expected
        changed += expected != text
    assert changed > 10


def test_restore_batch(restorer, corpus):
    items = list(corpus) * 3
    assert restorer.restore_batch(items) == [corpus[t] for t in items]
    assert restorer.restore_batch([]) == []
    batch = restorer.restore_batch([CLEAN, SPUN])
    assert batch[0] is CLEAN and batch[1] == RESTORED
    assert restorer.restore_batch((SPUN,)) == [RESTORED]
    with pytest.raises(TypeError):
        restorer.restore_batch(SPUN)
    with pytest.raises(TypeError):
        restorer.restore_batch([SPUN, None])


def test_threads_share_a_restorer(restorer, corpus):
    items = list(corpus)
    results = [None] * 4

    def work(i):
        results[i] = [restorer.restore(t) for t in items]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == [corpus[t] for t in items] for r in results)


def test_non_ascii_and_surrogates(restorer):
    text = "Ça va — " + SPUN + " 🎉"
    assert restorer.restore(text) == "Ça va — " + RESTORED + " 🎉"
    with pytest.raises(UnicodeEncodeError):
        restorer.restore("\ud800")


def test_check(restorer):
    spun = restorer.check(SPUN)
    assert spun.verdict in ("spun", "unclear")
    assert spun.hits > 0 and spun.words > 10 and spun.score > 0
    clean = restorer.check(CLEAN)
    assert clean.verdict == "clean" and clean.hits == 0
    assert "verdict=" in repr(clean)


def test_check_matches_the_command_line(restorer, unspin_cli, tmp_path):
    example = Path(__file__).resolve().parents[2] / "tests/data/examples/spun-news-article.txt"
    out = subprocess.run(
        [unspin_cli, "check", str(example)], capture_output=True, text=True
    ).stdout
    check = restorer.check(example.read_text(encoding="utf-8"))
    assert check.verdict in out
    assert f"{check.score:.1f}" in out


def test_explain_offsets_are_characters(restorer):
    prefix = "Ça — 🎉 "
    text = prefix + SPUN
    changes = restorer.explain(text)
    assert changes and all(c.applied for c in changes)
    rebuilt, at = [], 0
    for c in changes:
        assert text[c.start : c.end] == c.text
        rebuilt.append(text[at : c.start] + c.restored)
        at = c.end
    assert "".join(rebuilt) + text[at:] == prefix + RESTORED
    first = changes[0]
    assert first.start == len(prefix)
    assert first.kind in ("sure", "likely", "ambiguous")
    assert first.dictionary and first.file and first.line > 0
    held = [c for c in restorer.explain(CLEAN, all=True) if not c.applied]
    assert held and all(c.restored is None and c.evidence < c.needed for c in held)
    assert restorer.explain(CLEAN) == []


def test_options(restorer):
    assert unspin.Restorer(builtin=False).restore(SPUN) == SPUN
    assert unspin.Restorer(builtin=False).entries == 0
    assert unspin.Restorer(tortured=False).entries < restorer.entries
    tortured = "We used counterfeit consciousness and profound learning on the data."
    assert restorer.restore(tortured) != unspin.Restorer(tortured=False).restore(tortured)
    assert "min_evidence=3" in repr(restorer)


def test_own_dictionary_comes_first(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[sure]\n"White Home" = "Whitehouse"\n', encoding="utf-8")
    r = unspin.Restorer([mine])
    assert "Whitehouse" in r.restore(SPUN)
    assert unspin.Restorer([str(mine)], builtin=False).restore("the White Home") == "the Whitehouse"


def test_dictionary_errors_read_as_the_command_line(tmp_path, unspin_cli):
    bad = tmp_path / "bad.toml"
    bad.write_text('[sure]\n"a b" = "c"\n"oops\n', encoding="utf-8")
    cli = subprocess.run([unspin_cli, "--dict", str(bad)], input="", capture_output=True, text=True)
    assert cli.returncode == 2
    with pytest.raises(unspin.DictionaryError) as raised:
        unspin.Restorer([bad])
    assert cli.stderr.strip() == f"error: {raised.value}"
    assert raised.value.file == str(bad)
    assert isinstance(raised.value, ValueError)
    with pytest.raises(unspin.DictionaryError, match="missing"):
        unspin.Restorer([tmp_path / "missing.toml"])


def test_pickle_and_cache(restorer):
    original = unspin.Restorer(tortured=False, min_evidence=4)
    copy = pickle.loads(pickle.dumps(original))
    assert repr(copy) == repr(original)
    assert "tortured=False, min_evidence=4" in repr(copy)
    assert copy.restore(SPUN) == original.restore(SPUN) != restorer.restore(SPUN)
    assert unspin.cached_restorer() is unspin.cached_restorer(None, True, True, 3)
    assert unspin.cached_restorer(min_evidence=5) is not unspin.cached_restorer()

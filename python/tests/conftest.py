"""Shared fixtures: the repository's test texts and the command line's output for them."""

import os
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def cli() -> str:
    """The `unspin` command: $UNSPIN_CLI, or the debug build of this checkout (built if needed)."""
    given = os.environ.get("UNSPIN_CLI")
    if given:
        return given
    subprocess.run(["cargo", "build", "--quiet", "--bin", "unspin"], cwd=ROOT, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return str(target / "debug" / "unspin")


def texts() -> List[str]:
    """Every text file under tests/data, and the first paragraph of each: spun and clean prose."""
    whole = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.txt"))]
    firsts = [t.split("\n\n")[0] for t in whole]
    return whole + [t for t in firsts if t not in whole]


@pytest.fixture(scope="session")
def unspin_cli() -> str:
    return cli()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, unspin_cli: str) -> Dict[str, str]:
    """Each test text, mapped to what `unspin` prints for it as a file."""
    src = tmp_path_factory.mktemp("texts")
    out = tmp_path_factory.mktemp("restored")
    items = texts()
    for i, text in enumerate(items):
        (src / f"{i:04}.txt").write_text(text, encoding="utf-8")
    subprocess.run([unspin_cli, "--out-dir", str(out), str(src)], check=True)
    restored = {}
    for i, text in enumerate(items):
        found = list(out.rglob(f"{i:04}.txt"))
        assert len(found) == 1, f"no single output for text {i}: {found}"
        restored[text] = found[0].read_text(encoding="utf-8")
    return restored

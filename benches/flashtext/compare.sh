#!/bin/sh
# Compares unspin with Python's flashtext (`KeywordProcessor.replace_keywords`): the same
# entries, the same generated text, one thread each. Not part of the test suite.
#
#   benches/flashtext/compare.sh            # 2 MB of text
#   SIZE=10MB benches/flashtext/compare.sh
set -eu
cd "$(dirname "$0")/../.."
work=target/flashtext
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet flashtext==2.7
fi
cargo build --release --quiet
./target/release/unspin dict list --format json > "$work/entries.json"
./target/release/unspin bench --size "${SIZE:-2MB}" -j 1 --json \
    --save-text "$work/text.txt" > "$work/unspin.json"
"$work/venv/bin/python" benches/flashtext/compare.py "$work/entries.json" "$work/text.txt" "$work/unspin.json"

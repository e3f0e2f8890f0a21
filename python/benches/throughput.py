"""Throughput of restore_batch and restore_arrow against `unspin --jsonl` on the same articles.

    python/dev.sh install
    cargo build --release
    target/pyenv/bin/python python/benches/throughput.py --cli target/release/unspin --rows 20000 60000

The articles cycle through the texts under tests/data (spun and clean); each size is timed
three times and the best run is kept. The command line's time includes its start-up and
dictionary load; the Python times do not include building the Restorer (done once).
"""

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pyarrow as pa

import unspin

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"


def best(runs, work):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True, help="the unspin binary")
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.txt"))]
    restorer = unspin.Restorer()
    for rows in args.rows:
        articles = [texts[i % len(texts)] for i in range(rows)]
        size = sum(len(t.encode()) for t in articles) / 1e6
        column = pa.array(articles, pa.large_string())
        with tempfile.TemporaryDirectory() as tmp:
            jsonl = os.path.join(tmp, "articles.jsonl")
            with open(jsonl, "w", encoding="utf-8") as f:
                for i, t in enumerate(articles):
                    f.write(json.dumps({"id": i, "text": t}) + "\n")
            cli = best(
                args.runs,
                lambda: subprocess.run(
                    [args.cli, "--jsonl", jsonl, "-o", os.path.join(tmp, "out.jsonl")], check=True
                ),
            )
        batch = best(args.runs, lambda: restorer.restore_batch(articles))
        arrow = best(args.runs, lambda: restorer.restore_arrow(column))
        print(f"{rows} articles, {size:.0f} MB:")
        for name, seconds in [("unspin --jsonl", cli), ("restore_batch", batch), ("restore_arrow", arrow)]:
            print(f"  {name:15} {seconds:6.2f} s  {size / seconds:6.1f} MB/s  ({cli / seconds:.2f} x the CLI)")


if __name__ == "__main__":
    main()

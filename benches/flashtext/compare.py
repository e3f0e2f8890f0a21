"""Times flashtext's replace_keywords on the entries and text that unspin bench used, and
prints both throughputs and their ratio."""

import json
import sys
import time

from flashtext import KeywordProcessor


def main(entries_path, text_path, unspin_path):
    with open(entries_path, encoding="utf-8") as f:
        entries = json.load(f)
    with open(text_path, encoding="utf-8") as f:
        text = f.read()
    with open(unspin_path, encoding="utf-8") as f:
        unspin = json.load(f)

    started = time.perf_counter()
    processor = KeywordProcessor(case_sensitive=False)
    for entry in entries:
        processor.add_keyword(entry["spun"], entry["original"])
    build = time.perf_counter() - started

    started = time.perf_counter()
    restored = processor.replace_keywords(text)
    seconds = time.perf_counter() - started
    size = len(text.encode("utf-8"))
    flashtext_mb_s = size / 1e6 / seconds

    print(f"entries              {len(entries)}")
    print(f"text                 {size / 1e6:.1f} MB")
    print(f"flashtext build      {build * 1e3:.0f} ms")
    print(f"flashtext replace    {seconds:.2f} s, {flashtext_mb_s:.2f} MB/s")
    print(f"unspin build         {unspin['build_ms']:.0f} ms")
    print(f"unspin restore       {unspin['seconds']:.2f} s, {unspin['mb_per_s']:.2f} MB/s (1 thread)")
    print(f"ratio                {unspin['mb_per_s'] / flashtext_mb_s:.1f}x")
    assert len(restored) > 0


if __name__ == "__main__":
    main(*sys.argv[1:4])

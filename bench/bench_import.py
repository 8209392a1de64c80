"""Importer throughput: the five seeds concatenated and repeated.

Prints MB/s of Markdown in (parse + build + YAML text). Budget: >= 1 MB/s.
Usage: python bench/bench_import.py [--repeat N] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mkdocs_runbooks.importer import import_markdown

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = ap.parse_args()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    if not seeds:
        print(f"no seeds in {args.seeds}")
        return 1
    one = "\n\n".join(seeds)
    big = "\n\n".join([one] * args.repeat)
    for label, text in (("each seed", None), (f"all seeds x{args.repeat}", big)):
        start = time.perf_counter()
        size = 0
        if text is None:
            for _ in range(5):
                for s in seeds:
                    import_markdown(s)
                    size += len(s.encode("utf-8"))
        else:
            result = import_markdown(text)
            size = len(text.encode("utf-8"))
        elapsed = time.perf_counter() - start
        print(f"{label:>20}: {size / 1e6:7.2f} MB in {elapsed:6.2f} s = {size / 1e6 / elapsed:5.2f} MB/s")
    print(f"{'output':>20}: {len(result.yaml) / 1e6:7.2f} MB YAML, {len(result.warnings)} warnings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

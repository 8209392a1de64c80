"""Importer throughput in MB/s of Markdown in (parse + build + YAML text).

Budget: >= 1 MB/s. The machine is shared and noisy, so every figure is the
best of N runs, both wall-clock and CPU time of this process (CPU time is
what the importer costs; wall-clock also counts time other jobs held the CPU).
The verdict uses the slowest CPU-time figure (the wall-clock one, printed for
information, swings with whatever else the shared 2-core machine is running).

Usage: python bench/bench_import.py [--runs N] [--repeat N] [--seeds DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mkdocs_runbooks.importer import import_markdown

# shared/ sits beside the repository (or, for a worktree, further up)
DEFAULT_SEEDS = next((p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir()),
                     Path(__file__).resolve().parents[2] / "shared" / "seeds")
BUDGET = 1.0  # MB/s


def best_of(text: str, runs: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``runs`` imports of ``text``."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        import_markdown(text)
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=9, help="best of this many runs per figure (default 9)")
    ap.add_argument("--repeat", type=int, default=20, help="the concatenation of all seeds, repeated (default 20)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = ap.parse_args()
    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        print(f"no seeds in {args.seeds}")
        return 1
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    one = "\n\n".join(text for _, text in seeds)
    cases = seeds + [("all seeds", one), (f"all seeds x{args.repeat}", "\n\n".join([one] * args.repeat))]
    import_markdown(one)  # warm up: imports, regex compilation

    print(f"best of {args.runs} runs; MB = 10^6 bytes of UTF-8 Markdown; budget {BUDGET:.1f} MB/s")
    print(f"{'input':<28}{'KB':>8}{'wall MB/s':>12}{'CPU MB/s':>11}")
    worst = worst_wall = float("inf")
    for name, text in cases:
        size = len(text.encode("utf-8"))
        runs = args.runs if size < 200_000 else max(3, args.runs // 3)
        wall, cpu = best_of(text, runs)
        worst = min(worst, size / 1e6 / cpu)
        worst_wall = min(worst_wall, size / 1e6 / wall)
        print(f"{name:<28}{size / 1e3:8.1f}{size / 1e6 / wall:12.2f}{size / 1e6 / cpu:11.2f}")
    result = import_markdown(cases[-1][1])
    print(f"output of the last input: {len(result.yaml) / 1e6:.2f} MB YAML, {len(result.warnings)} warnings")
    verdict = "meets" if worst >= BUDGET else "MISSES"
    print(f"slowest wall-clock figure: {worst_wall:.2f} MB/s (for information)")
    print(f"slowest CPU figure: {worst:.2f} MB/s -> {verdict} the {BUDGET:.1f} MB/s budget")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

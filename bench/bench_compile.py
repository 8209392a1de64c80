"""Compile throughput: load + parse + resolve + check + render, items per second.

Budget (issue 2): at least 20,000 items/s on one core, on a 2,000-item runbook.
Also prints the loader alone, since it runs on every build.

``--old REF`` measures the plugin as it was at git REF too, in its own process, the two sides
taking turns ``--rounds`` times (the machines are shared: only figures from one run compare).

usage: .venv/bin/python bench/bench_compile.py [--old REF] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, export_old, runbook_yaml  # noqa: E402

from mkdocs_runbooks.pipeline import check_all, compile_text  # noqa: E402
from mkdocs_runbooks.render import render_page  # noqa: E402

try:
    from mkdocs_runbooks.load.reader import load_text
except ImportError:  # the flat layout before issue 17 (--old)
    from mkdocs_runbooks.load import load_text  # type: ignore[attr-defined,no-redef]

ITEMS = 2000
BUDGET = 20_000


def compile_once(text: str) -> str:
    c = compile_text(text, "bench.runbook.yml")
    check_all([c])
    assert c.ok, c.diagnostics.items[:3]
    return render_page(c.runbook).markdown  # type: ignore[arg-type]


def measure() -> None:
    """Print this process's figures (the plugin on its PYTHONPATH)."""
    text = runbook_yaml("bench", ITEMS)
    compile_once(text)  # warm caches (Jinja templates, regexes)
    best, median = best_of(lambda: compile_once(text), 7)
    rate = ITEMS / best
    lbest, _ = best_of(lambda: load_text(text, "bench.runbook.yml"), 7)
    tracemalloc.start()
    compile_once(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"source: {ITEMS} items, {len(text) / 1024:.0f} KiB")
    print(f"loader: {len(text) / lbest / 1e6:.1f} MB/s ({lbest * 1000:.1f} ms)")
    print(f"compile: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms -> {rate:,.0f} items/s "
          f"(budget >= {BUDGET:,}: {'OK' if rate >= BUDGET else 'OVER BUDGET'})")
    print(f"memory: peak {peak / 2**20:.1f} MiB allocated while compiling ({peak / ITEMS / 1024:.1f} KiB per item)")


def compare(ref: str, rounds: int) -> None:
    """This plugin and the one at ``ref``, each in a child process, taking turns."""
    with tempfile.TemporaryDirectory() as tmp:
        sides = {f"runbooks@{ref}": str(export_old(ref, Path(tmp))), "runbooks (now)": None}
        for n in range(rounds):
            for name, path in sides.items():
                env = dict(os.environ)
                if path:
                    env["PYTHONPATH"] = path + os.pathsep + env.get("PYTHONPATH", "")
                out = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True, check=True)
                rate = next(line for line in out.stdout.splitlines() if line.startswith("compile:"))
                print(f"round {n + 1}, {name}: {rate}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", metavar="REF", help="also the plugin as it was at git REF, taking turns")
    ap.add_argument("--rounds", type=int, default=3, help="turns of each side with --old (default 3)")
    args = ap.parse_args(argv)
    if args.old:
        compare(args.old, args.rounds)
    else:
        measure()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

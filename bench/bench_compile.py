"""Compile throughput: load + parse + resolve + check + render, items per second.

Budget (issue 2): at least 20,000 items/s on one core, on a 2,000-item runbook.
Also prints the loader alone, since it runs on every build.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, runbook_yaml  # noqa: E402

from mkdocs_runbooks.load.reader import load_text  # noqa: E402
from mkdocs_runbooks.pipeline import check_all, compile_text  # noqa: E402
from mkdocs_runbooks.render import render_page  # noqa: E402

ITEMS = 2000
BUDGET = 20_000


def compile_once(text: str) -> str:
    c = compile_text(text, "bench.runbook.yml")
    check_all([c])
    assert c.ok, c.diagnostics.items[:3]
    return render_page(c.runbook).markdown  # type: ignore[arg-type]


def main() -> int:
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Template resolution overhead (issue 4 budget: at most +20%).

For each seed runbook (a variant of the shared templates), compile it as a
variant (load templates + resolve extends, fragments, operations) and compile
the same resolved content written out flat (no extends), and compare CPU time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of  # noqa: E402

from mkdocs_runbooks.format.export import runbook_dict  # noqa: E402
from mkdocs_runbooks.pipeline import check_all, compile_source, compile_text  # noqa: E402
from mkdocs_runbooks.resolve.templates import Templates  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BUDGET = 1.20
_DERIVED = {"origin", "undoes", "extends"}  # resolved-JSON keys that are not source keys


def flat_source(data: Any) -> Any:
    """The resolved JSON as a source file: derived keys dropped (JSON is YAML)."""
    if isinstance(data, dict):
        return {k: flat_source(v) for k, v in data.items() if k not in _DERIVED and v not in (None, [], {})}
    if isinstance(data, list):
        return [flat_source(v) for v in data]
    return data


def main() -> int:
    sources = sorted((REPO / "content").rglob("*.runbook.yml"))
    tdir = REPO / "templates"
    variants, flats = [], []
    for src in sources:
        first = compile_source(src, Templates(tdir))
        if first.runbook is not None and first.runbook.extends:
            assert first.ok, first.diagnostics.items[:3]
            variants.append(src)
            flats.append((src.name, json.dumps(flat_source(runbook_dict(first.runbook)))))
    for name, text in flats:  # the flat twins must be valid runbooks with the same items
        assert compile_text(text, name).ok, name

    def build_variants() -> None:
        templates = Templates(tdir)  # as a site build: templates load once, every variant resolves
        check_all([compile_source(src, templates) for src in variants])

    def build_flat() -> None:
        check_all([compile_text(text, name) for name, text in flats])

    v, vm = best_of(build_variants, 9)
    f, fm = best_of(build_flat, 9)
    ratio = v / f
    print(f"{len(variants)} variants of the shared templates, compiled as in a site build (CPU, best of 9)")
    print(f"as variants (templates + resolution): {v * 1000:.1f} ms (median {vm * 1000:.1f})")
    print(f"same content, flat:                   {f * 1000:.1f} ms (median {fm * 1000:.1f})")
    print(f"resolution overhead: {ratio:.2f}x (budget <= {BUDGET:.2f}x: {'OK' if ratio <= BUDGET else 'OVER BUDGET'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The element index that variant operations keep up to date (issue 18: one index per resolve).

Invariant: after every operation, the index the operations maintain is the one
a fresh walk of the runbook would build (same ids, same element, container and
parent objects), so an operation sees exactly what it saw when the index was
rebuilt for each of them; and a variant resolves to the same runbook.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_runbooks.format.export import runbook_dict
from mkdocs_runbooks.pipeline import compile_text
from mkdocs_runbooks.resolve import variants
from mkdocs_runbooks.resolve.variants import Loc, Variants, index


def _same(kept: dict[str, Loc], fresh: dict[str, Loc]) -> None:
    assert kept.keys() == fresh.keys()
    for k, loc in fresh.items():
        mine = kept[k]
        assert mine.element is loc.element and mine.container is loc.container and mine.parent is loc.parent, k


BASE_IDS = [f"s{s}" for s in range(3)] + [f"s{s}-i{i}" for s in range(3) for i in range(3)] + ["p0", "p0-a"]


def _base() -> str:
    lines = ["id: tpl", "title: T", "sections:"]
    for s in range(3):
        lines += [f"  - id: s{s}", f"    title: S{s}", "    items:"]
        for i in range(3):
            lines += [f"      - id: s{s}-i{i}", f"        text: item {i}"]
            if i == 1:
                lines += ["        items: [{id: s%d-i%d-sub, text: sub}]" % (s, i)]
    lines += ["procedures:", "  - {id: p0, title: P, steps: [{id: p0-a, text: a}]}"]
    return "\n".join(lines) + "\n"


ops = st.lists(st.tuples(st.sampled_from(["remove", "insert-after", "insert-end", "replace", "patch-items", "patch-text"]),
                         st.sampled_from(BASE_IDS)), min_size=1, max_size=8)


def _variant(chosen: list[tuple[str, str]]) -> str:
    remove, replace, patch, insert = [], {}, {}, []
    for n, (op, target) in enumerate(chosen):
        item = target.count("-") > 0
        if op == "remove":
            remove.append(target)
        elif op == "replace" and target not in replace:
            replace[target] = ({"text": f"new {n}", "items": [{"id": f"r{n}", "text": "r"}]} if item
                               else {"title": f"New {n}", "items": [{"id": f"r{n}", "text": "r"}]})
        elif op == "insert-after":
            key = "items" if item else "sections"
            new = {"id": f"n{n}", "text": "n"} if item else {"id": f"n{n}", "title": "N", "items": [{"id": f"n{n}-x", "text": "x"}]}
            insert.append({"after": target, key: [new]})
        elif op == "insert-end":
            key = "steps" if target == "p0" else "items"
            insert.append({"end": target, key: [{"id": f"e{n}", "text": "e", "items": [{"id": f"e{n}-x", "text": "x"}]}]})
        elif op == "patch-items" and target not in patch:
            key = "steps" if target == "p0" else "items"
            patch[target] = {key: [{"id": f"q{n}", "text": "q"}]}
        elif op == "patch-text" and target not in patch:
            patch[target] = {"text": f"patched {n}"} if item else {"title": f"Patched {n}"}
    doc: dict[str, Any] = {"id": "v", "extends": "tpl", "remove": sorted(set(remove)), "replace": replace,
                           "insert": insert, "patch": patch}
    return json.dumps({k: v for k, v in doc.items() if v})


@settings(max_examples=60, deadline=None)
@given(chosen=ops)
def test_kept_index_is_a_fresh_index_after_every_operation(chosen: list[tuple[str, str]], tmp_path_factory: Any) -> None:
    from mkdocs_runbooks.resolve.templates import Templates

    tdir = tmp_path_factory.mktemp("tpl")
    (tdir / "tpl.yml").write_text(_base())
    checked = 0
    real = {name: getattr(Variants, name) for name in ("remove", "replace", "insert", "patch")}

    def checking(name: str):  # type: ignore[no-untyped-def]
        def op(self: Variants, rb: Any, node: Any) -> None:
            nonlocal checked
            real[name](self, rb, node)
            if self._idx is not None:
                _same(self._idx, index(rb))
                checked += 1
        return op

    for name in real:
        setattr(Variants, name, checking(name))
    try:
        compiled = compile_text(_variant(chosen), "v.runbook.yml", Templates(tdir))
    finally:
        for name, fn in real.items():
            setattr(Variants, name, fn)
    assert compiled.runbook is not None
    assert checked >= 1

    # and the result is what rebuilding the index before every operation gives
    def fresh_index(self: Variants, rb: Any) -> dict[str, Loc]:
        self._idx = index(rb)
        return self._idx

    kept = runbook_dict(compiled.runbook)
    original = Variants._index
    Variants._index = fresh_index  # type: ignore[method-assign]
    try:
        rebuilt = compile_text(_variant(chosen), "v.runbook.yml", Templates(tdir))
    finally:
        Variants._index = original  # type: ignore[method-assign]
    assert rebuilt.runbook is not None
    assert kept == runbook_dict(rebuilt.runbook)
    assert [d.format() for d in compiled.diagnostics.sorted()] == [d.format() for d in rebuilt.diagnostics.sorted()]


def test_module_keeps_the_public_index() -> None:
    assert variants.index is index

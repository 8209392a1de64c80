"""The importer's invariant, shared by the property, case and real-world tests.

Whatever Markdown goes in, ``runbooks import`` writes YAML that both PyYAML
loaders (pure Python and libyaml) read back as ``ImportResult.data``, that
passes ``runbooks check`` without errors, and in which every checkbox line of
the input is a checkable item (not a note) with its words and its tick state.
Each guess carries an ``# import:`` comment. This module has no tests itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from conftest import FIXTURES, REPO
from mkdocs_runbooks.format.model import Item
from mkdocs_runbooks.importer import ImportResult, import_markdown
from mkdocs_runbooks.pipeline import Compiled, check_all, compile_text

# shared/ sits beside the repository; a worktree one level deeper finds it further up.
SEEDS = next((p / "shared" / "seeds" for p in REPO.parents if (p / "shared" / "seeds").is_dir()),
             REPO.parent / "shared" / "seeds")
FIX = FIXTURES / "import"

# Words the importer turns into structure (severity, yes/no fields) rather than text.
STRUCTURAL = {"yes", "no", "n", "a", "na", "critical", "high", "required", "optional", "low", "medium", "must",
              "blocker", "normal", "trigger", "nice", "to", "have", "raw", "endraw",
              "ja", "nein", "sí", "si", "oui", "non", "はい", "いいえ"}
_WORD = re.compile(r"[^\W_]+")
_BOX_GLYPHS = "☐□⬜🔲☑☒✅✔✓❌"
_TICKED = "☑☒✅✔✓"
_LIST_BOX = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+(?:\[(?P<b>[ xX])\]|(?P<g>[☐□⬜🔲☑☒✅✔✓❌]))(?:\s+(?P<t>.*)|$)")
_CELL_BOX = re.compile(r"^\s*(?:\[(?P<b>[ xX])\]|(?P<g>[☐□⬜🔲☑☒✅✔✓❌]))\s*(?P<t>.*)$")


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.replace("\\_", " ").lower())) - STRUCTURAL


@dataclass(frozen=True)
class Box:
    line: int  # 1-based
    ticked: bool
    text: str  # the words that must reach the item (a table row: all its other cells)


def box_lines(md: str) -> list[Box]:
    """Checkbox lines outside fences and front matter: list items and table rows."""
    out: list[Box] = []
    fence: str | None = None
    lines = md.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            start = end + 1
    for n in range(start, len(lines)):
        line = lines[n]
        s = line.strip().lstrip("> ").strip()
        m = re.match(r"(`{3,}|~{3,})", s.lstrip("-*+0123456789.) ") if fence is None else s)
        if fence is None and m and re.match(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?(`{3,}|~{3,})", line):
            fence = m.group(1)[0] * len(m.group(1))
            continue
        if fence is not None:
            if s.startswith(fence) and not s[len(fence):].strip(fence[0]).strip():
                fence = None
            continue
        mm = _LIST_BOX.match(line)
        if mm:
            out.append(Box(n + 1, _ticked(mm), mm.group("t") or ""))
            continue
        if s.startswith("|") and s.count("|") >= 2:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", s.strip("|"))]  # '\|' is a pipe inside a cell
            hits = [_CELL_BOX.match(c) for c in cells]
            boxes = [h for h in hits if h]
            if len(boxes) == 1:  # one item per row, holding the other cells
                rest = " ".join([boxes[0].group("t")] + [c for c, h in zip(cells, hits) if not h])
                out.append(Box(n + 1, _ticked(boxes[0]), rest))
            else:  # a box per column (Staging | Production): one checkable item each
                out.extend(Box(n + 1, _ticked(h), h.group("t")) for h in boxes)
    return out


def _ticked(m: re.Match[str]) -> bool:
    g = m.group("g")
    return (m.group("b") or "").strip() != "" or bool(g and g in _TICKED)


def checkable_items(rb: Any) -> Iterator[Item]:
    def walk(items: Iterable[Item]) -> Iterator[Item]:
        for it in items:
            if it.checkable:
                yield it
            yield from walk(it.items)

    def sections(secs: Iterable[Any]) -> Iterator[Item]:
        for s in secs:
            yield from walk(s.items)
            yield from sections(s.sections)

    yield from sections(rb.sections)
    for p in rb.procedures:
        yield from walk(p.steps)


def item_words(it: Item) -> set[str]:
    parts = [it.text, it.details or ""]
    for f in it.fields:
        parts += [f.label or "", f.unit or "", *f.options]
    return words(" ".join(parts))


def compile_import(result: ImportResult, name: str = "imported") -> Compiled:
    compiled = compile_text(result.yaml, f"{name}.runbook.yml")
    check_all([compiled])
    return compiled


def assert_invariant(md: str | bytes, result: ImportResult | None = None, name: str = "imported") -> Compiled:
    """Check the import of ``md`` against the invariant; return the compiled runbook."""
    text = md.decode("utf-8-sig", "replace") if isinstance(md, bytes) else md
    result = result or import_markdown(md, source=f"{name}.md")
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert yaml.load(result.yaml, Loader=loader) == result.data, loader.__name__
    compiled = compile_import(result, name)
    errors = [d.format() for d in compiled.diagnostics.errors]
    assert compiled.runbook is not None and not errors, (errors, result.yaml)
    # Warnings fail `mkdocs build --strict`: the importer leaves none (its guesses are marked instead).
    warnings = [d.format() for d in compiled.diagnostics.warnings]
    assert not warnings, (warnings, result.yaml)
    missing = unmatched_boxes(text, compiled)
    assert not missing, (missing[:5], result.yaml)
    # Every guess is marked: a warning about the output has a comment in it.
    if any("guess" in w.message for w in result.warnings):
        assert "# import:" in result.yaml
    return compiled


def unmatched_boxes(md: str, compiled: Compiled) -> list[Box]:
    """Box lines left over by a maximum matching of box lines to checkable items of the same
    tick state whose words hold theirs: each item stands for one box line at most."""
    items = [(it.checked, item_words(it)) for it in checkable_items(compiled.runbook)]
    boxes = box_lines(md)
    fits = [[i for i, (ck, ws) in enumerate(items) if ck == b.ticked and words(b.text) <= ws] for b in boxes]
    owner: dict[int, int] = {}  # item -> box

    def augment(b: int, seen: set[int]) -> bool:  # Kuhn's augmenting path
        for i in fits[b]:
            if i not in seen:
                seen.add(i)
                if i not in owner or augment(owner[i], seen):
                    owner[i] = b
                    return True
        return False

    matched = {b for b in range(len(boxes)) if augment(b, set())}
    return [box for n, box in enumerate(boxes) if n not in matched]

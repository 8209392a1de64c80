"""Markdown checklist -> runbook source YAML (format v1).

A pure library (no MkDocs): ``import_markdown(text)`` returns the runbook
tree, its YAML text (with ``# import:`` comments where the importer guessed)
and warnings that point at lines of the Markdown input.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from mkdocs_runbooks.gcpause import gc_paused
from mkdocs_runbooks.importer.blocks import parse
from mkdocs_runbooks.importer.build import Builder
from mkdocs_runbooks.importer.emit import dump_with_data
from mkdocs_runbooks.importer.finish import past_review, protect_templates, wire_rollbacks
from mkdocs_runbooks.importer.mojibake import normalize_input, repair_mojibake
from mkdocs_runbooks.importer.result import SCHEMA_COMMENT, ImportResult, ImportWarning
from mkdocs_runbooks.importer.sections import sectionize
from mkdocs_runbooks.importer.slug import id_slug

__all__ = ["SCHEMA_COMMENT", "ImportResult", "ImportWarning", "import_markdown"]

_ANY_BOX = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]", re.M)
TOP_KEYS = ("id", "title", "version", "vars", "meta", "intro", "sections", "procedures", "triggers", "signoff", "contacts")


def import_markdown(text: str | bytes, source: str = "<stdin>", runbook_id: str | None = None) -> ImportResult:
    """Convert a Markdown checklist into runbook source v1."""
    return _import(text, source, runbook_id)


# markdown-it and the builder allocate hundreds of thousands of small,
# acyclic objects: cyclic GC passes over them cost ~25% of the run.
@gc_paused
def _import(text: str | bytes, source: str, runbook_id: str | None) -> ImportResult:
    clean, notes = normalize_input(text)
    warnings = [ImportWarning(1, 1, n) for n in notes]
    clean, fixed = repair_mojibake(clean)
    warnings += [ImportWarning(ln, 1, "repaired UTF-8 text that was decoded as cp1252") for ln in fixed]
    lines = clean.split("\n")
    builder = Builder(lines, has_boxes=bool(_ANY_BOX.search(clean)))
    try:
        blocks = parse(clean)
    except Exception as exc:  # pragma: no cover - markdown-it is total; belt and braces
        blocks = []
        warnings.append(ImportWarning(1, 1, f"could not parse Markdown: {exc}"))
    title_block, pre, secs = sectionize(blocks)
    sections = builder.preamble(pre)
    for sec in secs:
        builder.place(sec, sections)
    builder.link_triggers(sections)

    stem = PurePath(source).name.split(".")[0] if source and not source.startswith("<") else ""
    title = (title_block.content.strip() if title_block else "") or builder.top.get("fm_title") or stem or "Imported runbook"
    if title_block is None:
        where = "the front matter" if builder.top.get("fm_title") else "the file name"
        warnings.append(ImportWarning(1, 1, f"no '# Title' heading; title taken from {where}"))
    rid = runbook_id or id_slug(title) or id_slug(stem) or "runbook"
    tree: dict[str, Any] = {"id": rid, "title": title}
    top = builder.top
    if top["version"]:
        tree["version"] = top["version"]
    for key in ("vars", "meta"):
        if top[key]:
            tree[key] = top[key]
    if top["intro"]:
        tree["intro"] = "\n\n".join(top["intro"]) + "\n"
    tree["sections"] = sections
    for key, value in (("procedures", builder.procedures), ("triggers", builder.triggers),
                       ("signoff", builder.signoff), ("contacts", builder.contacts)):
        if value:
            tree[key] = value

    def warn(line: int, msg: str) -> None:
        warnings.append(ImportWarning(line, 1, msg))

    due = past_review(tree)
    if due:
        tree["intro"] = (tree.get("intro", "") + f"\n**Next review:** {due}\n").lstrip("\n")
        warn(1, f"next review date {due} is past; kept in the intro, not in meta.next_review")
    wire_rollbacks(tree, warn, builder.ids)
    if "{{" in clean or "{%" in clean:  # most checklists have no template braces at all
        protect_templates(tree, warn)
    tree = {k: tree[k] for k in TOP_KEYS if k in tree}  # the passes above may add keys: the documented order
    if not sections and not any(k in tree for k in TOP_KEYS[7:]):
        warnings.append(ImportWarning(1, 1, "no checklist content found"))
    header = [SCHEMA_COMMENT, f"# import: converted from {source} by `runbooks import`; review lines marked '# import:'"]
    yaml_text, data = dump_with_data(tree, header)
    warnings = sorted(warnings + builder.warnings, key=lambda w: (w.line, w.col))
    return ImportResult(data=data, yaml=yaml_text, warnings=warnings)

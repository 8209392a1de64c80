"""Rollback triggers: sections of them, groups by severity, and linking to procedures.

A trigger needs a procedure (``runbooks check`` rejects one without), so the
links the Markdown does not give are guessed, only to a procedure whose title
reads as a rollback, marked ``# import:`` and warned about. Triggers of a group
that says not to roll back ("Medium: fix forward"), or with no rollback
procedure to point at, stay as notes of a section: their text is kept, but no
link is made up. Checkbox lines under a triggers heading stay checkable items.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs_runbooks.importer.blocks import Block
from mkdocs_runbooks.importer.fields import SEVERITY, plain
from mkdocs_runbooks.importer.finish import is_rollback_title
from mkdocs_runbooks.importer.result import ImportWarning
from mkdocs_runbooks.importer.sections import Sec

_LISTS = ("bullet_list", "ordered_list")
# "Critical: roll back at once", "**P1**", "Sev 2 - page on-call", "Hoch:", "Crítico"
_GROUP = re.compile(
    r"^\s*(?:critical|blocker|high|medium|low|major|minor|severe|warning|info|p[0-4]|sev(?:erity)?\s*[0-4]|"
    r"kritisch|hoch|mittel|niedrig|cr[ií]tic[oa]|alt[oa]|medi[oa]|baj[oa]|緊急|重大|高|中|低)\b",
    re.I,
)
_NO_ROLLBACK = re.compile(r"fix[- ]forward|do(?:n't| not) roll ?back|no roll ?back|monitor|watch|investigate|"
                          r"nicht zur[üu]ck|sin rollback|no revertir", re.I)
_SEV_WORD = re.compile(r"^\s*(critical|blocker|high|medium|low)\b", re.I)


def is_group_label(text: str) -> bool:
    """True when a list label reads as a group of triggers ("Roll back if any of:")."""
    return bool(_GROUP.match(text) or _NO_ROLLBACK.search(text))


class TriggerMixin:
    """Part of Builder (build.py): needs ids, items, warnings, triggers, procedures, unsure, section."""

    triggers: list[dict[str, Any]]
    procedures: list[dict[str, Any]]
    warnings: list[ImportWarning]

    def _trigger_setup(self) -> None:
        self.trigger_home: dict[str, tuple[str, int, bool]] = {}  # id -> (heading, line, may link)

    def add_triggers(self, lst: Block, procedure: str | None, group: str | None, home: str = "Rollback triggers",
                     linkable: bool = True) -> None:
        """Add the items of list `lst` as rollback triggers that start `procedure` (None: guessed later)."""
        for li in lst.children:
            text, _checked, line = self.items.item_text(li)  # type: ignore[attr-defined]
            extra = [plain(c.content) for sub in li.children if sub.type in _LISTS for c in sub.children]
            extra = [e for e in extra if e]
            if extra:
                text = f"{text} ({'; '.join(extra)})" if text else "; ".join(extra)
            if not text:
                self.warnings.append(ImportWarning(line + 1, 1, "empty bullet in a triggers list skipped"))
                continue
            full = f"{group} — {text}" if group else text
            t: dict[str, Any] = {"id": self.ids.take(plain(text), "trigger"), "text": full}  # type: ignore[attr-defined]
            if procedure:
                t["procedure"] = procedure
            self.triggers.append(t)
            self.trigger_home[t["id"]] = (home, line, linkable and not (group and _NO_ROLLBACK.search(group)))

    def triggers_section(self, sec: Sec, out: list[dict[str, Any]], group: str | None) -> None:
        """Add a triggers heading: its lists become triggers, anything else a section."""
        leftover: list[Block] = []
        blocks = [b for b in sec.blocks if b.type != "hr"]
        label = group
        for i, b in enumerate(blocks):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if b.type in _LISTS and not self.items.any_boxes([b]):  # type: ignore[attr-defined]
                self.add_triggers(b, None, label, sec.title)
            elif (b.type == "paragraph" and nxt is not None and nxt.type in _LISTS and "\n" not in b.content
                  and is_group_label(plain(b.content))):
                label = plain(b.content).rstrip(":").strip()
            else:
                leftover.append(b)  # a lead-in sentence, prose, checkbox lists: kept in a section
        for s in sec.subs:
            sub_group = plain(s.title) if not group else f"{group}: {plain(s.title)}"
            self.triggers_section(s, out, group=sub_group)
        if leftover:

            d = self.section(Sec(sec.title, sec.level, sec.line, leftover))  # type: ignore[attr-defined]
            if d is not None:
                out.append(d)
                if any(b.type in _LISTS and self.items.any_boxes([b]) for b in leftover):  # type: ignore[attr-defined]
                    # Criteria written as checkboxes stay checkable; one trigger points the operator at them.
                    text = f"Any of the criteria under [{plain(d['title'])}](#{d['id']}) is met"
                    t = {"id": self.ids.take(f"{d['title']} criteria", "trigger"),  # type: ignore[attr-defined]
                         "text": f"{group} — {text}" if group and group != plain(d["title"]) else text}
                    t["_c"] = {"id": "import: checkbox criteria kept as items; this trigger points at them"}
                    self.triggers.append(t)
                    self.trigger_home[t["id"]] = (sec.title, sec.line, not (group and _NO_ROLLBACK.search(group)))
                else:
                    self.unsure(d, "id", "text of a triggers section that is not a trigger", sec.line)  # type: ignore[attr-defined]

    def link_triggers(self, sections: list[dict[str, Any]]) -> None:
        """Give every trigger a procedure, or turn it into a note (see the module docstring)."""
        procs = [p for p in self.procedures if is_rollback_title(p.get("title", ""))]
        target = procs[0]["id"] if procs else None
        kept: list[dict[str, Any]] = []
        homes: dict[str, dict[str, Any]] = {}
        guessed = 0
        for t in self.triggers:
            home, line, linkable = self.trigger_home.get(t["id"], ("Rollback triggers", 0, True))
            if "procedure" in t:
                kept.append(t)
            elif target and linkable:
                t["procedure"] = target
                t.setdefault("_c", {})["procedure"] = "import: procedure guessed"
                guessed += 1
                kept.append(t)
            else:
                why = "the group says not to roll back" if target else "no rollback procedure to link it to"
                sec = homes.get(home)
                if sec is None:
                    sec = homes[home] = {"id": self.ids.take(home, "section", numbered=True), "title": home,  # type: ignore[attr-defined]
                                         "items": []}
                    sections.append(sec)
                note = {"id": t["id"], "text": t["text"], "kind": "note"}
                m = _SEV_WORD.match(t["text"])
                if m:
                    note["severity"] = SEVERITY[m.group(1).lower()]
                note["_c"] = {"id": f"import: a trigger in the Markdown, kept as a note: {why}"}
                sec["items"].append(note)
                self.warnings.append(ImportWarning(line + 1, 1, f"trigger '{t['id']}' kept as a note: {why}"))
        self.triggers[:] = kept
        if guessed:
            self.warnings.append(ImportWarning(1, 1, f"{guessed} trigger(s) linked to '{target}' by guess; review"))

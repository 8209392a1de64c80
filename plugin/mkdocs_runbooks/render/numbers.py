"""Section numbers (1, 1.2, ...) so that cross-references read on paper.

A printed sheet cannot follow a link, so every link target gets a number:
"→ §9.2 Database Rollback". Sections are numbered in order; the blocks that
follow them (triggers, procedures, sign-off, contacts) continue the count.
Items take the number of the section that holds them.
"""

from __future__ import annotations

import re

from mkdocs_runbooks.format.model import Runbook, Section, walk_items

#: ids of the fixed blocks rendered after the sections (their heading anchors)
BLOCKS = ("rollback-triggers", "procedures", "sign-off", "contacts")


def section_numbers(runbook: Runbook) -> dict[str, str]:
    """Element id -> its section number, for sections, blocks, procedures, sign-offs and items."""
    numbers: dict[str, str] = {}
    _visit(runbook.sections, "", numbers)
    top = len(runbook.sections)
    present = {
        "rollback-triggers": bool(runbook.triggers),
        "procedures": bool(runbook.procedures),
        "sign-off": bool(runbook.signoff),
        "contacts": bool(runbook.contacts),
    }
    for block in BLOCKS:
        if not present[block]:
            continue
        top += 1
        numbers[block] = str(top)
        if block == "rollback-triggers":
            for t in runbook.triggers:
                numbers.setdefault(t.id, str(top))
        elif block == "procedures":
            for n, p in enumerate(runbook.procedures, 1):
                numbers[p.id] = f"{top}.{n}"
                for step in walk_items(p.steps):
                    numbers.setdefault(step.id, f"{top}.{n}")
        elif block == "sign-off":
            for n, b in enumerate(runbook.signoff, 1):
                numbers[b.id] = f"{top}.{n}"
    return numbers


def _visit(sections: list[Section], prefix: str, numbers: dict[str, str]) -> None:
    # a module function, not a closure calling itself: that would be a reference cycle
    for n, s in enumerate(sections, 1):
        num = f"{prefix}{n}"
        numbers[s.id] = num
        for item in walk_items(s.items):
            numbers.setdefault(item.id, num)
        _visit(s.sections, f"{num}.", numbers)


_OWN_NUMBER = re.compile(r"^(\d+\.(?:\d+\.?)*)(\s+)(?=\S)")  # "3." or "2.2", not "10 things"


def mark_own_number(title: str) -> str:
    """Wrap a title's own leading number ("2.2 Backup") so print can hide it.

    Imported runbooks keep their authors' numbers; on paper the computed
    number (which cross-references cite) replaces it instead of doubling it.
    """
    return _OWN_NUMBER.sub(r'<span class="rb-own-number">\1</span>\2', title, count=1)

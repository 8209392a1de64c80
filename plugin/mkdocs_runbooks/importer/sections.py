"""The heading tree of an imported Markdown file, and what the builder's parts need of the builder.

A leaf of the importer: build.py (the Builder), items.py (ItemMaker), tables.py and triggers.py
(its mixins) all import it, and it imports none of them, so the parts need not import each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from mkdocs_runbooks.importer.blocks import Block
from mkdocs_runbooks.importer.result import ImportWarning
from mkdocs_runbooks.importer.slug import IdPool

# "Roll back if ...", "Initiate rollback when ...": a list item that is a rollback trigger.
TRIGGER_LABEL = re.compile(r"^(?:initiate\s+|trigger\s+(?:a\s+)?)?(?:roll[- ]?back|abort|revert)\b.*\b(?:if|when)\b", re.I)


class BuilderLike(Protocol):
    """What ItemMaker and its table part use of the Builder (build.py)."""

    lines: list[str]
    ids: IdPool
    warnings: list[ImportWarning]
    triggers: list[dict[str, Any]]
    signoff: list[dict[str, Any]]
    contacts: list[dict[str, Any]]

    def unsure(self, obj: dict[str, Any] | None, key: str, msg: str, line: int) -> None:
        """Mark ``obj[key]`` with an ``# import:`` comment and warn at ``line``."""

    def src(self, b: Block) -> str:
        """The Markdown text of block ``b`` as written."""

    def meta_paragraph(self, b: Block, trailing: bool) -> list[str] | None:
        """Key: value lines of a paragraph taken as metadata, or None."""

    def add_triggers(self, lst: Block, procedure: str | None, group: str | None, home: str = ...,
                     linkable: bool = ...) -> None:
        """Turn the list ``lst`` into rollback triggers."""


@dataclass
class Sec:
    """A heading of the Markdown input with the blocks under it and its sub-headings (level 0: the root)."""

    title: str
    level: int
    line: int
    blocks: list[Block] = field(default_factory=list)
    subs: list[Sec] = field(default_factory=list)

    def all_blocks(self) -> list[Block]:
        """Own blocks, then those of every sub-heading, depth first."""
        out = list(self.blocks)
        for s in self.subs:
            out.extend(s.all_blocks())
        return out


def sectionize(blocks: list[Block]) -> tuple[Block | None, list[Block], list[Sec]]:
    """(the title heading or None, the blocks before any heading, the top-level sections)."""
    title: Block | None = None
    root = Sec("", 0, 0)
    stack = [root]
    for b in blocks:
        if b.type == "heading":
            if title is None and b.level == 1 and not root.subs:
                title = b
                continue
            while len(stack) > 1 and stack[-1].level >= b.level:
                stack.pop()
            sec = Sec(b.content.strip(), b.level, b.line)
            stack[-1].subs.append(sec)
            stack.append(sec)
        else:
            stack[-1].blocks.append(b)
    return title, root.blocks, root.subs

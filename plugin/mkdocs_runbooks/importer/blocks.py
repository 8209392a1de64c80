"""Markdown -> a small block tree with 0-based line spans.

Only block rules run: inline parsing is disabled (it is most of markdown-it's
cost) because the importer keeps inline Markdown as text and reads the few
inline patterns it needs (blanks, checkboxes) with regexes.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

_MD = (
    MarkdownIt("commonmark", {"html": True})
    .enable("table")
    .disable("inline")
    .use(front_matter_plugin)
)


@dataclass
class Block:
    type: str  # heading paragraph bullet_list ordered_list list_item fence code_block
    #            table blockquote html_block hr front_matter
    line: int
    end: int
    content: str = ""
    info: str = ""
    level: int = 0
    children: list[Block] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # tables: header first


def parse(text: str) -> list[Block]:
    tokens = _MD.parse(text)
    root = Block("root", 0, 0)
    stack = [root]
    table: Block | None = None
    row: list[str] | None = None
    for tok in tokens:
        t = tok.type
        span = tok.map or [stack[-1].line, stack[-1].end]
        if table is not None:
            if t == "table_close":
                table = None
            elif t == "tr_open":
                row = []
                table.rows.append(row)
            elif t == "inline" and row is not None:
                row.append(tok.content.strip())
            continue
        if t == "table_open":
            table = Block("table", span[0], span[1])
            stack[-1].children.append(table)
        elif t.endswith("_open"):
            kind = t[:-5]
            node = Block(kind, span[0], span[1], info=tok.markup)
            if kind == "heading":
                node.level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            stack[-1].children.append(node)
            stack.append(node)
        elif t.endswith("_close"):
            if len(stack) > 1:
                stack.pop()
        elif t == "inline":
            stack[-1].content = tok.content
        elif t in ("fence", "code_block", "html_block", "hr", "front_matter"):
            stack[-1].children.append(Block(t, span[0], span[1], content=tok.content, info=tok.info.strip()))
    return root.children


def source(lines: list[str], start: int, end: int) -> str:
    """The Markdown source of a span, dedented, without surrounding blank lines."""
    chunk = textwrap.dedent("\n".join(lines[start:end]))
    return chunk.strip("\n")


def walk_text(blocks: list[Block]) -> int:
    """Number of blocks (for tests and sanity checks)."""
    return sum(1 + walk_text(b.children) for b in blocks)

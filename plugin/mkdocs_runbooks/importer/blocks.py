"""Markdown -> a small block tree with 0-based line spans.

Only block rules run: inline parsing is disabled (it is most of markdown-it's
cost) because the importer keeps inline Markdown as text and reads the few
inline patterns it needs (blanks, checkboxes) with regexes.
"""

from __future__ import annotations

import textwrap

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

# Option keys markdown-it reads with .get() are spelled out (same defaults):
# a missing key costs a KeyError inside Mapping.get on every list item.
_MD = (
    MarkdownIt("commonmark", {"html": True, "tasklists": False, "alerts": False, "inline_definitions": False})
    .enable("table")
    .disable("inline")
    .use(front_matter_plugin)
)
_LEAVES = frozenset(("fence", "code_block", "html_block", "hr", "front_matter"))


class Block:
    """One block with its 0-based line span (a plain slotted class: tens of
    thousands are made per megabyte, and a dataclass __init__ is slower)."""

    __slots__ = ("type", "line", "end", "content", "info", "level", "children", "rows", "_used")

    def __init__(self, type: str, line: int, end: int, content: str = "", info: str = "", level: int = 0,
                 children: list[Block] | None = None, rows: list[list[str]] | None = None) -> None:
        self.type = type  # heading paragraph bullet_list ordered_list list_item fence code_block
        #                   table blockquote html_block hr front_matter
        self.line = line
        self.end = end
        self.content = content
        self.info = info
        self.level = level
        self.children: list[Block] = [] if children is None else children
        self.rows: list[list[str]] = [] if rows is None else rows  # tables: header first

    def _key(self) -> tuple:
        return (self.type, self.line, self.end, self.content, self.info, self.level, self.children, self.rows)

    def __eq__(self, other: object) -> bool:  # value equality, as the dataclass had
        return isinstance(other, Block) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Block({self.type!r}, {self.line}, {self.end}, content={self.content!r})"


def parse(text: str) -> list[Block]:
    tokens = _MD.parse(text)
    root = Block("root", 0, 0)
    stack = [root]
    top = root
    table: Block | None = None
    row: list[str] | None = None
    for tok in tokens:
        t = tok.type
        if table is not None:
            if t == "table_close":
                table = None
            elif t == "tr_open":
                row = []
                table.rows.append(row)
            elif t == "inline" and row is not None:
                row.append(tok.content.strip())
            continue
        nesting = tok.nesting
        if nesting == 1:
            span = tok.map or (top.line, top.end)
            if t == "table_open":
                table = Block("table", span[0], span[1])
                top.children.append(table)
                continue
            kind = t[:-5]
            node = Block(kind, span[0], span[1], info=tok.markup)
            if kind == "heading":
                node.level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
            top.children.append(node)
            stack.append(node)
            top = node
        elif nesting == -1:
            if len(stack) > 1:
                stack.pop()
                top = stack[-1]
        elif t == "inline":
            top.content = tok.content
        elif t in _LEAVES:
            span = tok.map or (top.line, top.end)
            top.children.append(Block(t, span[0], span[1], content=tok.content, info=tok.info.strip()))
    return root.children


def source(lines: list[str], start: int, end: int) -> str:
    """The Markdown source of a span, dedented, without surrounding blank lines."""
    chunk = textwrap.dedent("\n".join(lines[start:end]))
    return chunk.strip("\n")


def walk_text(blocks: list[Block]) -> int:
    """Number of blocks (for tests and sanity checks)."""
    return sum(1 + walk_text(b.children) for b in blocks)

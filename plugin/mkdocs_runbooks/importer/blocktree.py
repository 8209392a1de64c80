"""The block tree both block parsers build (markdown-it's tokens and the fast path)."""

from __future__ import annotations

from typing import Any


class Block:
    """One block with its 0-based line span (a plain slotted class: tens of
    thousands are made per megabyte, and a dataclass __init__ is slower)."""

    __slots__ = ("type", "line", "end", "content", "info", "level", "children", "rows", "_used", "cache")

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
        self.cache: Any = None  # the builder's memo (ItemMaker.item_text); not part of equality

    def _key(self) -> tuple[Any, ...]:
        return (self.type, self.line, self.end, self.content, self.info, self.level, self.children, self.rows)

    def __eq__(self, other: object) -> bool:  # value equality, as the dataclass had
        return isinstance(other, Block) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Block({self.type!r}, {self.line}, {self.end}, content={self.content!r})"

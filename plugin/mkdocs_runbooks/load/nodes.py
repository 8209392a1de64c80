"""The positioned YAML tree the loader builds: every node keeps where it was written.

Scalars keep their text as written and YAML 1.2's reading of it; the parser
then types each value by the format (spec.py), never by YAML's guess.
"""

from __future__ import annotations

from typing import Any

from mkdocs_runbooks.diagnostics import Pos
from mkdocs_runbooks.load.scalars import resolve_plain


class YScalar:
    """A scalar: ``value`` is its text as written (quotes and escapes undone), always a str;
    ``tag`` is how YAML 1.2 reads it: str, int, float, bool, null, or bigint (an integer
    literal too long to be a number here); ``typed`` is that reading's Python value."""

    __slots__ = ("value", "pos", "tag")

    def __init__(self, value: str, pos: Pos, tag: str = "str") -> None:
        self.value = value
        self.pos = pos
        self.tag = tag

    @property
    def typed(self) -> Any:
        """The scalar as YAML 1.2 core types it (int, float, bool, None) unless it was quoted or tagged ``!!str``."""
        tag = self.tag
        if tag == "str" or tag == "bigint":
            return self.value
        if tag == "null":
            return None
        value = resolve_plain(self.value)[0]
        return float(value) if tag == "float" else value


class YSeq:
    """A YAML sequence with its position."""
    __slots__ = ("items", "pos")

    def __init__(self, items: list[YNode], pos: Pos) -> None:
        self.items = items
        self.pos = pos


class YMap:
    """An ordered mapping of str keys; ``keys`` keeps each key's own position."""

    __slots__ = ("items", "keys", "pos")

    def __init__(self, pos: Pos) -> None:
        self.items: dict[str, YNode] = {}
        self.keys: dict[str, Pos] = {}
        self.pos = pos

    def get(self, key: str) -> YNode | None:
        """The node under ``key``, or None."""
        return self.items.get(key)


YNode = YScalar | YSeq | YMap


def plain(node: YNode | None) -> Any:
    """Strip positions: the Python value of a tree as YAML 1.2 reads it."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.typed
    if isinstance(node, YSeq):
        return [plain(n) for n in node.items]
    return {k: plain(v) for k, v in node.items.items()}

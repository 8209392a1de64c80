"""Part of ItemMaker (items.py): where checkbox lines are, in lists, tables, quotes, paragraphs and
the raw HTML or indented blocks Markdown swallowed them into."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

from mkdocs_runbooks.importer.blocks import Block
from mkdocs_runbooks.importer.tables import MakerParts, table_has_boxes

#: the glyphs that count as a ticked box ("[x]" counts through its letter)
TICKED = ("☑", "☒", "✅", "✔", "✓")
LISTS = ("bullet_list", "ordered_list")
#: a paragraph line that starts with a box
LINE_BOX = re.compile(r"^\s*(?:\[(?P<b>[ xX✓✔]?)\]|(?P<g>[☐□⬜🔲☑☒✅✔✓❌]))(?:\s+|$)")
RAW = frozenset(("html_block", "code_block", "heading"))  # blocks whose lines Markdown does not read as items
#: a list line with a box, read from the source lines of a raw block
HTML_BOX = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[(?P<b>[ xX✓✔]?)\]|(?P<g>[☐□⬜🔲☑☒✅✔✓❌]))(?:\s+(?P<t>.*)|$)")


def ticked(m: re.Match[str]) -> bool:
    """Whether a box match (groups ``b``: bracket content, ``g``: glyph) is ticked."""
    return (m.group("b") or "").strip() != "" or m.group("g") in TICKED


class BoxMixin(MakerParts):
    """Finding checkbox lines; the methods named under TYPE_CHECKING are ItemMaker's."""

    if TYPE_CHECKING:
        def from_text(self, text: str, line: int, **kw: Any) -> dict[str, Any]:
            """ItemMaker.from_text."""

    def list_has_boxes(self, b: Block) -> bool:
        """True when any item of list `b` has a checkbox."""
        return any(self.item_text(li)[1] is not None for li in b.children)

    def any_boxes(self, blocks: list[Block]) -> bool:
        """Does any checkbox line sit in these blocks: list items at any depth, table cells,
        block quotes, or paragraph lines that start with a box?"""
        for b in blocks:
            t = b.type
            if t in LISTS:
                if self.list_has_boxes(b):
                    return True
                if any(self.any_boxes(li.children) for li in b.children):
                    return True
            elif t == "table":
                if table_has_boxes(b):
                    return True
            elif t == "blockquote":
                if self.any_boxes(b.children):
                    return True
            elif t == "paragraph" and ("[" in b.content or not b.content.isascii()):
                if any(LINE_BOX.match(ln) for ln in b.content.split("\n")):
                    return True
            elif t in RAW and b.end - b.line > (t == "heading") and self.html_boxes(b):
                return True
        return False

    def html_boxes(self, b: Block) -> list[tuple[int, re.Match[str]]]:
        """Checkbox lines that Markdown swallowed into raw HTML ("- <owner>" opens an HTML
        block that runs to the next blank line), an indented code block (a list indented
        4 spaces) or a setext heading ("- a\\n  2. [ ]\\n  -"): (line, match) for each."""
        out = []
        for n in range(b.line, min(b.end, len(self.b.lines))):
            m = HTML_BOX.match(self.b.lines[n])
            if m:
                out.append((n, m))
        return out

    def from_html(self, b: Block) -> list[dict[str, Any]]:
        """An HTML block holding checkbox lines: a note with its source, then one item per box line."""
        boxes = self.html_boxes(b)
        boxed = {n for n, _m in boxes}
        rest = [self.b.lines[n] for n in range(b.line, min(b.end, len(self.b.lines))) if n not in boxed]
        what = "HTML block" if b.type == "html_block" else "Indented block"
        # the lines that are not boxes stay as a note (first: nested callers drop it and keep them)
        items = [self.note(what, b.line, details=textwrap.dedent("\n".join(rest)).strip("\n") or None)]
        for n, m in boxes:
            text = (m.group("t") or "").strip()
            got = self.from_text(text, n, checked=ticked(m)) if text else self.make("(empty)", n, checked=ticked(m))
            self.b.unsure(got, "id", "checkbox line inside raw HTML or an indented block", n)
            items.append(got)
        return items

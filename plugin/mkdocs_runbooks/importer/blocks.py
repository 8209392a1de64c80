"""Markdown -> a small block tree with 0-based line spans.

Only block rules run: inline parsing is disabled (it is most of markdown-it's
cost) because the importer keeps inline Markdown as text and reads the few
inline patterns it needs (blanks, checkboxes) with regexes.

``parse`` tries the line-based fast path (fastblocks.py) one top-level block
at a time; a block it is unsure about goes to markdown-it, together with the
lines up to the next place where a top-level block surely starts.
"""

from __future__ import annotations

import textwrap
from bisect import bisect_right

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from mkdocs_runbooks.importer.blocktree import Block
from mkdocs_runbooks.importer.fastblocks import AVAILABLE, FastParser, Unsure

__all__ = ["Block", "parse", "parse_markdown_it", "source", "walk_text"]

# Option keys markdown-it reads with .get() are spelled out (same defaults):
# a missing key costs a KeyError inside Mapping.get on every list item.
_OPTIONS = {"html": True, "tasklists": False, "alerts": False, "inline_definitions": False}
_MD = MarkdownIt("commonmark", _OPTIONS).enable("table").disable("inline").use(front_matter_plugin)
# For stretches that do not start the document: a '---' there is never front matter.
_MD_BODY = MarkdownIt("commonmark", _OPTIONS).enable("table").disable("inline")
_LEAVES = frozenset(("fence", "code_block", "html_block", "hr", "front_matter"))
# Blocks that may run on over a blank line and an unindented line (see _stretch).
_OPEN_ENDED = frozenset(("fence", "html_block", "front_matter"))
_MAX_AHEAD = 512
_DEEP = 18  # token level near markdown-it's maxNesting (20), past which it drops the rest of the file


def parse(text: str) -> list[Block]:
    """The Markdown blocks of `text` (markdown-it tokens folded into a tree of Block)."""
    if "\r" in text or "\0" in text or not AVAILABLE:  # markdown-it normalises \r and \0 first; the fast path does not
        return parse_markdown_it(text)
    lines = text.split("\n")
    # markdown-it counts no final line of only blanks after the last newline.
    last_lf = lines[-1].strip(" \t") == ""
    if last_lf:
        lines.pop()
    n = len(lines)
    fast = FastParser(lines, last_lf)
    out: list[Block] = []
    bounds: list[int] | None = None
    k = 0
    ahead = 0  # lines the next stretch covers at least: grows while the fast path keeps failing
    while True:
        try:
            k = fast.skip_empty(k)
            if k >= n:
                break
            block, k = fast.block_at(k)
            out.append(block)
            ahead = 0
        except Unsure:
            if bounds is None:
                bounds = _boundaries(lines)
            k = _stretch(lines, k, bounds, last_lf, out, ahead)
            # A file full of what the fast path does not do: fewer, longer calls to markdown-it.
            ahead = min(max(16, 2 * ahead), _MAX_AHEAD)
    return out


def parse_markdown_it(text: str) -> list[Block]:
    """The reference parse: markdown-it over the whole text."""
    return _convert(_MD.parse(text), 0)


def _boundaries(lines: list[str]) -> list[int]:
    """Lines where a top-level block starts unless a fence, HTML block or front
    matter is still open: an unindented line after a blank one closes every
    list, quote, paragraph and table, unless it is itself a list item."""
    out = []
    prev_blank = False
    for i, ln in enumerate(lines):
        if prev_blank and ln[:1] not in ("", " ", "\t", "-", "*", "+") and not ln[0].isdigit():
            out.append(i)
        prev_blank = not ln.strip(" \t")
    return out


def _stretch(lines: list[str], s: int, bounds: list[int], last_lf: bool, out: list[Block], ahead: int = 0) -> int:
    """Parse lines s.. with markdown-it up to a boundary at least `ahead` lines on; return the line after."""
    n = len(lines)
    after = s + ahead
    if s == 0 and lines[0][:1] == "-":  # front matter: past its closing line
        after = max(after, next((i for i in range(1, n) if lines[i].startswith(("---", "..."))), n))
    e = _bound_after(bounds, after, n)
    while True:
        seg = "\n".join(lines[s:e]) + ("\n" if e < n or last_lf else "")
        tokens = (_MD if s == 0 else _MD_BODY).parse(seg)
        if e < n and any(t.level >= _DEEP for t in tokens):
            e = n  # maxNesting cuts off the rest of the file: only a whole parse says what is left
            continue
        if e < n and any(t.type in _OPEN_ENDED and t.map and t.map[1] >= e - s for t in tokens):
            e = _bound_after(bounds, s + 2 * (e - s), n)  # may have been cut short: take more
            continue
        out.extend(_convert(tokens, s))
        return e


def _bound_after(bounds: list[int], line: int, n: int) -> int:
    i = bisect_right(bounds, line)
    return bounds[i] if i < len(bounds) else n


def _convert(tokens: list[Token], offset: int) -> list[Block]:
    """markdown-it tokens -> Blocks, line numbers shifted by offset."""
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
            span = (tok.map[0] + offset, tok.map[1] + offset) if tok.map else (top.line, top.end)
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
            span = (tok.map[0] + offset, tok.map[1] + offset) if tok.map else (top.line, top.end)
            top.children.append(Block(t, span[0], span[1], content=tok.content, info=tok.info.strip()))
    return root.children


def source(lines: list[str], start: int, end: int) -> str:
    """The Markdown source of a span, dedented, without surrounding blank lines."""
    chunk = textwrap.dedent("\n".join(lines[start:end]))
    return chunk.strip("\n")


def walk_text(blocks: list[Block]) -> int:
    """Number of blocks (for tests and sanity checks)."""
    return sum(1 + walk_text(b.children) for b in blocks)

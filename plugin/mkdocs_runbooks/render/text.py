"""Text is text: what an author writes in a runbook reaches the page as written.

Source strings are Markdown (emphasis, code spans, links, lists stay Markdown), but
raw HTML is off unless the site opts in (``allow_html``). So before a source string
goes into the site's Markdown pass, everything Markdown or HTML would read as
something other than text is escaped, outside code spans and code blocks (which
already show text literally):

- ``<`` and ``&``: ``<bastion-host>`` would be an HTML tag, ``&copy;`` an entity;
- ``\\``: a backslash is a literal character (paths, regexes), never an escape;
- ``{`` and ``}``: attribute lists (``{.class}``, ``{#id}``) would swallow them.

``<https://...>`` autolinks stay links. ``{{ }}`` and ``{% %}`` are template
syntax, applied before any of this (variables.py), so a var's value is escaped
like the text around it. The Format reference page documents this policy.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: A code span (Python-Markdown's rule: a run of n backticks up to the next run of exactly n,
#: never across a blank line) or an autolink; both are kept as they are.
_KEEP = re.compile(r"(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)|<(?:https?|ftp)://[^<>\s]+>", re.S | re.I)
_SPECIAL = re.compile(r"[&<\\{}]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", "\\": "\\\\", "{": "\\{", "}": "\\}"}
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|[0-9]+[.)])[ \t]")


def _escape(prose: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group()], prose)


@lru_cache(maxsize=8192)  # a step's text is also a rollback-map row and a banner
def literal_inline(text: str) -> str:
    """Inline Markdown with raw HTML, entities, backslash escapes and attribute lists
    turned into the text they were written as; code spans and autolinks untouched."""
    if not _SPECIAL.search(text):  # most text: nothing to do
        return text
    out: list[str] = []
    at = 0
    for m in _KEEP.finditer(text):
        out.append(_escape(text[at:m.start()]))
        out.append(m.group())
        at = m.end()
    out.append(_escape(text[at:]))
    return "".join(out)


def literal_block(text: str) -> str:
    """Block Markdown (intros, details) escaped like ``literal_inline``, with fenced and
    indented code blocks left alone."""
    if not _SPECIAL.search(text):
        return text
    out: list[str] = []
    para: list[str] = []
    fence: str | None = None
    code = in_list = False
    blank_before = True

    def flush() -> None:
        if para:
            out.append(literal_inline("\n".join(para)))
            para.clear()

    for line in text.split("\n"):
        if fence is not None:  # inside a fenced block, until the closing fence
            out.append(line)
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if code and (blank or indented):
            out.append(line)
            continue
        code = False
        m = _FENCE.match(line)
        if m:
            flush()
            fence = m.group(1)
            out.append(line)
            blank_before = False
            continue
        if indented and blank_before and not in_list:  # an indented code block
            flush()
            code = True
            out.append(line)
            continue
        if blank:
            flush()
            out.append(line)
        else:
            if _LIST_ITEM.match(line):
                in_list = True
            elif not indented and blank_before:
                in_list = False
            para.append(line)
        blank_before = blank
    flush()
    return "\n".join(out)


#: Characters that can make inline Markdown differ from the words shown.
_INLINE_SYNTAX = re.compile(r"[*_`\[\]<!]")


@lru_cache(maxsize=2)
def _inline_parser(allow_html: bool) -> Any:
    from markdown_it import MarkdownIt  # late: only titles with Markdown syntax need it

    return MarkdownIt("commonmark", {"html": allow_html})


@lru_cache(maxsize=4096)
def plain_text(text: str, allow_html: bool = False) -> str:
    """Inline Markdown as the words a reader sees, for places outside Markdown (cover,
    print heads, the PDF and export titles): emphasis and code marks dropped, links
    unwrapped, the rest as written (``<x>``, ``&amp;`` and backslashes too, as on the page;
    tags are dropped only when the site allows HTML). Whitespace runs become one space."""
    if not _INLINE_SYNTAX.search(text):
        return " ".join(text.split())
    # backslashes and entities are characters in our text, not Markdown escapes
    source = text.replace("\\", "\\\\").replace("&", "\\&")
    tokens = _inline_parser(allow_html).parseInline(source)[0].children or []
    words = [t.content if t.type in ("text", "code_inline") else " " if t.type.endswith("break") else ""
             for t in tokens]
    return " ".join("".join(words).split())


_PLAIN_SPECIAL = re.compile(r"[\\`*_\[\]|{}&<]")
_PLAIN_ESCAPES = {"&": "&amp;", "<": "&lt;", **{c: "\\" + c for c in "\\`*_[]|{}"}}


@lru_cache(maxsize=4096)
def markdown_literal(text: str) -> str:
    """A plain string (a label, a role, a contact) as Markdown that shows exactly it:
    every character Markdown or HTML would read as syntax is escaped (tables too: ``|``)."""
    return _PLAIN_SPECIAL.sub(lambda m: _PLAIN_ESCAPES[m.group()], text) if _PLAIN_SPECIAL.search(text) else text

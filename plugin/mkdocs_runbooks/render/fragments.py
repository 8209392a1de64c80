"""A page as an HTML skeleton plus Markdown fragments.

The site converts all of a page's Markdown (item text, details, headings,
commands, links) in one pass of its own pipeline; the skeleton (form
controls, wrappers, tables) is plain HTML that never goes through Markdown.
That keeps a runbook page about as cheap to build as the same checklist
written in Markdown, while the site's extensions still apply to the text.

Each fragment is preceded by a marker paragraph in the Markdown document (one
word of letters and digits, which no Markdown extension rewrites); the
converted HTML is split on the markers and spliced into the skeleton. Markers
are paragraphs, not HTML comments: Python-Markdown stashes every raw HTML
block, and comment markers made the conversion of a page ~1.7x slower.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.render.partials import Partials, shipped
from mkdocs_runbooks.render.text import literal_block, literal_inline

_PLACEHOLDER = re.compile("\x02(\\d+)\x03")
# Blocks the site's search must skip (form controls, rollback map): the adapter keeps them
# out of the page while search indexes it, then puts them back (``hold``/``put_back``).
_HELD = re.compile("\x04(.*?)\x05", re.S)
_HELD_SLOT = re.compile(r"<!--rb-held-(\d+)-->")
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_ONE_PARAGRAPH = re.compile(r"\A\s*<p>(.*)</p>\s*\Z", re.S)


def unindexed(html: str) -> str:
    """Mark skeleton HTML that search should not index (it also carries ``data-search-exclude``).

    Material's search parses every tag of a page, excluded or not; on a runbook
    page these blocks were ~40% of its parsing work.
    """
    return f"\x04{html}\x05"


def put_back(content: str, held: list[str]) -> tuple[str, int]:
    """Undo ``RenderedPage.hold``: the held blocks go back where they were; also says how
    many slots were gone (another plugin may have stripped HTML comments)."""
    out, n = _HELD_SLOT.subn(lambda m: held[int(m.group(1))], content)
    return out, len(held) - n


@dataclass
class Fragments:
    """Collects Markdown pieces while the skeleton is rendered."""

    seed: str = ""
    items: list[tuple[bool, str]] = field(default_factory=list)  # (inline?, markdown)
    #: the site's `allow_html` option: source text may carry raw HTML (text.py)
    allow_html: bool = False
    #: the page's texts (site language and overrides): every label of ours comes from here
    strings: Strings = field(default_factory=english)
    #: the page's building blocks as templates (partials.py): ours, or the site theme's overrides
    partials: Partials = field(default_factory=shipped)
    #: fragment index -> its HTML, made without the page's Markdown pass (``preconvert``)
    done: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A marker a source cannot type by accident; stable so a page renders the same twice.
        self.nonce = "rbfrag" + hashlib.sha1(self.seed.encode()).hexdigest()[:10]
        # The pattern starts with the marker's literal text, so the regex engine can jump from
        # one marker to the next; the `<p>` that opens a marker's paragraph is cut off in split().
        self._split = re.compile(f"{self.nonce}x(\\d+|end)(?:</p>)?")

    def block(self, markdown: str) -> str:
        """Block Markdown (headings, paragraphs, lists, code); returns its placeholder."""
        self.items.append((False, markdown))
        return f"\x02{len(self.items) - 1}\x03"

    def inline(self, markdown: str) -> str:
        """One line of inline Markdown, spliced in without its <p> wrapper."""
        self.items.append((True, markdown))
        return f"\x02{len(self.items) - 1}\x03"

    def text(self, markdown: str) -> str:
        """An author's inline Markdown, as written (raw HTML only if the site allows it)."""
        return self.inline(markdown if self.allow_html else literal_inline(markdown))

    def prose(self, markdown: str) -> str:
        """An author's block Markdown (intro, details), as written."""
        return self.block(markdown if self.allow_html else literal_block(markdown))

    def lit(self, markdown: str) -> str:
        """An author's inline Markdown made safe to put inside our own Markdown (a heading)."""
        return markdown if self.allow_html else literal_inline(markdown)

    def preconvert(self, convert: Callable[[bool, str], str | None]) -> None:
        """Take the HTML of the fragments ``convert(inline, markdown)`` can make without the page's
        Markdown pass (render/direct.py); those are left out of ``document()``. The first fragment
        (the page title, which the site reads from the document) always stays."""
        done = self.done
        for i, (inline, text) in enumerate(self.items):
            if i and i not in done:
                html = convert(inline, text)
                if html is not None:
                    done[i] = html

    def document(self) -> str:
        """The Markdown the site converts: fragments separated by markers.

        The first fragment has no marker before it, so a page that starts with
        its ``# Title`` keeps it as the title MkDocs reads.
        """
        # An inline fragment shares its marker's paragraph: one block fewer per item to convert.
        done = self.done
        parts = [f"{text.strip()}\n" if i == 0 else f"{self.nonce}x{i} {text.strip()}\n" if inline
                 else f"{self.nonce}x{i}\n\n{text.strip()}\n"
                 for i, (inline, text) in enumerate(self.items) if i not in done]
        parts.append(f"{self.nonce}xend\n")
        return "\n".join(parts)

    def split(self, html: str) -> tuple[dict[int, str], str]:
        """Converted HTML -> (fragment index -> HTML, tail after the last fragment, e.g. footnotes)."""
        pieces = self._split.split(html)
        # each chunk before a marker ends with the `<p>` of the marker's paragraph (unless a raw
        # HTML block swallowed the marker): cut it off
        pieces[:-1:2] = [c[:-3] if c.endswith("<p>") else c for c in pieces[:-1:2]]
        found: dict[int, str] = {0: pieces[0].strip()} if self.items else {}
        tail = ""
        for key, chunk in zip(pieces[1::2], pieces[2::2]):
            if key == "end":
                tail = chunk.strip()
            else:
                i = int(key)
                chunk = chunk.strip()
                if self.items[i][0] and chunk.endswith("</p>") and "<p>" not in chunk:
                    chunk = chunk[:-4].rstrip()  # the rest of the marker's paragraph
                found[i] = chunk
        return found, tail


@dataclass
class RenderedPage:
    """What the renderer gives an adapter: Markdown to convert, and how to finish the page."""

    skeleton: str
    fragments: Fragments
    #: the page title as HTML-escaped text, given to the site as front matter: MkDocs would take
    #: it from the H1 and Material's <title> unescapes that (`&lt;/title&gt;` would close it)
    title: str = ""

    @property
    def markdown(self) -> str:
        """The Markdown document for a site engine (front matter + ``document()``)."""
        head = f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n\n" if self.title else ""
        return head + self.fragments.document()

    @property
    def anchor_ids(self) -> set[str]:
        """Ids the skeleton itself puts on the page (items, triggers, ...): deep-link targets."""
        return set(_ID_ATTR.findall(self.skeleton))

    def append_markdown(self, markdown: str) -> None:
        """Add a block at the end of the page (e.g. the 'Changes' section)."""
        if markdown.strip():
            self.skeleton += "\n" + self.fragments.block(markdown) + "\n"

    def _filled(self, html: str) -> str:
        found, tail = self.fragments.split(html)
        kinds = self.fragments.items

        done = self.fragments.done

        def fill(m: re.Match[str]) -> str:
            i = int(m.group(1))
            if i in done:
                return done[i]
            piece = found.get(i, "")
            if i == 0 and kinds[0][0]:  # the first fragment has no marker: a paragraph of its own
                one = _ONE_PARAGRAPH.match(piece)
                if one and "<p>" not in one.group(1):
                    piece = one.group(1)
            return piece

        return _PLACEHOLDER.sub(fill, self.skeleton) + (f"\n{tail}\n" if tail else "")

    def assemble(self, html: str) -> str:
        """The page's HTML, given the site's conversion of ``self.markdown``."""
        return self._filled(html).replace("\x04", "").replace("\x05", "")

    def hold(self, html: str) -> tuple[str, list[str]]:
        """Like ``assemble``, with the unindexed blocks replaced by comments (see ``put_back``)."""
        held: list[str] = []

        def keep(m: re.Match[str]) -> str:
            held.append(m.group(1))
            return f"<!--rb-held-{len(held) - 1}-->"

        return _HELD.sub(keep, self._filled(html)), held

    def html(self, convert: Callable[[str], str]) -> str:
        """Finish the page with any Markdown converter (for use outside MkDocs)."""
        return self.assemble(convert(self.fragments.document()))

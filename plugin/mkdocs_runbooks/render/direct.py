"""Fragments a page need not send through its Markdown pass: plain words and lone code blocks.

Issue 18 (build time): most item texts are plain words ("Staging deployment successful"),
and a command is one fenced code block that variants of a template repeat word for word.
Sending them through the page's Markdown pass costs the site's full inline and block
machinery per item, and highlighting the same command again per page. ``Direct`` gives their
HTML without that pass, and only where the result is the one the pass would give:

- **plain text**: an inline fragment (or a one-line paragraph starting with a letter) made
  only of letters, digits, spaces and punctuation that none of the site's extensions reads
  (each extension's triggers are listed in ``_TRIGGERS``; any extension not listed, or
  ``abbr`` (it rewrites any word), turns this off). Its HTML is the text with ``>`` escaped,
  as Python-Markdown's serializer writes it.
- **a fenced code block alone in its fragment** (a command, a details block that is just
  code): converted by itself with the site's own extensions and their configuration, once per
  distinct block per build; Pygments' whitespace tokens are left as bare spaces (the one
  difference from the pass: ``<span class="w"> </span>`` becomes a space; no theme styles
  them). Off when the highlighter numbers code blocks across the page (``anchor_linenums``,
  ``line_anchors``, ``line_spans`` of ``pymdownx.highlight``, ``lineanchors``, ``linespans``,
  ``anchorlinenos`` of ``codehilite``): a block converted alone would take the number of the
  first block.

``plugins`` names the modules of the site's plugins that edit a page's Markdown
(``on_page_markdown``): text they would see is sent through the pass unless the plugin is
known to touch only some characters (mkdocs-macros: ``{``), or only its own markers.

Tests: tests/render/test_direct.py builds each extension's triggers against the real
Markdown package (Hypothesis), and a site built with and without ``Direct`` is the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown.extensions import Extension

#: Characters of a plain text before any extension: letters, digits, spaces, and punctuation
#: Python-Markdown's core reads as nothing (``\\ ` * _ [ ] < & { } |`` and line breaks are out).
_PLAIN_RUN = re.compile(r"(?:[^\W_]|[ .,;:?!()'\"/%+=#@$^~>-])*\Z")

#: What makes each extension rewrite a line of text; None: it may rewrite any text.
#: Extensions that act on whole blocks only (headings, lists, fences, admonitions...) read none.
_BLOCK_ONLY = (
    "admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes", "legacy_attrs", "md_in_html",
    "meta", "nl2br", "sane_lists", "tables", "toc", "wikilinks", "legacy_em",
    "pymdownx.superfences", "pymdownx.highlight", "pymdownx.details", "pymdownx.tabbed", "pymdownx.tasklist",
    "pymdownx.saneheaders", "pymdownx.striphtml", "pymdownx.pathconverter", "pymdownx.b64", "pymdownx.escapeall",
    "pymdownx.inlinehilite", "pymdownx.betterem", "pymdownx.progressbar", "pymdownx.snippets", "pymdownx.fancylists",
    "pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.tab", "pymdownx.blocks.html",
    "pymdownx.blocks.definition", "pymdownx.blocks.caption", "material.extensions.preview",
)
_TRIGGERS: dict[str, str | None] = {
    **{name: "" for name in _BLOCK_ONLY},
    "abbr": None,  # any word may be an abbreviation defined elsewhere on the page (or by snippets)
    "extra": None,  # holds abbr
    "smarty": r"['\"]|--|\.\.|<<|>>",
    "pymdownx.smartsymbols": r"\(|--|<-|=/=|\+/-|/|\d(?:st|nd|rd|th)",
    # www/ftp in any case (magiclink's link pattern is case-insensitive); ?N: a discussion (repo_url_shorthand)
    "pymdownx.magiclink": r"[@:#!/]|\?\d|(?i:www|ftp)",
    "pymdownx.emoji": r":",
    "pymdownx.keys": r"\+\+",
    "pymdownx.mark": r"==",
    "pymdownx.caret": r"\^",
    "pymdownx.tilde": r"~",
    "pymdownx.critic": r"\{",  # {++ ++}, {~~ ~> ~~}, {>> <<}: all in braces
    "pymdownx.arithmatex": r"\$",
}
#: Plugins known to edit a page's Markdown only where these match (None: only their own markers).
_PLUGIN_TRIGGERS: dict[str, str | None] = {
    "mkdocs_runbooks.": None,  # our own `<!-- runbooks:... -->` markers
    "material.plugins.": None,  # tags, blog, ...: their own markers and pages
    "mkdocs.contrib.search": None,
    "mkdocs_macros.": r"\{",  # Jinja: {{ }}, {% %}, {# #}
}
#: Highlighter options that number a page's code blocks (a block alone would be number 0).
_NUMBERED = {"pymdownx.highlight": ("anchor_linenums", "line_anchors", "line_spans"),
             "codehilite": ("lineanchors", "linespans", "anchorlinenos")}
_FENCE = re.compile(r"(`{3,}|~{3,})[^\n`]*\n(.*)\n\1\Z", re.S)
_ANY_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})", re.M)
_NAME_PREFIX = "markdown.extensions."
_SPACES = re.compile(r'<span class="w">([ \t\n]*)</span>')
#: pymdownx.snippets' marker (``--8<-- "file"``): a block holding it reads a file when converted
_SNIPPET = re.compile(r"-8<-")


def extension_name(ext: object) -> str:
    """``markdown.extensions.toc`` and ``toc`` are the same extension; an instance is named by its module."""
    name = ext if isinstance(ext, str) else type(ext).__module__
    name = name.partition(":")[0]
    return name[len(_NAME_PREFIX):] if name.startswith(_NAME_PREFIX) else name


class Direct:
    """``direct(inline, markdown)``: a fragment's HTML made without the page's Markdown pass, or None.

    ``extensions``/``configs``: the site's Markdown extensions and their options (as MkDocs'
    ``markdown_extensions`` and ``mdx_configs``); ``plugins``: module names of plugins that edit
    a page's Markdown. Code blocks are converted with a Markdown instance of those extensions,
    made on first use; each distinct block once (``converted`` counts the conversions).
    """

    def __init__(self, extensions: Sequence[str | Extension], configs: Mapping[str, Any] | None = None,
                 plugins: Sequence[str] = ()) -> None:
        self.extensions = list(extensions)
        self.configs = dict(configs or {})
        names = [extension_name(e) for e in self.extensions]
        triggers: list[str] = []  # what the extensions read in text
        edits: list[str] = []  # what plugins read in a page's Markdown, code included
        self.text_ok = True
        for name in names:
            found = _TRIGGERS.get(name)
            if found is None:
                self.text_ok = False
            elif found:
                triggers.append(found)
        self.code_ok = not any(self._option(name, opt) for name, opts in _NUMBERED.items() if name in names
                               for opt in opts)
        # snippets' auto_append adds its files to every document: a block converted alone would repeat them
        self.snippets = "pymdownx.snippets" in names
        if self.snippets and self._option("pymdownx.snippets", "auto_append"):
            self.code_ok = False
        #: the converted blocks may serve the next build of a `serve` session: only when every extension
        #: is known to read nothing but the block (snippets reads files, an unknown one may read anything)
        self.reusable = not self.snippets and all(name in _TRIGGERS for name in names)
        for module in plugins:
            rule = next((r for prefix, r in _PLUGIN_TRIGGERS.items() if module.startswith(prefix)), "unknown")
            if rule == "unknown":
                self.text_ok = self.code_ok = False
            elif rule:
                edits.append(rule)
        self._trigger = re.compile("|".join(triggers + edits)) if triggers or edits else None
        self._edits = re.compile("|".join(edits)) if edits else None
        self._md: Any = None
        self._code: dict[str, str] = {}
        self.converted = 0

    def _option(self, name: str, option: str) -> bool:
        for key, value in self.configs.items():
            if extension_name(key) == name and isinstance(value, Mapping) and value.get(option):
                return True
        return False

    def plain(self, text: str) -> bool:
        """True if the site's Markdown would show ``text`` as it is (only ``>`` escaped)."""
        return (self.text_ok and _PLAIN_RUN.match(text) is not None
                and (self._trigger is None or self._trigger.search(text) is None))

    def __call__(self, inline: bool, markdown: str) -> str | None:
        """The HTML of one fragment (``inline``: spliced without its paragraph), or None."""
        text = markdown.strip()
        if inline:
            return text.replace(">", "&gt;") if self.plain(text) else None
        if "\n" not in text:
            if text[:1].isalpha() and self.plain(text):
                return f"<p>{text.replace('>', '&gt;')}</p>"
            return None
        return self.code(text) if self.code_ok else None

    def code(self, text: str) -> str | None:
        """The HTML of ``text`` when it is one fenced code block and nothing else, else None."""
        m = _FENCE.match(text)
        if m is None or _ANY_FENCE.search(m.group(2)):
            return None
        if self._edits is not None and self._edits.search(text):
            return None  # a plugin that edits the page's Markdown (macros: `{`) would have seen it
        if self.snippets and _SNIPPET.search(text):
            return None  # the file it includes may change between builds: the page's pass reads it each time
        html = self._code.get(text)
        if html is None:
            if self._md is None:
                import markdown

                self._md = markdown.Markdown(extensions=self.extensions, extension_configs=self.configs)
            self._md.reset()
            # Pygments wraps each run of spaces in <span class="w">: no theme styles it, and on a
            # runbook page those were one tag in six that the browser and the site's search parse
            html = self._code[text] = _SPACES.sub(r"\1", self._md.convert(text).strip())
            self.converted += 1
        return html

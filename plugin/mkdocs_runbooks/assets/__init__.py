"""Front-end assets shipped with the plugin: readable CSS and JS sources, bundled at build time.

A runbook page's first load is one stylesheet and one script of ours, each the concatenation of the
sources below in their declared order, minified (rcssmin, rjsmin) and named by a hash of their content
(``assets/runbooks/runbooks.<hash>.min.css``): the core, what must work at once (saved state, ticking,
saving, progress, the notices that protect a run). Beside them:

- the paper rules, ``runbooks-print.<hash>.min.css``, linked with ``media="print"``: the browser fetches
  it without holding the page for it, and applies it only on paper (and in ``page.pdf()``);
- the page tools, ``runbooks-tools.<hash>.min.js`` (``TOOLS``): Export, Import, Reset, Print, runs, the
  rollback and print helpers; runbooks.js fetches it when the browser is idle or on first use, and what
  the reader does before it arrives waits for it, in order (every change is logged from the first).

Pages that are not runbooks load none of them. The tags go inside the page's content (``embed``), not
into the theme's head: that works with any theme, with pre-rendered pages (``runbooks render``) and
with Material's instant navigation, which swaps the content and runs the scripts in it again.

Adding a source: append it to ``CSS``, ``JS`` or ``TOOLS``. Every script runs once per browsing session
(instant navigation runs the bundle again on each runbook page; a guard stops the repeats): runbooks.js
starts its work on each page from Material's ``document$`` and from the page load, and tells the tools
(``window.rbHooks.attach``) which page is on screen.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources

PREFIX = "assets/runbooks"
#: the screen stylesheets, in cascade order
CSS = [f"{PREFIX}/runbooks.css", f"{PREFIX}/forms.css", f"{PREFIX}/runs.css", f"{PREFIX}/rollback.css"]
#: the paper rules: a stylesheet of their own, media=print, after the screen's (so they win)
PRINT_CSS = [f"{PREFIX}/print.css"]
#: the core: the first load's only script
JS = [f"{PREFIX}/runbooks.js"]
#: the page tools, one script fetched by runbooks.js when idle or on first use; tools.js first (it
#: defines what the others plug into)
TOOLS = [f"{PREFIX}/tools.js", f"{PREFIX}/runlog.js", f"{PREFIX}/runs.js", f"{PREFIX}/runs-more.js", f"{PREFIX}/rollback.js",
         f"{PREFIX}/print.js"]
#: the styles of what the tools make: carried by the tools' script (a <style> it adds), not the first load
TOOLS_CSS = [f"{PREFIX}/tools.css"]
#: where runbooks.js has the tools' file name filled in, and tools.js their styles (string literals)
TOOLS_NAME, TOOLS_STYLE = "__RB_TOOLS__", "__RB_TOOLS_CSS__"


@dataclass(frozen=True)
class Bundle:
    """The built assets: site-root-relative URIs and their bytes."""

    css_uri: str
    css: bytes
    js_uri: str
    js: bytes
    print_uri: str
    print_css: bytes
    tools_uri: str
    tools: bytes


def sources() -> dict[str, str]:
    """Source file name -> readable text of every CSS and JS source, in declared order."""
    root = resources.files(__name__)
    return {name: (root / name).read_text(encoding="utf-8") for name in _names(CSS + PRINT_CSS + TOOLS_CSS + JS + TOOLS)}


@functools.cache
def bundle() -> Bundle:
    """Concatenate and minify the sources (once per process: they ship with the package)."""
    import rcssmin  # type: ignore[import-untyped]
    import rjsmin  # type: ignore[import-untyped]

    text = sources()

    def head(names: list[str]) -> str:
        return f"/* mkdocs-runbooks {' '.join(_names(names))} */\n"

    def mincss(names: list[str]) -> str:
        return str(rcssmin.cssmin("\n".join(text[n] for n in _names(names))))

    def css(names: list[str]) -> bytes:
        return (head(names) + mincss(names) + "\n").encode("utf-8")

    def fill(js: str, name: str, value: str) -> str:
        if js.count(f'"{name}"') != 1:
            raise RuntimeError(f"the scripts must name {name} once, as a string")
        return js.replace(f'"{name}"', json.dumps(value, ensure_ascii=False))

    def js(names: list[str]) -> str:
        # each source on its own statement: a file without a trailing semicolon cannot run into the next
        return str(rjsmin.jsmin(";\n".join(text[n] for n in _names(names))))

    tools_b = (head(TOOLS + TOOLS_CSS) + fill(js(TOOLS), TOOLS_STYLE, mincss(TOOLS_CSS)) + "\n").encode("utf-8")
    tools_uri = f"{PREFIX}/runbooks-tools.{_digest(tools_b)}.min.js"
    core = fill(js(JS), TOOLS_NAME, tools_uri.rsplit("/", 1)[1])
    js_b = (head(JS) + core + "\n").encode("utf-8")
    css_b, print_b = css(CSS), css(PRINT_CSS)
    return Bundle(f"{PREFIX}/runbooks.{_digest(css_b)}.min.css", css_b,
                  f"{PREFIX}/runbooks.{_digest(js_b)}.min.js", js_b,
                  f"{PREFIX}/runbooks-print.{_digest(print_b)}.min.css", print_b, tools_uri, tools_b)


def files() -> dict[str, bytes]:
    """Docs-relative path -> content of every file the site must serve: the two first-load files, the
    print stylesheet and the page tools."""
    b = bundle()
    return {b.css_uri: b.css, b.js_uri: b.js, b.print_uri: b.print_css, b.tools_uri: b.tools}


def root_prefix(page_url: str) -> str:
    """The relative way from a page's URL (site-root relative: ``a/b/``, ``a/b.html``, ``""``) to the
    site root: ``../../``, ``../``, ``""``. Relative, so the site works from file:// and under any base."""
    return "../" * page_url.count("/")


_ROOT_OPEN = re.compile(r'<div class="rb-runbook"[^>]*>')


def link_tag(page_url: str) -> str:
    """The ``<link>`` tags of the screen stylesheet and of the paper one (``media="print"``, after it so
    that its rules win on paper), relative to ``page_url`` (a page's URL: "a/b/")."""
    up, b = root_prefix(page_url), bundle()
    return f'<link rel="stylesheet" href="{up}{b.css_uri}"><link rel="stylesheet" href="{up}{b.print_uri}" media="print">'


def embed(html: str, page_url: str, *, link: bool = True) -> str:
    """The page's HTML with its stylesheet (first thing in the runbook element, so the runbook never
    shows unstyled; ``link=False`` when the theme's head gets it, ``in_head``) and its script after
    the runbook element (deferred: runs after the theme's own scripts, so Material's ``document$``
    exists). Unchanged if ``html`` has no runbook element."""
    m = _ROOT_OPEN.search(html)
    end = html.rfind("</div>")
    if m is None or end < m.end():
        return html
    end += len("</div>")
    script = f'\n<script src="{root_prefix(page_url)}{bundle().js_uri}" defer></script>'
    head = html[:m.end()] + link_tag(page_url) if link else html[:m.end()]
    return head + html[m.end():end] + script + html[end:]


def in_head(page_html: str, page_url: str) -> str:
    """A whole page with its stylesheet at the end of ``<head>``: render-blocking like the theme's own
    CSS. Material's instant navigation adds and removes head stylesheets as pages change."""
    at = page_html.find("</head>")
    return page_html if at < 0 else page_html[:at] + link_tag(page_url) + "\n" + page_html[at:]


def _names(uris: list[str]) -> list[str]:
    return [u.rsplit("/", 1)[-1] for u in uris]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]

"""Front-end assets shipped with the plugin: readable CSS and JS sources, bundled at build time.

A runbook page loads exactly one stylesheet and one script, each the concatenation of the sources
below in their declared order, minified (rcssmin, rjsmin) and named by a hash of their content
(``assets/runbooks/runbooks.<hash>.min.css``). Pages that are not runbooks load none of them. The
tags go inside the page's content (``embed``), not into the theme's head: that works with any theme,
with pre-rendered pages (``runbooks render``) and with Material's instant navigation, which swaps
the content and runs the scripts in it again.

Adding a source: append it to ``CSS`` or ``JS`` (print.css stays last, so paper rules win). Every
script of the bundle runs once per browsing session (instant navigation runs the bundle again on each
runbook page; a guard stops the repeats), so a script starts its work on each page from Material's
``document$`` and from the page load, as runbooks.js does.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from importlib import resources

PREFIX = "assets/runbooks"
#: the stylesheets, in cascade order
CSS = [f"{PREFIX}/runbooks.css", f"{PREFIX}/forms.css", f"{PREFIX}/runs.css", f"{PREFIX}/rollback.css"]
#: the scripts, in the order they run
JS = [f"{PREFIX}/runbooks.js", f"{PREFIX}/runs.js", f"{PREFIX}/rollback.js"]
# print: last, so that paper rules win over the screen styles above
CSS.append(f"{PREFIX}/print.css")
JS.append(f"{PREFIX}/print.js")

#: the bundle runs its sources once per document, however often instant navigation runs it
_JS_GUARD = "(function(){if(window.__rbBundle)return;window.__rbBundle=1;\n", "\n})();\n"


@dataclass(frozen=True)
class Bundle:
    """The built assets: site-root-relative URIs and their bytes."""

    css_uri: str
    css: bytes
    js_uri: str
    js: bytes


def sources() -> dict[str, str]:
    """Source file name -> readable text of every CSS and JS source, in declared order."""
    root = resources.files(__name__)
    return {name: (root / name).read_text(encoding="utf-8") for name in _names(CSS + JS)}


@functools.cache
def bundle() -> Bundle:
    """Concatenate and minify the sources (once per process: they ship with the package)."""
    import rcssmin  # type: ignore[import-untyped]
    import rjsmin  # type: ignore[import-untyped]

    text = sources()
    css = rcssmin.cssmin("\n".join(text[n] for n in _names(CSS)))
    # each source on its own statement: a file without a trailing semicolon cannot run into the next
    js = _JS_GUARD[0] + rjsmin.jsmin(";\n".join(text[n] for n in _names(JS))) + _JS_GUARD[1]
    head = f"/* mkdocs-runbooks: built from {', '.join(_names(CSS))}; readable sources in the package */\n"
    jshead = f"/* mkdocs-runbooks: built from {', '.join(_names(JS))}; readable sources in the package */\n"
    css_b, js_b = (head + css + "\n").encode("utf-8"), (jshead + js).encode("utf-8")
    return Bundle(f"{PREFIX}/runbooks.{_digest(css_b)}.min.css", css_b,
                  f"{PREFIX}/runbooks.{_digest(js_b)}.min.js", js_b)


#: fetched by runs.js on first use (switching runs, New run, Finish run, Export, Import): not on every page
LAZY = [f"{PREFIX}/runs-more.js"]


def files() -> dict[str, bytes]:
    """Docs-relative path -> content of every file the site must serve: the two bundles, and the
    scripts fetched on first use (LAZY), minified the same way."""
    b = bundle()
    out = {b.css_uri: b.css, b.js_uri: b.js}
    for uri in LAZY:
        import rjsmin

        out[uri] = rjsmin.jsmin((resources.files(__name__) / uri.rsplit("/", 1)[1]).read_text(encoding="utf-8")).encode("utf-8")
    return out


def root_prefix(page_url: str) -> str:
    """The relative way from a page's URL (site-root relative: ``a/b/``, ``a/b.html``, ``""``) to the
    site root: ``../../``, ``../``, ``""``. Relative, so the site works from file:// and under any base."""
    return "../" * page_url.count("/")


_ROOT_OPEN = re.compile(r'<div class="rb-runbook"[^>]*>')


def link_tag(page_url: str) -> str:
    """The ``<link>`` of the CSS bundle, relative to ``page_url`` (a page's URL: "a/b/")."""
    return f'<link rel="stylesheet" href="{root_prefix(page_url)}{bundle().css_uri}">'


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

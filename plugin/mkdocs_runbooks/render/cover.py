"""The cover block's print bits: running page headers and the sign-off summary.

Chromium prints ``@page`` margin boxes (checked in tests/render/test_print_pdf.py),
but their ``content`` takes only strings and counters: no ``var()``, no
``string-set``. So each page carries its own small ``@page`` rule with the
runbook's title, version and environment as CSS strings.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.render.text import plain_text

_CSS_UNSAFE = re.compile(r'[\\"\n\r<>]')


def css_string(text: str) -> str:
    """A double-quoted CSS string; '<' and '>' escaped so it cannot close <style>."""
    esc = {"\\": "\\\\", '"': '\\"', "\n": " ", "\r": " ", "<": "\\3c ", ">": "\\3e "}
    return '"' + _CSS_UNSAFE.sub(lambda m: esc[m.group()], text) + '"'


def page_counter(template: str) -> str:
    """``"Page {page} of {pages}"`` as a CSS ``content`` value: strings around the page counters."""
    parts: list[str] = []
    for piece in re.split(r"(\{pages?\})", template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or '""'


def running_heads(rb: Runbook, title: str, allow_html: bool = False, strings: Strings | None = None) -> Markup:
    """The <style> that puts title, version, environment, the date printed and "Page x of y"
    (in the site's language) on every printed page."""
    t = strings or english()
    right = " · ".join(x for x in (f"v{rb.version}" if rb.version else "", rb.meta.environment or "") if x)
    plain = plain_text(title, allow_html)  # inline Markdown -> the words shown
    rules = [f"@top-left {{ content: {css_string(plain)}; }}",
             f"@bottom-left {{ content: {css_string(t['cover.printed'] + ' ____/____/________')}; }}",
             f"@bottom-right {{ content: {page_counter(t['print.page'])}; }}"]
    if right:
        rules.append(f"@top-right {{ content: {css_string(right)}; }}")
    return Markup(f'<style class="rb-print-heads" media="print">@page {{ {" ".join(rules)} }}</style>')

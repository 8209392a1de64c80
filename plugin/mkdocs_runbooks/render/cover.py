"""The cover block's print bits: running page headers and the sign-off summary.

Chromium prints ``@page`` margin boxes (checked in tests/test_print_pdf.py),
but their ``content`` takes only strings and counters: no ``var()``, no
``string-set``. So each page carries its own small ``@page`` rule with the
runbook's title, version and environment as CSS strings.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..model import Runbook

_CSS_UNSAFE = re.compile(r'[\\"\n\r<>]')


def css_string(text: str) -> str:
    """A double-quoted CSS string; '<' and '>' escaped so it cannot close <style>."""
    esc = {"\\": "\\\\", '"': '\\"', "\n": " ", "\r": " ", "<": "\\3c ", ">": "\\3e "}
    return '"' + _CSS_UNSAFE.sub(lambda m: esc[m.group()], text) + '"'


def plain_title(title: str) -> str:
    """A title's inline Markdown as plain text: for page heads, the PDF title and exports."""
    return re.sub(r"[*`]|<[^>]*>", "", " ".join(title.split()))


def running_heads(rb: Runbook, title: str) -> Markup:
    """The <style> that puts title, version and environment on every printed page."""
    right = " · ".join(x for x in (f"v{rb.version}" if rb.version else "", rb.meta.environment or "") if x)
    plain = plain_title(title)
    rules = [f"@top-left {{ content: {css_string(plain)}; }}"]
    if right:
        rules.append(f"@top-right {{ content: {css_string(right)}; }}")
    return Markup(f'<style class="rb-print-heads" media="print">@page {{ {" ".join(rules)} }}</style>')

"""The run record page and the Runs page as a reader sees them: no empty line under the title.

The case: at 1280 px the record title "REL-2.4.0 · SmartWallet production deployment" filled its
line, and the heading's invisible permalink (¶) wrapped onto a line of its own, an empty gap of one
title line under the title. The property: at every viewport width, every line box of the page
title holds some of the title's text.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from forms_helpers import RUNBOOK
from test_runs_files import a_run

from conftest import BASE_CONFIG

pytestmark = pytest.mark.browser

# the heading's height, and the height of the lines that hold some of its text
_MEASURE = """() => {
  const h = document.querySelector('.md-content h1');
  const range = document.createRange();
  const text = [...h.childNodes].filter(n => n.nodeType === Node.TEXT_NODE);
  range.setStart(text[0], 0);
  range.setEnd(text[text.length - 1], text[text.length - 1].length);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return {height: h.getBoundingClientRect().height, lines: tops.size, lineHeight: parseFloat(getComputedStyle(h).lineHeight)};
}"""


def _no_empty_title_line(page: Any, widths: range) -> list[tuple[int, float]]:
    """The widths at which the title's box is taller than its text (a line with no title on it)."""
    gaps = []
    for w in widths:
        page.set_viewport_size({"width": w, "height": 700})
        m = page.evaluate(_MEASURE)
        extra = m["height"] - m["lines"] * m["lineHeight"]
        if extra > 2:
            gaps.append((w, extra))
    return gaps


def test_record_and_runs_page_titles_have_no_empty_line(site, serve, browser) -> None:  # type: ignore[no-untyped-def]
    # a run name and runbook title like the example site's, whose title nearly fills a line at 1280 px
    book = RUNBOOK.replace("title: Deploy {{ project }}", "title: SmartWallet production {{ project }}").replace(
        "vars: {project: Acme}", "vars: {project: deployment}")
    run = a_run(name="REL-2.4.0", title="SmartWallet production deployment")
    config = BASE_CONFIG + "  - toc:\n      permalink: true\n"  # as the example site: a ¶ after every heading
    built = site({"docs/deploy.runbook.yml": book, "runs/deploy/rel.run.json": json.dumps(run, indent=2)},
                 strict=True, config=config)
    base = serve(built.site)
    page = browser.new_page()
    try:
        for path in ("runs/deploy/rk1/", "runs/"):
            page.goto(f"{base}/{path}")
            page.wait_for_selector(".md-content h1")
            gaps = _no_empty_title_line(page, range(360, 1240, 4))
            assert not gaps, f"{path}: an empty line under the title at (width, px): {gaps[:5]}"
    finally:
        page.close()

"""Issue 12, paper: printed in real Chromium (page.pdf), read back with pypdf and looked at with pdftoppm.
White paper whatever the palette, useful sign-off widths, page breaks, the filled record, titles."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from forms_helpers import open_page
from pypdf import PdfReader

from mkdocs_runbooks.render.pdf import prepare_page

pytestmark = pytest.mark.browser

CONFIG = """\
site_name: Paper site
docs_dir: docs
theme:
  name: material
  features: [navigation.instant]
  palette:
    - scheme: slate
      primary: indigo
plugins: [search, runbooks]
nav:
  - Home: index.md
  - Nav label differs: long.runbook.yml
markdown_extensions: [attr_list, md_in_html, pymdownx.highlight, pymdownx.superfences, {toc: {permalink: true}}]
"""


def _runbook() -> str:
    lines = ['id: long', 'title: "The *Long* Runbook"', 'version: "1.0"', "sections:"]
    for s in range(1, 13):
        lines += [f"  - id: s{s}", f"    title: Section {s} heading", "    items:"]
        for i in range(1, 7):
            rollback = "\n        rollback: undo" if i == 1 else ""
            lines.append(f"      - id: s{s}-i{i}\n        text: Item {i} of section {s} with some words to wrap{rollback}")
    tall = "\\n".join(f"echo line {n}" for n in range(1, 90))
    lines += ["  - id: tall", "    title: Tall step", "    items:",
              f'      - {{id: tall-step, kind: step, text: The tall step, command: "{tall}"}}']
    lines += ["procedures:", "  - {id: undo, title: Undo, steps: [{id: u1, text: Undo it}]}",
              "signoff:", "  - {id: done, title: Deployment completed, roles: [Deployment Lead],"
              " fields: [name, signature, date, time]}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def paper_site(tmp_path_factory):  # type: ignore[no-untyped-def]
    from conftest import mkdocs_build, write_tree

    root = tmp_path_factory.mktemp("paper")
    write_tree(root, {"mkdocs.yml": CONFIG, "docs/index.md": "# Home\n", "docs/long.runbook.yml": _runbook()})
    mkdocs_build(root)
    return root / "site"


@pytest.fixture(scope="module")
def printed(paper_site, browser, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The filled sheet, printed from the dark palette with background graphics on."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(paper_site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = tmp_path_factory.mktemp("pdf") / "sheet.pdf"
    ctx = browser.new_context(color_scheme="dark", accept_downloads=True)
    try:
        page = open_page(ctx, f"http://127.0.0.1:{server.server_port}/long/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.fill("[data-rb-operator]", "Ada Lovelace")
        for ident in ("s1-i1", "s1-i2", "s2-i1"):
            page.check(f"[data-rb-item={ident}]")
        with page.expect_download() as dl:
            page.click("[data-rb-action=export]")
        run = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
        page.emulate_media(media="print")
        widths = page.evaluate("[...document.querySelectorAll('#done .rb-signoff-table thead th')]"
                               ".map(th => [th.textContent.trim(), th.getBoundingClientRect().width])")
        page.emulate_media(media="null")  # back to no emulation: page.pdf() prints with print media
        prepare_page(page, "filled", "a4")
        page.pdf(path=str(out), format="A4", print_background=True, prefer_css_page_size=True)
        yield {"pdf": out, "run": run, "widths": dict(widths)}
    finally:
        ctx.close()
        server.shutdown()
        server.server_close()


def _pages(pdf: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]


def _gray(pdf: Path, page: int) -> tuple[int, int, bytes]:
    """Page ``page`` (1-based) as 8-bit gray pixels, via pdftoppm."""
    raw = subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page), str(pdf)],
                         check=True, capture_output=True).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    assert m
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, raw[m.end():]


def test_paper_is_white_in_the_dark_palette(printed) -> None:  # type: ignore[no-untyped-def]
    for n in (1, 2):
        w, h, px = _gray(printed["pdf"], n)
        margin = [px[y * w + x] for y in range(h) for x in range(w) if y < 5 or y >= h - 5 or x < 5 or x >= w - 5]
        assert min(margin) > 60 and sum(margin) / len(margin) > 240, f"page {n}: dark margins"
        body = px[(h // 3) * w:(2 * h // 3) * w]
        assert sum(body) / len(body) > 200, f"page {n}: dark page"


def test_signoff_columns_keep_useful_widths(printed) -> None:  # type: ignore[no-untyped-def]
    w = printed["widths"]
    mm = 96 / 25.4
    assert w["Name"] >= w["Signature"] - 5 * mm, w
    assert w["Name"] >= 35 * mm, w


def test_headings_stay_with_their_first_item_and_tall_steps_start_a_page(printed) -> None:  # type: ignore[no-untyped-def]
    pages = _pages(printed["pdf"])
    for s in range(1, 13):
        where = [i for i, t in enumerate(pages) if f"Section {s} heading" in t]
        assert where, s
        assert f"Item 1 of section {s}" in pages[where[-1]], f"'Section {s} heading' ends page {where[-1] + 1}"
    [tall] = [i for i, t in enumerate(pages) if "The tall step" in t]
    assert "echo line 1 " in pages[tall]  # its checkbox line and the start of its command together
    before = pages[tall].split("The tall step")[0]
    assert "Item 6 of section 12" not in before  # it starts a new page rather than splitting from the top
    # rollback map rows are never split across pages: each row's cells on one page
    for s in range(1, 13):
        rows = [i for i, t in enumerate(pages) if f"Item 1 of section {s} with some words to wrap Undo" in t]
        assert rows, f"rollback map row of section {s} split or missing"


def test_the_filled_record(printed) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(_pages(printed["pdf"]))
    run = printed["run"]
    assert "Operator: Ada Lovelace" in text or "Operator Ada Lovelace" in text
    assert "Progress: 3 of 73 items done" in text
    day = re.search(r"Run started (\d{4}-\d\d-\d\d \d\d:\d\d)", text)
    assert day, "the run start with its date"
    stamps = re.findall(r"✓ (\d{4}-\d\d-\d\d \d\d:\d\d)", text)
    assert len(stamps) == 3, stamps  # every tick with its date, in the one format
    printed_at = re.search(r"Printed (\d{4}-\d\d-\d\d \d\d:\d\d)", text)
    assert printed_at and run["started_at"]


def test_titles_carry_no_permalink_symbol(printed) -> None:  # type: ignore[no-untyped-def]
    assert printed["run"]["title"] == "The Long Runbook"
    title = PdfReader(printed["pdf"]).metadata.title
    assert title == "The Long Runbook", title  # the runbook's title, not the nav label or site name
    assert "¶" not in " ".join(_pages(printed["pdf"]))

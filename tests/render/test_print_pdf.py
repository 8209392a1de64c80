"""Print to PDF in real Chromium and read the pages back with pypdf.

Every runbook of the example site (content/**/*.runbook.yml) is printed blank
and filled; a fixture runbook checks that blank sheets ignore saved state.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO
from mkdocs_runbooks.pipeline import compile_source, display_path
from mkdocs_runbooks.project.build import page_uri
from mkdocs_runbooks.render.pdf import prepare_page, print_pages
from mkdocs_runbooks.resolve.resolver import Templates

pytestmark = pytest.mark.browser

SOURCES = sorted(REPO.glob("content/**/*.runbook.yml"))
#: text of the site chrome and the run toolbar, which must stay off paper
CHROME = ["Table of contents", "Type to start searching", "Made with", "Back to top", "Skip to content",
          "Print blank", "Print filled"]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _plain(markdown: str) -> str:
    return _norm(re.sub(r"[*`]|<[^>]*>", "", markdown))


def _pages(pdf: Path) -> list[str]:
    return [_norm(p.extract_text()) for p in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built as users build it: `python -m mkdocs build`."""
    out = tmp_path_factory.mktemp("example") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem.removesuffix(".runbook") for s in SOURCES])
@pytest.mark.parametrize("mode", ["blank", "filled"])
def test_every_runbook_prints_as_a_sheet(example_site: Path, source: Path, mode: str, tmp_path: Path, browser) -> None:
    compiled = compile_source(source, Templates(REPO / "templates"), display_path(source, REPO))
    rb = compiled.runbook
    assert rb is not None, compiled.diagnostics
    url = page_uri(REPO / "content", source)[: -len(".md")] + "/"
    out = tmp_path / f"{rb.id}-{mode}.pdf"
    [printed] = print_pages(example_site, [(url, out)], mode=mode, paper="a4", browser=browser)
    pages = _pages(out)
    assert printed.pages == len(pages) >= 2  # a cover, then the runbook
    title = _plain(rb.title)
    for n, text in enumerate(pages, 1):
        # every page: title, version, environment, date printed, page x of y (Chromium @page margin boxes)
        assert title in text, f"page {n}: no title"
        if rb.version:
            assert f"v{rb.version}" in text, f"page {n}: no version"
        if rb.meta.environment:
            assert rb.meta.environment in text, f"page {n}: no environment"
        assert f"Page {n} of {len(pages)}" in text
        assert re.search(r"Printed \d{4}-\d\d-\d\d \d\d:\d\d", text), f"page {n}: no date printed"
        for chrome in CHROME:
            assert chrome not in text, f"page {n}: site chrome {chrome!r} printed"
    # each sign-off block, title and every role, on one page
    for block in rb.signoff:
        holders = [n for n, text in enumerate(pages, 1)
                   if _plain(block.title) in text and all(_norm(r) in text for r in block.roles)]
        assert holders, f"sign-off {block.id!r} is split across pages or missing"
    assert not rb.signoff or any("SIGNATURE" in t for t in pages)  # sign-off tables, with their headers
    # cross-references read on paper: "Database Rollback (§9.2)"
    if any(i.rollback and i.rollback != "none" and "#" not in i.rollback
           for s in rb.sections for i in s.items):
        assert re.search(r"\(§\d+\.\d+\)", " ".join(pages)), "no numbered cross-reference"
    # the cover lists the sign-offs; blank sheets say so
    assert ("BLANKSHEET" in pages[0].replace(" ", "")) == (mode == "blank")  # letter-spaced kicker


FORM = """\
id: form
title: Form sheet
version: 1.2.0
meta: {environment: production, owner: Ops}
sections:
  - id: prep
    title: Prep
    items:
      - id: backup
        text: Take the backup
        fields:
          - {id: size, type: number, label: Backup size, unit: MB}
          - {id: ok, type: yesno, label: Verified}
          - {id: when, type: date, label: Taken on}
          - {id: notes, type: textarea, label: Notes}
      - {id: done-before, text: Done in the source, checked: true}
signoff:
  - {id: go, title: Go decision, roles: [Engineering Manager, QA Lead], fields: [name, signature, date]}
"""


def _print(page, mode: str, path: Path, paper: str = "a4") -> list[str]:  # type: ignore[no-untyped-def]
    prepare_page(page, mode, paper)
    page.pdf(path=str(path), format={"a4": "A4", "letter": "Letter"}[paper], print_background=True,
             prefer_css_page_size=True)
    return _pages(path)


def test_blank_ignores_saved_state_filled_shows_it(site, serve, browser, tmp_path: Path) -> None:
    built = site({"docs/form.runbook.yml": FORM})
    base = serve(built.site)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/form/")
    page.check('[data-rb-item="backup"]')
    page.fill('[data-rb-field="backup/size"]', "4711")
    page.check('[data-rb-field="backup/ok"][value="yes"]')
    page.fill('[data-rb-field="backup/when"]', "2025-06-30")
    page.fill('[data-rb-field="backup/notes"]', "Stored in vault Zanzibar")
    page.fill('[data-rb-field="go/qa-lead/name"]', "Quentin Signer")
    page.wait_for_timeout(200)
    page.reload()  # what was typed comes back from browser state (forms JS), then prints
    assert page.input_value('[data-rb-field="backup/size"]') == "4711", "forms JS did not restore state"

    filled = " ".join(_print(page, "filled", tmp_path / "filled.pdf"))
    for value in ("4711", "06/30/2025", "Zanzibar", "Quentin Signer"):
        assert value in filled, value
    assert "__/__/____" not in filled.split("Taken on")[1][:20]  # a filled date prints its value

    blank = " ".join(_print(page, "blank", tmp_path / "blank.pdf"))
    for value in ("4711", "06/30/2025", "Zanzibar", "Quentin Signer"):
        assert value not in blank, value
    # the form is still all there, as lines and boxes to fill in by hand
    for label in ("Backup size:", "Verified: YES NO", "Taken on: __/__/____", "Notes:", "Engineering Manager",
                  "QA Lead", "NAME", "SIGNATURE", "DATE"):
        assert label in blank, label
    assert "BLANKSHEET" in blank.replace(" ", "")
    context.close()


def test_paper_sizes(site, serve, browser, tmp_path: Path) -> None:
    built = site({"docs/form.runbook.yml": FORM})
    page = browser.new_page()
    page.goto(f"{serve(built.site)}/form/")
    sizes = {}
    for paper in ("a4", "letter"):
        _print(page, "blank", tmp_path / f"{paper}.pdf", paper)
        box = PdfReader(tmp_path / f"{paper}.pdf").pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"a4": (595, 842), "letter": (612, 792)}
    page.close()


def test_cli_builds_and_prints(site, tmp_path: Path) -> None:
    built = site({"docs/ops/form.runbook.yml": FORM})
    out = tmp_path / "sheet.pdf"
    # a child process, as users run it (the session browser holds this process's playwright loop)
    proc = subprocess.run([sys.executable, "-m", "mkdocs_runbooks", "pdf", "docs/ops/form.runbook.yml", "-o", str(out),
                           "--mode", "blank", "--paper", "letter"], cwd=built.root, capture_output=True, text=True,
                          check=False)
    code, err = proc.returncode, proc.stderr
    assert code == 0, err
    assert "wrote" in err and "blank, Letter" in err
    pages = _pages(out)
    assert "Form sheet" in pages[0] and f"Page 1 of {len(pages)}" in pages[0]


def test_cli_state_fills_the_sheet_from_an_exported_run(site, serve, browser, tmp_path: Path) -> None:
    built = site({"docs/form.runbook.yml": FORM})
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{serve(built.site)}/form/")
    page.fill('[data-rb-field="backup/size"]', "31337")
    page.fill('[data-rb-field="go/qa-lead/name"]', "Rita Runfile")
    page.wait_for_timeout(200)
    with page.expect_download() as download:
        page.click('[data-rb-action="export"]', force=True)
    run = tmp_path / "run.json"
    download.value.save_as(run)
    context.close()
    out = tmp_path / "from-run.pdf"
    proc = subprocess.run([sys.executable, "-m", "mkdocs_runbooks", "pdf", "docs/form.runbook.yml", "-o", str(out),
                           "--site", str(built.site), "--state", str(run)], cwd=built.root, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    text = " ".join(_pages(out))
    assert "31337" in text and "Rita Runfile" in text  # a fresh browser: the values came from the run file

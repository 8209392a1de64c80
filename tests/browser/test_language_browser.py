"""The example site in German, Japanese and Arabic, as the browser shows it and as it prints:
no English string of ours in the page text runbooks.js writes (toolbar, progress, notices,
confirmations), nor in the PDF (issue 20, Language). Screenshots go to $RB_SHOTS when set."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from langscan import REPO, author_text, build_example, english_found, english_pieces
from pypdf import PdfReader

from mkdocs_runbooks.render.pdf import page_url, print_pages

pytestmark = pytest.mark.browser

LANGS = ("de", "ja", "ar")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {lang: build_example(tmp_path_factory.mktemp(f"site-{lang}"), lang) for lang in LANGS}


def _shot(page, tmp: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp / name
    page.screenshot(path=str(out))
    if os.environ.get("RB_SHOTS"):
        Path(os.environ["RB_SHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(out, Path(os.environ["RB_SHOTS"]) / name)


_SHOWN = """() => {
  const root = document.querySelector('.rb-runbook');
  const attrs = [...root.querySelectorAll('[title], [aria-label], [placeholder]')]
    .flatMap(e => ['title', 'aria-label', 'placeholder'].map(a => e.getAttribute(a) || ''));
  // what CSS writes (content labels) is not in innerText: read the pseudo-elements too
  const css = [...root.querySelectorAll('*')].flatMap(e => ['::before', '::after']
    .map(p => getComputedStyle(e, p).content)).filter(c => c && c !== 'none' && c !== 'normal');
  return [document.body.innerText, ...attrs, ...css].join('\\n');
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_running_page_shows_no_english_of_ours(sites: dict[str, Path], lang: str, serve, browser,
                                                   tmp_path: Path) -> None:
    pieces = english_pieces(lang, author_text(REPO))
    base = serve(sites[lang])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    # the first dialog (the point of no return) is declined, the reset confirmed
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss() if len(dialogs) == 1 else d.accept()))
    try:
        page.goto(f"{base}/examples/rollback-demo/")
        page.wait_for_selector(".rb-toolbar:not([hidden])")
        boxes = page.locator(".rb-item:not(.rb-sev-critical) > p > input[data-rb-item]")
        for i in range(3):
            boxes.nth(i).check()
        page.locator("[data-rb-operator]").fill("Aiko")
        # the point of no return asks first while a critical item before it is open
        ponr = page.locator(".rb-irreversible input[data-rb-item]").first
        ponr.click()
        assert dialogs, "no point-of-no-return confirmation"
        # the run bar (runs.js) and its tools fetched on first use (runs-more.js): New run, the Finish dialog
        page.locator("[data-rb-action=new-run]").click()
        page.wait_for_function("() => document.querySelectorAll('[data-rb-runs] option').length === 2")
        page.wait_for_selector(".rb-notice-ok")
        page.locator("[data-rb-operator]").fill("Aiko")
        page.locator("[data-rb-action=finish-run]").click()
        page.wait_for_selector(".rb-finish[open]")
        shown_runs = page.evaluate(_SHOWN)
        _shot(page, tmp_path, f"lang-{lang}-finish.png")
        page.keyboard.press("Escape")
        page.locator("[data-rb-action=import]").set_input_files(
            files=[{"name": "run.json", "mimeType": "application/json", "buffer": b"not json"}])
        page.wait_for_selector(".rb-notice-error")
        page.locator("[data-rb-menu]").click()
        shown = page.evaluate(_SHOWN)
        _shot(page, tmp_path, f"lang-{lang}-running.png")
        page.locator("[data-rb-menu]").click()
        page.locator("[data-rb-action=reset]").click()
        page.wait_for_selector(".rb-notice-ok")
        shown += "\n" + shown_runs + "\n" + page.evaluate(_SHOWN) + "\n" + "\n".join(dialogs)
        assert len(dialogs) == 2, dialogs
    finally:
        page.close()
    found = english_found(shown, pieces)
    assert not found, found
    # and the texts are the language's own, numbers included
    own = {"de": ["Exportieren", "Durchlauf begonnen", "kritisch offen", "Neuer Durchlauf", "Diesen Durchlauf abschließen"],
           "ja": ["書き出し", "実行開始", "件未完了", "新しい実行", "この実行を終了"],
           "ar": ["تصدير", "بدأ التنفيذ", "بنود حرجة مفتوحة", "تشغيل جديد", "إنهاء هذا التشغيل"]}[lang]
    for word in own:
        assert word in shown, word


def test_the_english_page_would_fail_the_scan(serve, browser) -> None:  # type: ignore[no-untyped-def]
    """The scan can fail: the English table's own pieces are found on an English page."""
    pieces = english_pieces("de", author_text(REPO))
    site = build_example(Path(os.environ.get("TMPDIR", "/tmp")) / f"rb-lang-en-{os.getpid()}", "en")
    try:
        page = browser.new_page()
        page.goto(f"{serve(site)}/examples/rollback-demo/")
        page.wait_for_selector(".rb-toolbar:not([hidden])")
        page.locator("input[data-rb-item]").first.check()
        shown = page.evaluate(_SHOWN)
        page.close()
    finally:
        shutil.rmtree(site.parent, ignore_errors=True)
    assert len(english_found(shown, pieces)) >= 20


@pytest.mark.parametrize("lang", LANGS)
def test_the_printed_pdf_shows_no_english_of_ours(sites: dict[str, Path], lang: str, browser, tmp_path: Path) -> None:
    pieces = english_pieces(lang, author_text(REPO))
    out = tmp_path / f"{lang}.pdf"
    site = sites[lang]
    print_pages(site, [(page_url(site, "runbooks/smartwallet-production.md"), out)], "filled", "a4", browser=browser)
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    found = english_found("\n".join(texts), pieces)
    assert not found, found
    if lang == "de":  # the page heads are the language's own
        assert all(re.search(rf"Seite {n} von {len(texts)}", t) for n, t in enumerate(texts, 1)), texts[0][-200:]
        assert "Gedruckt" in texts[0]
    # ja: "{page} / {pages} ページ" (pypdf reads CJK glyphs only where a CJK font is installed)
    assert all(f"{n} / {len(texts)}" in t for n, t in enumerate(texts, 1)) or lang != "ja"
    if os.environ.get("RB_SHOTS"):
        shutil.copy(out, Path(os.environ["RB_SHOTS"]) / f"lang-{lang}.pdf")

"""Print built runbook pages to PDF with headless Chromium (playwright).

Core module: it knows nothing of MkDocs. It takes a built site directory,
serves it on 127.0.0.1 (Material's JS and the forms JS need http, not file:),
opens a page, sets the print mode and paper on <html>, and calls page.pdf().
The print layout itself is assets/print.css; nothing here styles the page.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_runbooks.errors import RunbooksError

MODES = ("filled", "blank")
PAPERS = {"a4": "A4", "letter": "Letter"}
DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Chromium flags for containers and CI (DESIGN.md §8)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
INSTALL_HINT = (
    f"install it with `apt-get install -y chromium` (Debian/Ubuntu: gives {DEFAULT_CHROMIUM}), "
    "or point RUNBOOKS_CHROMIUM at a Chromium or Chrome binary"
)


class PdfError(RunbooksError):
    """Printing failed; the message is for the user (no traceback)."""


class BrowserMissing(PdfError):
    """No Chromium, or no playwright to drive it."""


@dataclass
class Printed:
    """A written PDF and its page count (None when pypdf is not installed)."""
    path: Path
    pages: int | None  # None when pypdf is not installed


def find_chromium() -> str | None:
    """The Chromium to use: $RUNBOOKS_CHROMIUM, /usr/bin/chromium, then chromium/chrome on PATH."""
    env = os.environ.get("RUNBOOKS_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def playwright_chromium() -> str | None:
    """Playwright's own downloaded browser (`python -m playwright install chromium`): the path of its
    full Chromium when that is there, "" when only its headless shell is (Playwright's default
    launch), None when it has none."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            path = pw.chromium.executable_path
            if path and Path(path).is_file():
                return path
            pw.chromium.launch(args=CHROMIUM_ARGS).close()  # the headless shell, if downloaded
            return ""
    except PlaywrightError:
        return None


def require_playwright() -> None:
    """BrowserMissing unless the `pdf` extra (playwright) is installed: checked before any build."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise BrowserMissing(
            "PDF printing needs the 'playwright' Python package: pip install 'mkdocs-runbooks[pdf]'"
        ) from None


def require_browser() -> str | None:
    """The Chromium to launch: a system one (see find_chromium), else None for Playwright's own
    downloaded browser; BrowserMissing with what to install when there is neither."""
    require_playwright()
    exe = find_chromium()
    if exe is not None:
        return exe
    where = os.environ.get("RUNBOOKS_CHROMIUM")
    if where:
        raise BrowserMissing(f"no Chromium browser found (RUNBOOKS_CHROMIUM={where} does not exist); {INSTALL_HINT}")
    own = playwright_chromium()
    if own is not None:
        return own or None
    raise BrowserMissing(f"no Chromium browser found (no {DEFAULT_CHROMIUM}, no chromium on PATH, "
                         f"no Playwright browser); {INSTALL_HINT}, or run `python -m playwright install chromium`")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on an ephemeral 127.0.0.1 port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def prepare_page(page, mode: str, paper: str) -> None:  # type: ignore[no-untyped-def]
    """Set the print contract attributes (print.css) and let print.js stamp the date. print.js comes with
    the page tools, which a runbook page fetches when idle (assets/__init__.py): wait for them a while."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function("!document.querySelector('script[src*=\"assets/runbooks/runbooks.\"]') || !!window.rbPrintPrepare",
                               timeout=15_000)
    except PlaywrightTimeout:  # the tools failed to come: print without the date stamp
        pass
    page.evaluate(
        """([mode, paper]) => {
            const html = document.documentElement;
            html.dataset.rbPrint = mode;
            html.dataset.rbPaper = paper;
            // the PDF's title is the runbook's (runbooks.js also sets it on beforeprint)
            const rb = document.querySelector("[data-rb-title]");
            if (rb) document.title = rb.dataset.rbTitle;
            if (document.activeElement) document.activeElement.blur();
            if (window.rbPrintPrepare) window.rbPrintPrepare();
            return document.fonts ? document.fonts.ready.then(() => true) : true;
        }""",
        [mode, paper],
    )


def _load_state(page, state: Path) -> None:  # type: ignore[no-untyped-def]
    """Fill the page from an exported run, through the page's own import control (forms JS)."""
    control = page.locator('input[type=file][data-rb-action="import"]')
    if control.count() == 0:
        raise PdfError("this page has no import control (data-rb-action=\"import\"); cannot apply --state")
    page.on("dialog", lambda d: d.accept())
    control.first.set_input_files(str(state))
    # The page's own import validates the file (JSON, runbook id) and posts a notice either way:
    # wait for that notice, not a fixed time, and refuse to print a "filled" sheet it rejected.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        notice = page.wait_for_selector(".rb-notice[data-kind=import]", state="attached", timeout=30_000)
    except PlaywrightTimeout:
        raise PdfError(f"the page did not confirm the import of {state} within 30 s") from None
    if notice is not None and "rb-notice-ok" not in (notice.get_attribute("class") or ""):
        first = (notice.text_content() or "").strip().split(". Nothing")[0]
        raise PdfError(f"--state {state}: {first}")


def print_pages(
    site: Path,
    jobs: list[tuple[str, Path]],
    mode: str = "filled",
    paper: str = "a4",
    state: Path | None = None,
    browser: Any = None,
) -> list[Printed]:
    """Print each (URL path under ``site``, output PDF) with one browser.

    ``browser`` is an already running Playwright browser to use (a caller that
    holds one, such as a test session); otherwise Chromium is started here.
    Each PDF is written to a temp file beside its target, then moved into place.
    """
    if mode not in MODES:
        raise PdfError(f"unknown mode {mode!r}; use one of: {', '.join(MODES)}")
    if paper not in PAPERS:
        raise PdfError(f"unknown paper {paper!r}; use one of: {', '.join(PAPERS)}")
    if browser is not None:
        with serve(site) as base:
            return [_print_one(browser, base, site, url_path, out, mode, paper, state) for url_path, out in jobs]
    exe = require_browser()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
    with serve(site) as base, sync_playwright() as pw:
        try:
            own = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        except PlaywrightError as e:
            what = exe or "Playwright's own Chromium"
            raise BrowserMissing(f"could not start {what}: {str(e).splitlines()[0]}; {INSTALL_HINT}") from None
        try:
            return [_print_one(own, base, site, url_path, out, mode, paper, state) for url_path, out in jobs]
        finally:
            own.close()


def _print_one(browser: Any, base: str, site: Path, url_path: str, out: Path, mode: str, paper: str,
               state: Path | None) -> Printed:
    page = browser.new_page()
    try:
        response = page.goto(f"{base}/{url_path.lstrip('/')}?rb-print={mode}", wait_until="load")
        if response is None or response.status >= 400:
            raise PdfError(f"page {url_path!r} not found in {site}")
        if state is not None:
            _load_state(page, state)
        prepare_page(page, mode, paper)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".pdf", dir=out.parent)
        except OSError as e:  # a file where the folder should be, no permission: the caller's to fix
            raise PdfError(f"cannot write {out}: {e.strerror or e}") from None
        os.close(fd)
        try:
            page.pdf(path=tmp, format=PAPERS[paper], print_background=True, prefer_css_page_size=True)
            pages = _count_pages(Path(tmp))
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; a PDF is meant to be shared
            os.replace(tmp, out)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return Printed(out, pages)
    finally:
        page.close()


def _count_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(path).pages)


def page_url(site: Path, page_uri: str) -> str:
    """The URL path of the docs page ``a/b.md`` in a built site (directory URLs or not)."""
    stem = page_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    if (site / stem / "index.html").is_file():
        return f"{stem}/"
    if (site / f"{stem}.html").is_file():
        return f"{stem}.html"
    raise PdfError(f"the built site {site} has no page for {page_uri} (looked for {stem}/index.html and {stem}.html)")

"""Shared fixtures: real MkDocs builds in tmp dirs, the CLI in-process, Chromium."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import re
import shutil
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from _common import site_config  # bench/_common.py (bench/ is on pytest's pythonpath)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
# as in an activated virtualenv: commands the tests run (git's textconv, pre-commit) find `runbooks`
os.environ["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

_BOX = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s*(.*)$")


def checkbox_lines(md: str) -> Iterator[tuple[int, bool, str]]:
    """(line number, ticked, text) of every Markdown checkbox line outside code fences."""
    fence = None
    for n, line in enumerate(md.splitlines(), 1):
        s = line.strip()
        if fence is None and s.startswith(("```", "~~~")):
            fence = s[:3]
            continue
        if fence is not None:
            if s.startswith(fence):
                fence = None
            continue
        m = _BOX.match(line)
        if m:
            yield n, m.group(1) in "xX", m.group(2)


#: the tests' site: the benches' (Material, search, runbooks, the extensions runbook pages use)
BASE_CONFIG = site_config("runbooks", name="Test site", tasklist=False)


@dataclass
class Built:
    root: Path
    site: Path
    logs: list[logging.LogRecord]

    def html(self, page: str) -> str:
        return (self.site / page / "index.html").read_text(encoding="utf-8")

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.logs if r.levelno >= logging.WARNING]


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def mkdocs_build(root: Path, strict: bool = False) -> list[logging.LogRecord]:
    """Run a real MkDocs build of root/mkdocs.yml, as `mkdocs build` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    cwd = os.getcwd()
    try:
        os.chdir(root)
        config = load_config(str(root / "mkdocs.yml"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except BaseException as e:  # keep what MkDocs logged: the user-facing message
            e.logs = "\n".join(r.getMessage() for r in records)  # type: ignore[attr-defined]
            raise
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
    return records


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Built]:
    """Build a site from {path: text}; mkdocs.yml defaults to BASE_CONFIG."""

    def make(files: dict[str, str], strict: bool = False, config: str | None = None) -> Built:
        tree = {"mkdocs.yml": config or BASE_CONFIG, "docs/index.md": "# Home\n", **files}
        write_tree(tmp_path, tree)
        logs = mkdocs_build(tmp_path, strict=strict)
        return Built(tmp_path, tmp_path / "site", logs)

    return make


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """``tmp_path`` as an empty git repository (tests/gitrepo.py: branch main, a test author)."""
    from gitrepo import init_repo

    return init_repo(tmp_path)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    from mkdocs_runbooks.cli.main import main

    def run(*argv: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session", autouse=True)
def user_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Builds keep their cache under the user's cache directory (platformdirs reads $XDG_CACHE_HOME):
    a tmp one for the session, so tests never write to ~/.cache nor read a developer's cache, and
    RUNBOOKS_CACHE / RUNBOOKS_CACHE_DIR set in the developer's shell do not change what tests see."""
    names = ("XDG_CACHE_HOME", "RUNBOOKS_CACHE", "RUNBOOKS_CACHE_DIR")
    saved = {k: os.environ.get(k) for k in names}
    for k in names:
        os.environ.pop(k, None)
    folder = tmp_path_factory.mktemp("user-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


# -- browser ---------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a directory on 127.0.0.1; returns the base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is missing: run ./scripts/setup (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    """A fresh browser context (its own storage) that accepts downloads (a run's Export)."""
    ctx = browser.new_context(accept_downloads=True)
    yield ctx
    ctx.close()


BROWSER_DIR = REPO / "tests" / "browser"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.html from the pages built now (tests/render/test_golden.py)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses Chromium is a `browser` test (`-m "not browser"` skips them all),
    whether or not its module remembered the marker: the tests under tests/browser/, and every test
    that asks for the `browser` fixture, directly or through another fixture. A test that runs
    Chromium another way (`runbooks pdf` in a subprocess) carries the marker itself; the
    `chromium_guard` fixture fails it when it forgot."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) or Path(str(item.path)).is_relative_to(BROWSER_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def chromium_guard(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A test without the `browser` marker gets a `RUNBOOKS_CHROMIUM` that refuses to start, so
    `-m "not browser"` runs no Chromium, and a test that starts one unmarked fails and says why."""
    if request.node.get_closest_marker("browser") is not None:
        return
    guard = tmp_path_factory.getbasetemp() / "chromium-guard"
    if not guard.is_file():
        guard.write_text("#!/bin/sh\necho 'this test starts Chromium: mark it @pytest.mark.browser' >&2\nexit 3\n")
        guard.chmod(0o755)
    monkeypatch.setenv("RUNBOOKS_CHROMIUM", str(guard))

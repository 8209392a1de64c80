"""MkDocs 1.x and ProperDocs: the plugin registered for both, the example site built by both,
the CLI reading configs as the engines do, and `runbooks pdf` with only ProperDocs installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, write_tree

BIN = Path(sys.executable).parent
RUNBOOK = """\
id: deploy
title: Deploy
version: "1.0"
sections:
  - id: prep
    title: Prepare
    items:
      - id: backup
        text: Take a backup
"""

# A Python started with this on its path cannot import MkDocs (nor Material, which needs it):
# a machine with only ProperDocs installed, without a second virtualenv.
NO_MKDOCS = '''\
import importlib.abc, sys
class _NoMkDocs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "material"):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: ProperDocs-only test)")
        return None
sys.meta_path.insert(0, _NoMkDocs())
'''


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **extra}
    env.pop("PYTHONPATH", None) if "PYTHONPATH" not in extra else None
    return env


def _no_mkdocs_env(tmp_path: Path) -> dict[str, str]:
    hide = tmp_path / "_no_mkdocs"
    hide.mkdir(exist_ok=True)
    (hide / "sitecustomize.py").write_text(NO_MKDOCS)
    return _env(PYTHONPATH=str(hide))


def test_plugin_is_registered_for_both_engines() -> None:
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        found = [ep for ep in entry_points(group=group) if ep.name == "runbooks"]
        assert len(found) == 1, group
        assert found[0].value == "mkdocs_runbooks.mkdocs.plugin:RunbooksPlugin"


def _article(html: str) -> str:
    """The page body as the theme places it, without build-specific bits (generator, dates)."""
    m = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert m, "no <article> in page"
    return m.group(1)


def test_example_site_builds_the_same_with_mkdocs_and_properdocs(tmp_path: Path) -> None:
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        out = tmp_path / engine
        proc = subprocess.run([str(BIN / engine), "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
                              cwd=REPO, env=_env(), capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        sites[engine] = out
    pages = sorted(p.relative_to(sites["mkdocs"]).as_posix() for p in sites["mkdocs"].rglob("*.html"))
    assert pages == sorted(p.relative_to(sites["properdocs"]).as_posix() for p in sites["properdocs"].rglob("*.html"))
    runbook_pages = [p for p in pages if "runbooks/" in p or "examples/" in p]
    assert len(runbook_pages) >= 6
    for page in runbook_pages + ["procedures/index.html", "templates/index.html"]:
        a = _article((sites["mkdocs"] / page).read_text(encoding="utf-8"))
        b = _article((sites["properdocs"] / page).read_text(encoding="utf-8"))
        assert a == b, page
        if page in runbook_pages:
            assert 'data-rb-item="' in a and 'class="rb-runbook"' in a
    from mkdocs_runbooks import assets

    for asset in (assets.bundle().js_uri, assets.bundle().css_uri, "schema/runbook-v1.json"):
        assert (sites["properdocs"] / asset).read_bytes() == (sites["mkdocs"] / asset).read_bytes()


def test_properdocs_alone_builds_with_the_plugin(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "properdocs.yml": "site_name: PD\ntheme: mkdocs\nplugins:\n  - search\n  - runbooks\n",
        "docs/index.md": "# Home\n", "docs/deploy.runbook.yml": RUNBOOK,
    })
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict"], cwd=tmp_path,
                          env=_no_mkdocs_env(tmp_path), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "deploy" / "index.html").read_text(encoding="utf-8")
    assert 'data-rb-item="backup"' in html and "ProperDocs" in html


@pytest.mark.browser
def test_pdf_works_with_only_properdocs(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "properdocs.yml": "site_name: PD\ntheme: mkdocs\nplugins:\n  - search\n  - runbooks\n",
        "docs/index.md": "# Home\n", "docs/deploy.runbook.yml": RUNBOOK,
    })
    env = _no_mkdocs_env(tmp_path)
    probe = subprocess.run([sys.executable, "-c", "import mkdocs"], env=env, capture_output=True, text=True, check=False)
    assert probe.returncode != 0 and "blocked" in probe.stderr  # the block works: MkDocs is not importable
    proc = subprocess.run([sys.executable, "-m", "mkdocs_runbooks", "pdf", "deploy.runbook.yml", "-o", str(tmp_path / "d.pdf"),
                           "--mode", "blank"], cwd=tmp_path / "docs", env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "ModuleNotFoundError" not in proc.stderr
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "d.pdf").pages)
    assert "Take a backup" in text


def test_pdf_says_what_to_install_before_building(tmp_path: Path, cli, monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_playwright(name, *a, **k):  # type: ignore[no-untyped-def]
        if name.startswith("playwright"):
            raise ImportError("No module named 'playwright'")
        return real_import(name, *a, **k)

    write_tree(tmp_path, {"mkdocs.yml": "site_name: x\nplugins:\n  - runbooks\n", "docs/deploy.runbook.yml": RUNBOOK})
    monkeypatch.setattr(builtins, "__import__", no_playwright)
    rc, out, err = cli("pdf", "docs/deploy.runbook.yml", "-o", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert rc == 1 and "pip install 'mkdocs-runbooks[pdf]'" in err
    assert "building" not in err  # refused before the build, not after it


# -- the config, read as the engine reads it ------------------------------------------------
INHERITING = {
    "base.yml": """\
        site_name: Shared
        docs_dir: pages
        plugins:
          runbooks:
            templates_dir: shared-templates
        """,
    "mkdocs.yml": "INHERIT: base.yml\nsite_name: Child\n",
    "shared-templates/base.yml": """\
        id: base
        title: Base
        sections:
          - id: common
            title: Common
            items:
              - id: announce
                text: Announce
        """,
    "pages/index.md": "# Home\n",
    "pages/ops/app.runbook.yml": """\
        id: app
        title: App
        version: "1.0"
        extends: base
        sections:
          - id: deploy
            title: Deploy
            items:
              - id: ship
                text: Ship it
        """,
}


def test_inherit_is_honoured_and_found_from_a_subfolder(tmp_path: Path, cli, site) -> None:
    write_tree(tmp_path, INHERITING)
    sub = tmp_path / "pages" / "ops"
    rc, out, err = cli("check", cwd=sub)
    assert rc == 0, out + err
    assert "checked 1 runbook: 0 errors" in err
    rc, out, err = cli("export", "app.runbook.yml", cwd=sub)
    assert rc == 0 and '"announce"' in out  # the inherited templates_dir was used
    # and the engine agrees: the same project builds
    from conftest import mkdocs_build

    mkdocs_build(tmp_path, strict=True)
    assert (tmp_path / "site" / "ops" / "app" / "index.html").is_file()


def test_properdocs_yml_is_found(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"properdocs.yml": "site_name: x\ndocs_dir: d\nplugins:\n  - runbooks\n",
                          "d/deploy.runbook.yml": RUNBOOK, "d/sub/.keep": ""})
    rc, out, err = cli("check", cwd=tmp_path / "d" / "sub")
    assert rc == 0 and "checked 1 runbook" in err, out + err


def test_env_tag_in_plugin_options(tmp_path: Path, cli, monkeypatch) -> None:
    files = dict(INHERITING)
    files["mkdocs.yml"] = ("site_name: x\ndocs_dir: pages\nplugins:\n  - runbooks:\n"
                           "      templates_dir: !ENV [RB_TEMPLATES, templates]\n")
    write_tree(tmp_path, files)
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 1 and "base" in out  # ./templates does not exist: 'extends: base' is unknown
    monkeypatch.setenv("RB_TEMPLATES", "shared-templates")
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 0, out + err


def test_missing_inherit_file_is_a_usage_error(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "INHERIT: nope.yml\nsite_name: x\n", "docs/index.md": "# x\n"})
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 2 and "nope.yml" in err and "internal error" not in err


def test_without_an_engine_the_same_rules_apply(tmp_path: Path, monkeypatch) -> None:
    """pre-commit and bare CI images have no MkDocs: the fallback reads INHERIT and !ENV alike."""
    from mkdocs_runbooks.mkdocs.engine import config_reader
    from mkdocs_runbooks.project import layout as project

    write_tree(tmp_path, INHERITING)
    monkeypatch.setattr(project, "_engine_reader", None)  # restored after the test
    assert config_reader(tmp_path / "mkdocs.yml") is not None  # an engine is installed here
    project.use_engine_reader(config_reader)
    with_engine = project.load_project(tmp_path / "mkdocs.yml")
    project.use_engine_reader(None)
    without = project.load_project(tmp_path / "mkdocs.yml")
    assert with_engine == without
    assert without.templates_dir == tmp_path / "shared-templates" and without.docs_dir == tmp_path / "pages"


_values = st.recursive(st.one_of(st.integers(), st.text(max_size=3), st.booleans()),
                       lambda kids: st.dictionaries(st.sampled_from("abcd"), kids, max_size=3)
                       | st.lists(kids, max_size=2), max_leaves=8)
_configs = st.dictionaries(st.sampled_from("abcde"), _values, max_size=4)


@settings(max_examples=150, deadline=None)
@given(parent=_configs, child=_configs)
def test_inherit_merge_matches_the_engines(parent: dict, child: dict) -> None:
    import copy

    import mergedeep  # what MkDocs 1.6's yaml_load merges INHERIT with
    from properdocs.utils.yaml import deep_merge_dicts  # ProperDocs' own

    from mkdocs_runbooks.project.layout import _deep_merge

    ours = _deep_merge(copy.deepcopy(parent), copy.deepcopy(child))
    assert ours == mergedeep.merge(copy.deepcopy(parent), copy.deepcopy(child))
    assert ours == deep_merge_dicts(copy.deepcopy(parent), copy.deepcopy(child))


# Playwright's sync API cannot start inside the test session's running browser: each case runs
# in a Python of its own, with PLAYWRIGHT_BROWSERS_PATH pointing at a folder made here and no
# system Chromium to be found (find_chromium patched to find none).
PLAYWRIGHT_CASE = """
import sys
from pathlib import Path
from mkdocs_runbooks.render import pdf
pdf.find_chromium = lambda: None
try:
    exe = pdf.require_browser()
except pdf.BrowserMissing as e:
    print("MISSING", e)
    sys.exit(0)
print("USING", exe)
site = Path(sys.argv[1])
printed = pdf.print_pages(site, [("", site.parent / "p.pdf")], "blank", "a4")
print("PRINTED", printed[0].path)
"""


def _playwright_case(tmp_path: Path, with_browser: bool) -> str:
    home = tmp_path / "pw-browsers"
    home.mkdir()
    env = _env(PLAYWRIGHT_BROWSERS_PATH=str(home))
    env.pop("RUNBOOKS_CHROMIUM", None)
    if with_browser:  # a link to the system Chromium stands for Playwright's downloaded one
        where = subprocess.run([sys.executable, "-c", "from playwright.sync_api import sync_playwright\n"
                                "with sync_playwright() as p: print(p.chromium.executable_path)"],
                               env=env, capture_output=True, text=True, check=True).stdout.strip()
        Path(where).parent.mkdir(parents=True)
        Path(where).symlink_to("/usr/bin/chromium")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><h1>Hello from Playwright's browser</h1></body></html>")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([sys.executable, "-c", PLAYWRIGHT_CASE, str(site)], env=env, capture_output=True,
                          text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_no_chromium_anywhere_says_what_to_install(tmp_path: Path) -> None:
    out = _playwright_case(tmp_path, with_browser=False)
    assert out.startswith("MISSING") and "python -m playwright install chromium" in out


@pytest.mark.browser
def test_playwrights_own_browser_is_used_without_a_system_chromium(tmp_path: Path) -> None:
    out = _playwright_case(tmp_path, with_browser=True)
    assert f"USING {tmp_path / 'pw-browsers'}" in out and "PRINTED" in out, out
    from pypdf import PdfReader

    assert "Hello" in PdfReader(tmp_path / "p.pdf").pages[0].extract_text()


def test_the_cli_reads_configs_with_the_engines_reader(tmp_path: Path, cli, monkeypatch) -> None:
    """The adapter plugs the engine's YAML reader into the core; the core imports no engine."""
    from mkdocs_runbooks.mkdocs.engine import config_reader
    from mkdocs_runbooks.project import layout

    monkeypatch.setattr(layout, "_engine_reader", None)
    write_tree(tmp_path, {"mkdocs.yml": "site_name: x\nplugins:\n  - runbooks\n", "docs/deploy.runbook.yml": RUNBOOK})
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 0, out + err
    assert layout._engine_reader is config_reader

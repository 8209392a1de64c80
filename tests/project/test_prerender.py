"""`runbooks render --out DIR`: pages that an engine WITHOUT our plugin builds into working
runbook pages. Built here with plain MkDocs (no runbooks plugin) and checked in Chromium,
and with Zensical where its virtualenv exists (scripts/setup makes it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from forms_helpers import RUNBOOK, open_page, progress
from hypothesis import given, settings
from hypothesis import strategies as st
from test_runs_files import a_run

from conftest import REPO, mkdocs_build, write_tree

OTHER = """\
id: other
title: Other service
sections:
  - id: go
    title: Go
    items:
      - id: flip
        kind: step
        text: Flip the switch, see [the home page](../index.md)
        rollback: deploy#db-rollback
"""
PLUGIN_CONFIG = """\
site_name: Pre-render test
theme: {name: material}
plugins:
  - search
  - runbooks
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.superfences
"""


def _project(root: Path) -> None:
    write_tree(root, {
        "mkdocs.yml": PLUGIN_CONFIG,
        "docs/index.md": "# Home\n\nSee the runbooks.\n",
        "docs/ops/deploy.runbook.yml": RUNBOOK,
        "docs/teams/other.runbook.yml": OTHER,
        "runs/deploy/rel-1.run.json": json.dumps(a_run(), indent=2),  # a committed run: the run archive
    })


def _plain_config(out_rel: str) -> str:
    """The site config of an engine without the plugin: the snippet `runbooks render` prints."""
    from mkdocs_runbooks.project.prerender import config_snippet

    return ("site_name: Pre-rendered\ntheme: {name: material}\nplugins:\n  - search\n"
            + config_snippet(out_rel).replace("  - toc\n", "  - toc\n  - pymdownx.superfences\n"))


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project rendered, built by plain MkDocs without the plugin, and by the plugin."""
    from mkdocs_runbooks.cli.main import main

    root = tmp_path_factory.mktemp("prerender")
    _project(root)
    cwd = os.getcwd()
    os.chdir(root / "docs" / "ops")  # the config is found upward
    try:
        assert main(["render", "-q", "--out", str(root / "out")]) == 0
    finally:
        os.chdir(cwd)
    plain = tmp_path_factory.mktemp("plain")
    (plain / "mkdocs.yml").write_text(_plain_config(os.path.relpath(root / "out", plain)))
    assert "runbooks" not in (plain / "mkdocs.yml").read_text().split("plugins:")[1].split("markdown_extensions")[0]
    proc = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", str(plain / "site")],
                          cwd=plain, env=_env(), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    mkdocs_build(root, strict=True)  # the same project through the plugin, to compare with
    return {"root": root, "out": root / "out", "plain": plain / "site", "plugin": root / "site"}


def _controls(html: str) -> tuple[list[str], list[str], list[str]]:
    return (re.findall(r'data-rb-item="([^"]+)"', html), re.findall(r'data-rb-field="([^"]+)"', html),
            re.findall(r'\sid="([^"]+)"', html))


def test_output_folder_holds_pages_assets_and_schema(rendered) -> None:
    out = rendered["out"]
    assert (out / "ops/deploy.md").is_file() and (out / "teams/other.md").is_file()
    assert (out / "procedures/index.md").is_file() and (out / "schema/runbook-v1.json").is_file()
    from mkdocs_runbooks import assets

    b = assets.bundle()
    assert (out / b.css_uri).is_file() and (out / b.js_uri).is_file() and (out / "index.md").is_file()
    assert not list(out.rglob("*.runbook.yml"))
    page = (out / "ops/deploy.md").read_text()
    assert page.startswith('---\nrender_macros: false\ntitle: "Deploy Acme"\n---\n')
    assert "{#" not in page and "rbfrag" not in page and "\x04" not in page and "rb-held" not in page
    # the page links its own CSS and JS (relative to its URL, ops/deploy/); no other page does
    assert f'<link rel="stylesheet" href="../../{b.css_uri}">' in page
    assert f'<script src="../../{b.js_uri}" defer></script>' in page
    assert "assets/runbooks" not in (out / "procedures/index.md").read_text()


def test_plain_mkdocs_page_matches_the_plugin_page(rendered) -> None:
    for page in ("ops/deploy", "teams/other"):
        plain = (rendered["plain"] / page / "index.html").read_text(encoding="utf-8")
        plugin = (rendered["plugin"] / page / "index.html").read_text(encoding="utf-8")
        assert _controls(plain)[:2] == _controls(plugin)[:2], page
        assert set(_controls(plugin)[2]) <= set(_controls(plain)[2]) | {"__comments"}, page
        assert plain.count("<h1") == 1  # the title once: the theme does not add a second


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start):html.index(end, html.index(start))]


def test_run_archive_is_rendered_as_the_plugin_makes_it(rendered) -> None:
    """The record page, the published run file, the Runs page and the runbook page's past runs."""
    out = rendered["out"]
    assert (out / "runs/deploy/rk1.md").is_file() and (out / "runs/index.md").is_file()
    assert json.loads((out / "runs/deploy/rk1.run.json").read_text())["id"] == "rk1"
    assert (out / "schema/run-v2.json").is_file()
    from mkdocs_runbooks import assets

    for name in ("runs/deploy/rk1", "runs"):
        plain = (rendered["plain"] / name / "index.html").read_text(encoding="utf-8")
        plugin = (rendered["plugin"] / name / "index.html").read_text(encoding="utf-8")
        # our stylesheet (relative to the page) and no script, as the plugin serves them
        prefix = "../" * name.count("/") + "../"
        assert f'href="{prefix}{assets.bundle().css_uri}"' in plain and assets.bundle().js_uri not in plain
        assert _between(plain, "<h1", "</h1>") == _between(plugin, "<h1", "</h1>")
        assert "<p><link" not in plain  # no blank paragraph above the title
        assert plain.count("<h1") == 1
    plain = (rendered["plain"] / "runs/deploy/rk1/index.html").read_text(encoding="utf-8")
    plugin = (rendered["plugin"] / "runs/deploy/rk1/index.html").read_text(encoding="utf-8")
    for start, end in (('<div class="rb-run-record"', "</dl>"), ('<div class="rb-timeline">', "</table>"),
                       ('<div class="rb-record-items">', "</table>"), ('<div class="rb-signoffs">', "</table>"),
                       ('<p class="rb-record-nav">', "</p>")):
        assert _between(plain, start, end) == _between(plugin, start, end), start
    assert 'href="../../../ops/deploy/"' in plain and 'href="../rk1.run.json"' in plain
    runs = (rendered["plain"] / "runs/index.html").read_text(encoding="utf-8")
    assert 'href="deploy/rk1/"' in runs and "Deploy Acme" in runs
    # the runbook page lists its run, linked to the engine's URL of the record
    page = (rendered["plain"] / "ops/deploy/index.html").read_text(encoding="utf-8")
    past = _between(page, '<div class="rb-block rb-past-runs"', "</ul>")
    assert past == _between((rendered["plugin"] / "ops/deploy/index.html").read_text(encoding="utf-8"),
                            '<div class="rb-block rb-past-runs"', "</ul>")
    assert re.findall(r'href="([^"]+)"', past) == ["../../runs/deploy/rk1/"]
    # record pages stay out of the navigation (the snippet's not_in_nav), as the plugin keeps them
    assert not re.search(r'href="[^"]*rk1/" class="md-nav__link', page)
    assert re.search(r'href="[^"]*runs/" class="md-nav__link', page)  # the Runs page is in it


def test_links_point_at_the_engines_urls(rendered) -> None:
    html = (rendered["plain"] / "teams/other/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./\.\./ops/deploy/#db-rollback[^"]*"', html)
    assert 'href="../../"' in html  # [the home page](../index.md) in item text
    assert ".md" not in "".join(re.findall(r'href="([^"]+)"', html.split('class="rb-runbook"')[1]))


@pytest.mark.browser
def test_ticking_saves_and_links_work_in_chromium(rendered, serve, browser) -> None:
    base = serve(rendered["plain"])
    ctx = browser.new_context()
    try:
        page = open_page(ctx, f"{base}/ops/deploy/")
        assert progress(page) == "1/5"
        page.check("[data-rb-item=backup]")
        page.fill("[data-rb-field='backup/size']", "12.5")
        assert progress(page) == "2/5"
        page.reload()
        page.wait_for_selector(".rb-runbook.rb-live")
        assert page.is_checked("[data-rb-item=backup]") and page.input_value("[data-rb-field='backup/size']") == "12.5"
        assert progress(page) == "2/5"
        # rollback link of a step goes to its procedure on the same page
        page.click("#migrate a.rb-to-rollback")
        assert page.url.endswith("#db-rollback--from-migrate")
        assert page.locator("#db-rollback--from-migrate").is_visible()
        # print: print.js comes with the page tools (when idle) and the toolbar is not on paper
        page.wait_for_function("typeof window.rbPrintPrepare === 'function'")
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('[data-rb-toolbar]')).display") == "none"
        assert page.rb_errors == []
        other = open_page(ctx, f"{base}/teams/other/")
        other.click("#flip a.rb-to-rollback")
        other.wait_for_url(re.compile(r"/ops/deploy/#db-rollback"))
        assert other.locator("#db-rollback").count() == 1 and other.rb_errors == []
    finally:
        ctx.close()


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path, cli) -> None:
    _project(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    rc, _, err = cli("render", "--out", "mine", cwd=tmp_path)
    assert rc == 1 and "not the output of an earlier `runbooks render`" in err
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    rc, _, err = cli("render", "--out", "docs/inside", cwd=tmp_path)
    assert rc == 1 and "inside docs_dir" in err and not (tmp_path / "docs/inside").exists()
    # a second render replaces the first, whole
    assert cli("render", "-q", "--out", "out", cwd=tmp_path)[0] == 0
    (tmp_path / "docs/teams/other.runbook.yml").unlink()
    assert cli("render", "-q", "--out", "out", cwd=tmp_path)[0] == 0
    assert not (tmp_path / "out/teams/other.md").exists() and (tmp_path / "out/ops/deploy.md").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no temp folders left


def test_a_broken_source_writes_nothing(tmp_path: Path, cli) -> None:
    _project(tmp_path)
    assert cli("render", "-q", "--out", "out", cwd=tmp_path)[0] == 0
    before = (tmp_path / "out/ops/deploy.md").read_text()
    # a broken run file: positioned, and nothing written
    good = (tmp_path / "runs/deploy/rel-1.run.json").read_text()
    (tmp_path / "runs/deploy/rel-1.run.json").write_text(json.dumps(a_run(outcome="done"), indent=2))
    rc, _, err = cli("render", "--out", "out", cwd=tmp_path)
    assert rc == 1 and re.search(r"runs/deploy/rel-1\.run\.json:\d+:\d+: error: outcome must be one of", err), err
    assert (tmp_path / "out/ops/deploy.md").read_text() == before
    (tmp_path / "runs/deploy/rel-1.run.json").write_text(good)
    (tmp_path / "docs/ops/deploy.runbook.yml").write_text("id: deploy\ntitle: [\n")
    rc, _, err = cli("render", "--out", "out", cwd=tmp_path)
    assert rc == 1 and "deploy.runbook.yml:3:1: error" in err
    assert (tmp_path / "out/ops/deploy.md").read_text() == before


_seg = st.from_regex(r"[a-z]{1,4}", fullmatch=True)
_uri = st.builds(lambda parts, name: "/".join([*parts, name]) + ".md", st.lists(_seg, max_size=3),
                 st.one_of(_seg, st.just("index")))


@settings(max_examples=300, deadline=None)
@given(src=_uri, dst=_uri, frag=st.one_of(st.just(""), _seg.map(lambda s: "#" + s)), dirs=st.booleans())
def test_rewritten_links_resolve_to_the_target_page(src: str, dst: str, frag: str, dirs: bool) -> None:
    """Resolving the rewritten href against the page's URL gives the target page's URL."""
    import posixpath
    from urllib.parse import urljoin

    from mkdocs_runbooks.project.prerender import page_url, rewrite_links

    href = posixpath.relpath(dst, posixpath.dirname(src) or ".") + frag
    out = rewrite_links(f'<a href="{href}">x</a>', src, dirs)
    new = re.search(r'href="([^"]*)"', out).group(1)  # type: ignore[union-attr]
    base = "http://h/" + page_url(src, dirs)
    assert urljoin(base, new) == "http://h/" + page_url(dst, dirs) + frag


ZENSICAL = REPO / ".venv-zensical" / "bin" / "zensical"


@pytest.mark.browser
def test_zensical_builds_the_pre_rendered_pages(rendered, serve, browser) -> None:
    if not ZENSICAL.is_file():
        pytest.skip("no .venv-zensical: scripts/setup makes it where Zensical installs")
    from mkdocs_runbooks.cli.main import main

    root = rendered["root"]  # Zensical wants docs_dir inside the config's folder
    cwd = os.getcwd()
    os.chdir(root)
    try:  # Zensical rewrites .md links in raw HTML itself: the pages keep them
        assert main(["render", "-q", "--engine", "zensical", "--out", "zout"]) == 0
    finally:
        os.chdir(cwd)
    (root / "zensical-site.yml").write_text(_plain_config("zout") + "site_dir: zsite\n")
    proc = subprocess.run([str(ZENSICAL), "build", "-f", "zensical-site.yml"], cwd=root, env=_env(),
                          capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = root / "zsite"
    html = (site / "ops" / "deploy" / "index.html").read_text(encoding="utf-8")
    plugin = (rendered["plugin"] / "ops/deploy/index.html").read_text(encoding="utf-8")
    assert _controls(html)[:2] == _controls(plugin)[:2]
    from mkdocs_runbooks import assets

    for asset in (assets.bundle().css_uri, assets.bundle().js_uri):
        assert asset in html and (site / asset).is_file()
    other = (site / "teams" / "other" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./\.\./ops/deploy/#db-rollback[^"]*"', other)
    ctx = browser.new_context()
    try:  # and the page works in Zensical's theme: ticking saves, across a reload
        page = open_page(ctx, f"{serve(site)}/ops/deploy/")
        page.check("[data-rb-item=backup]")
        assert progress(page) == "2/5"
        page.reload()
        page.wait_for_selector(".rb-runbook.rb-live")
        assert page.is_checked("[data-rb-item=backup]") and page.rb_errors == []
        page.screenshot(path=str(root / "zensical-page.png"), full_page=False)
    finally:
        ctx.close()

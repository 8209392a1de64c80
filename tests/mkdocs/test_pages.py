"""Runbook pages keep their text compressed while MkDocs holds every page (mkdocs/pages.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from test_plugin_build import RUNBOOK

from mkdocs_runbooks.mkdocs.pages import AnchorIds, pack, release


def _page(name: str) -> Page:
    config = MkDocsConfig()
    config.load_dict({"site_name": "T", "docs_dir": "docs"})
    return Page(None, File(f"{name}.md", "docs", "site", use_directory_urls=True), config)


# texts long enough to be compressed, short ones, non-Latin-1 and lone surrogates (Python-Markdown
# can carry them through from a broken source), and None
texts = st.one_of(st.none(), st.text(max_size=30),
                  st.builds(lambda a, n: a * n, st.text(min_size=1, max_size=40), st.integers(60, 400)))
ops = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["markdown", "content"]), st.booleans(), texts),
               max_size=40)


@settings(max_examples=150, deadline=None)
@given(ops)
def test_packed_pages_read_back_what_was_written(steps: list[tuple[int, str, bool, str | None]]) -> None:
    # any order of reads and writes over several pages gives what a plain Page would give
    pages = [_page(f"p{i}") for i in range(4)]
    plain = [_page(f"p{i}") for i in range(4)]
    for p in pages[:3]:  # the fourth stays a plain page among packed ones
        pack(p)
        pack(p)  # twice is harmless
    for i, name, write, value in steps:
        if write:
            setattr(pages[i], name, value)
            setattr(plain[i], name, value)
        assert getattr(pages[i], name) == getattr(plain[i], name)
    for p, q in zip(pages, plain):
        assert (p.markdown, p.content, p.title) == (q.markdown, q.content, q.title)
        assert p == p and (p == q) == (q == p)  # equality as the engine's Page has it, both ways
    assert pages[0] != pages[1] and pages[1] != pages[0] and pages[3] != pages[0] and pages[0] != pages[3]
    release()


def test_only_the_page_in_hand_holds_its_text() -> None:
    pages = [_page(f"p{i}") for i in range(3)]
    big = "<p>" + "x" * 10_000 + "</p>"
    for p in pages:
        pack(p)
        p.markdown, p.content = "# T\n" + "y" * 5000, big
    raw = [p for p in pages if isinstance(p.__dict__["_rb_packed_content"], str)]
    assert raw == [pages[-1]]  # the others are compressed bytes
    assert pages[0].content == big  # read back whole; now it is the page in hand
    assert isinstance(pages[-1].__dict__["_rb_packed_content"], bytes)
    release()


def test_title_needs_no_unpacking() -> None:
    # the navigation reads every page's title on every page: that must not decompress
    page = _page("deploy-notes")
    pack(page)
    page.markdown, page.content = "# Heading\n" + "z" * 5000, "<h1>Heading</h1>" + "z" * 5000
    page.meta = {"title": "From meta"}
    other = _page("other")
    pack(other)
    other.content = "w" * 5000  # deploy-notes is no longer in hand: compressed
    assert isinstance(page.__dict__["_rb_packed_markdown"], bytes)
    assert page.title == "From meta"
    assert isinstance(page.__dict__["_rb_packed_markdown"], bytes)
    page.meta = {}
    page._title_from_render = "Rendered"
    assert page.title == "Rendered"
    page._title_from_render = None
    assert page.title == "Deploy notes"  # MkDocs' own rule, from the file name
    page.title = "Set"
    assert page.title == "Set"
    release()


@settings(max_examples=100, deadline=None)
@given(st.sets(st.text(max_size=8)),
       st.sets(st.text(alphabet=st.characters(exclude_characters="\n"), min_size=1, max_size=8)), st.text(max_size=8))
def test_anchor_ids_answer_as_the_union(ids: set[str], extra: set[str], probe: str) -> None:
    # extra: the ids of a skeleton (never empty, never multi-line)
    anchors = AnchorIds(ids, extra)
    union = ids | extra
    for x in [probe, *ids, *extra]:
        assert (x in anchors) == (x in union)
    assert set(anchors) == union and len(anchors) == len(union)
    anchors.add(probe)
    assert probe in anchors


HOOK = '''
import json
from pathlib import Path
from mkdocs_runbooks.mkdocs.files import PageFile
seen = []
def on_page_context(context, page, config, nav):
    if isinstance(page.file, PageFile) and page.file.src_uri.startswith("ops/"):
        seen.append(page)
def on_post_build(config):
    # the HTML as a str in the page's attributes (packed or not): at most the page in hand
    held = [isinstance(p.__dict__.get("_rb_packed_content", p.__dict__.get("content")), str) for p in seen]
    report = {"pages": len(seen), "raw": sum(held),
              "whole": all('data-rb-item="run-migrations"' in p.content for p in seen),
              "titles": sorted(p.title for p in seen)}
    Path(config.config_file_path).with_name("report.json").write_text(json.dumps(report))
'''


def test_a_build_holds_one_runbook_page_uncompressed(site: Any, tmp_path: Path) -> None:
    config = """\
site_name: T
docs_dir: docs
theme: {name: material}
hooks: [hooks.py]
plugins: [search, runbooks]
"""
    files = {f"docs/ops/deploy{i}.runbook.yml": RUNBOOK.replace("id: deploy\n", f"id: deploy{i}\n")
             for i in range(4)}
    built = site({**files, "hooks.py": HOOK}, config=config, strict=True)
    report = json.loads((tmp_path / "report.json").read_text())
    # at the end of the build every page still gives its whole HTML, and at most one holds it as text
    assert report == {"pages": 4, "raw": report["raw"], "whole": True, "titles": ["Deploy Acme"] * 4}
    assert report["raw"] <= 1
    assert 'data-rb-item="run-migrations"' in built.html("ops/deploy0")

"""`runbooks fmt`: canonical layout by round-trip YAML; comments, order and quoting kept; idempotent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, write_tree
from mkdocs_runbooks.load.fmt import FormatError, format_text

SOURCES = sorted(REPO.glob("content/**/*.runbook.yml")) + sorted(REPO.glob("templates/**/*.yml"))
COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def _comments(text: str) -> list[str]:
    return [m.group(1).strip() for line in text.splitlines() if (m := COMMENT.search(line)) and "'" not in line
            and '"' not in line]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_shipped_source_formats_safely(path: Path) -> None:
    """(Hand-written sources are already canonical; superapp-phase7, written by the importer with list
    items at their key's indentation, is re-indented: left for the lead to apply after the merge.)"""
    text = path.read_text(encoding="utf-8")
    once = format_text(text)
    assert yaml.safe_load(once.text) == yaml.safe_load(text)  # same data
    assert _comments(once.text) == _comments(text)  # every comment kept, in order
    assert not format_text(once.text).changed  # idempotent


HAND_WRITTEN = """\
# Deploy runbook: owned by the platform team
id: demo   # do not rename: saved runs use it
title: 'Demo: deploy'
version: "1.0"
sections:
- id: prep
  title: Prep
  items:
  - {id: a, text: "Back up", command: pg_dump app}
  - id: b
    text: >-
      Folded text that
      spans lines
    details: |
      keep
        this indentation
"""


def test_layout_is_normalised_and_what_people_wrote_is_kept() -> None:
    out = format_text(HAND_WRITTEN).text
    assert out.startswith("# Deploy runbook: owned by the platform team\nid: demo   # do not rename: saved runs use it\n")
    assert "title: 'Demo: deploy'" in out and 'version: "1.0"' in out  # quoting kept
    assert "  - id: prep\n" in out and "      - {id: a, text: \"Back up\", command: pg_dump app}\n" in out
    assert "text: >-\n" in out and "details: |\n          keep\n            this indentation\n" in out
    assert yaml.safe_load(out) == yaml.safe_load(HAND_WRITTEN)
    assert format_text(out).text == out


_scalars = st.one_of(st.integers(-5, 5), st.booleans(), st.none(),
                     st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12))
_docs = st.recursive(_scalars, lambda kids: st.lists(kids, max_size=3)
                     | st.dictionaries(st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True), kids, max_size=3),
                     max_leaves=12)


@settings(max_examples=120, deadline=None)
@given(doc=st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), _docs, min_size=1, max_size=4),
       flow=st.sampled_from([False, None]), indent=st.sampled_from([2, 4]))
def test_formatting_keeps_the_data_and_is_idempotent(doc: dict, flow: bool | None, indent: int) -> None:
    text = yaml.safe_dump(doc, default_flow_style=flow, indent=indent, allow_unicode=True, sort_keys=False)
    try:
        once = format_text(text)
    except FormatError as e:  # refused rather than changed: acceptable, but must say so for a reason
        pytest.fail(f"refused {text!r}: {e}")
    assert yaml.safe_load(once.text) == doc
    assert format_text(once.text).text == once.text


def test_cli_check_rewrite_and_refusal(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "site_name: x\nplugins:\n  - runbooks\n",
                          "docs/demo.runbook.yml": HAND_WRITTEN,
                          "templates/t.yml": "id: t\ntitle: T\nsections:\n- id: s\n  title: S\n  items: []\n"})
    before = (tmp_path / "docs/demo.runbook.yml").read_text()
    rc, out, err = cli("fmt", "--check", cwd=tmp_path)
    assert rc == 1 and "would reformat docs/demo.runbook.yml" in out and "would reformat templates/t.yml" in out
    assert (tmp_path / "docs/demo.runbook.yml").read_text() == before  # --check changes nothing
    rc, out, err = cli("fmt", cwd=tmp_path)
    assert rc == 0 and "reformatted docs/demo.runbook.yml" in err
    rc, out, err = cli("fmt", "--check", cwd=tmp_path)
    assert rc == 0 and out == "", out
    (tmp_path / "docs/broken.runbook.yml").write_text("id: x\ntitle: [\n")
    rc, out, err = cli("fmt", cwd=tmp_path)
    assert rc == 1 and re.search(r"docs/broken\.runbook\.yml:3:1: error: YAML syntax error: .* \[fmt\]", out), out
    assert (tmp_path / "docs/broken.runbook.yml").read_text() == "id: x\ntitle: [\n"

"""`runbooks diff` compiles only what can differ between the sides (issue 18).

Invariant: the report of ``load_sides`` (which skips sources that are the same on
both sides and use no changed template or fragment) equals the report of compiling
both sides whole; and a source none of whose inputs changed is not compiled.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_site_cache import FRAGMENT, TEMPLATE, project

from mkdocs_runbooks.diff import diff_sides, load_side, load_sides
from mkdocs_runbooks.diff.formats import FORMATS

EDITS = st.lists(st.sampled_from(["template", "fragment", "fragment-by-alias", "source", "nothing", "new-source",
                                  "retitle-other"]), min_size=1, max_size=4)


def _edit(root: Path, what: str, n: int) -> None:
    t, d = root / "templates", root / "docs"
    if what == "template":
        (t / "base.yml").write_text(TEMPLATE.replace("Ship it", f"Ship it ({n})"))
    elif what == "fragment":
        (t / "frag.yml").write_text(FRAGMENT.replace("Smoke test passes", f"Smoke test {n} passes"))
    elif what == "fragment-by-alias":  # a source that names a fragment through a YAML alias
        (d / "alias.runbook.yml").write_text(
            "id: alias\ntitle: Alias\nx-ref: &frag checks\nsections:\n  - id: s\n    title: S\n"
            "    items: [{include: *frag}]\n")
    elif what == "source":
        (d / "api.runbook.yml").write_text(f"id: api\nextends: base\nvars: {{project: Api}}\ntitle: API {n}\n")
    elif what == "new-source":
        (d / f"new{n}.runbook.yml").write_text(f"id: new{n}\ntitle: New\nsections: []\n")
    elif what == "retitle-other":
        (t / "lone.yml").write_text((t / "lone.yml").read_text().replace("Lone", f"Lone {n}"))


def _report(old: Path, new: Path, selective: bool) -> str:
    if selective:
        a, b = load_sides(str(old), str(new), cwd=old.parent)
    else:
        a, b = load_side(str(old), cwd=old.parent), load_side(str(new), cwd=old.parent)
    return FORMATS["json"](diff_sides(a, b)).replace(str(old), "OLD").replace(str(new), "NEW")


@settings(max_examples=15, deadline=None)
@given(edits=EDITS)
def test_selective_diff_reports_what_a_whole_diff_reports(edits: list[str], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("diff")
    old = base / "old"
    project(old)
    (old / "docs" / "alias.runbook.yml").write_text(
        "id: alias\ntitle: Alias\nx-ref: &frag checks\nsections:\n  - id: s\n    title: S\n"
        "    items: [{include: *frag}]\n")
    new = base / "new"
    shutil.copytree(old, new)
    for n, what in enumerate(edits):
        _edit(new, what, n)
    assert _report(old, new, True) == _report(old, new, False)


def test_unchanged_sources_are_not_compiled(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    project(old)
    shutil.copytree(old, new)
    (new / "templates" / "lone.yml").write_text((new / "templates" / "lone.yml").read_text().replace("One thing", "Two"))
    a, b = load_sides(str(old), str(new), cwd=tmp_path)
    assert set(a.runbooks) == set(b.runbooks) == {"solo"}  # only the variant of the changed template
    result = diff_sides(a, b)
    assert [r.id for r in result.changed] == ["solo"]
    assert [t.template for t in result.templates if t.file_changed] == ["lone"]

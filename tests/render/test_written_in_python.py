"""A page written in Python is byte for byte what the shipped partials write.

Issue 17 (bench_compile budget): when a site does not override ``item.html``, the renderer writes
the item straight from the model instead of rendering the template. The template stays the
reference and the override point, so a page must not change with the path taken (the item here,
its fields, each field, and the rollback map render/partials_py.py writes). Checked on
generated runbooks (hostile text, every kind, badge, link and nesting, every language) and on
every runbook of the example site, variants included.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mkdocs_runbooks
from mkdocs_runbooks.format.keys import FIELD_TYPES
from mkdocs_runbooks.i18n import strings_for
from mkdocs_runbooks.pipeline import check_all, compile_source, compile_text
from mkdocs_runbooks.render import RenderContext, render_page
from mkdocs_runbooks.render.fragments import RenderedPage
from mkdocs_runbooks.render.partials import NAMES, Partials, partials_for, shipped
from mkdocs_runbooks.resolve.templates import Templates

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ["en", "fr", "de", "ja", "ar"]
# the characters autoescape changes, Markdown's own, and text that looks like markup
TEXT = st.text(alphabet="ab <>&\"'é`*_[]{}#-/\\|", min_size=1, max_size=12).filter(
    lambda t: t.strip() != "" and not any(o in t for o in ("{{", "{%", "{#")))  # no template syntax: vars are not the point


def _from_templates(p: Partials) -> Partials:
    """The same partials, each rendered from its template as a site's override would be (no Python)."""
    return dataclasses.replace(p, overridden=frozenset(NAMES))


def _page(rp: RenderedPage) -> tuple[str, list[tuple[bool, str]]]:
    return rp.skeleton, list(rp.fragments.items)


def _both(runbook: object, ctx: RenderContext) -> tuple[object, object]:
    python = _page(render_page(runbook, ctx))  # type: ignore[arg-type]
    themed = _page(render_page(runbook, dataclasses.replace(ctx, partials=_from_templates(ctx.partials))))  # type: ignore[arg-type]
    return python, themed


@st.composite
def _fields(draw: st.DrawFn) -> dict[str, object]:
    kind = draw(st.sampled_from(FIELD_TYPES))
    f: dict[str, object] = {"id": draw(st.sampled_from(["f", "ok", "size-mb"])), "type": kind}
    if draw(st.booleans()):
        f["label"] = draw(TEXT)
    if draw(st.booleans()):
        f["required"] = True
    if kind == "number" and draw(st.booleans()):
        f["unit"] = draw(TEXT)
    if kind == "yesno" and draw(st.booleans()):
        f["na"] = True
    if kind == "choice":
        f["options"] = draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))
    if kind in ("text", "number", "textarea", "date") and draw(st.booleans()):
        f["placeholder"] = draw(TEXT)
    return f


@st.composite
def _items(draw: st.DrawFn, prefix: str, depth: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(draw(st.integers(1, 4 if depth == 0 else 2))):
        item: dict[str, object] = {"id": f"{prefix}-{i}", "text": draw(TEXT),
                                   "kind": draw(st.sampled_from(["check", "step", "note"]))}
        if draw(st.booleans()):
            item["severity"] = draw(st.sampled_from(["critical", "high", "medium", "low"]))
        if item["kind"] != "note" and draw(st.booleans()):
            item["irreversible"] = True
        roll = draw(st.sampled_from([None, "undo", "none"]))
        if roll == "none":
            item["rollback"], item["rollback_reason"] = "none", draw(TEXT)
        elif roll:
            item["rollback"] = roll
        for key in ("owner", "estimate", "details"):
            if draw(st.booleans()):
                item[key] = draw(TEXT) if key != "estimate" else draw(st.sampled_from(["5m", "1h", "2-3 min"]))
        if draw(st.booleans()):
            item["checked"] = True
        if draw(st.booleans()):
            lines = draw(st.sampled_from([1, 2, 61]))
            item["command"] = "\n".join(f"echo {draw(TEXT)!r}" for _ in range(lines))
        if draw(st.booleans()):
            item["fields"] = draw(st.lists(_fields(), min_size=1, max_size=3, unique_by=lambda f: f["id"]))
        if depth < 2 and draw(st.booleans()):
            item["items"] = draw(_items(f"{prefix}-{i}", depth + 1))
        out.append(item)
    return out


@st.composite
def _runbooks(draw: st.DrawFn) -> tuple[str, str | None]:
    """(runbook source, template source or None): a runbook, or a variant of a template with items of its own."""
    doc = {"id": "rb", "title": draw(TEXT), "version": "1.0",
           "sections": [{"id": "s1", "title": "Steps", "items": draw(_items("a", 0))},
                        {"id": "s2", "title": "More", "items": draw(_items("b", 0))}],
           "procedures": [{"id": "undo", "title": draw(TEXT), "steps": [{"id": "undo-1", "text": "Undo it"}]}]}
    if not draw(st.booleans()):
        return json.dumps(doc), None  # JSON is YAML: no quoting to get wrong
    variant = {"id": "rb", "extends": "base", "version": "1.0",
               "insert": [{"end": "s1", "items": draw(_items("own", 0))}]}
    return json.dumps(variant), json.dumps({**doc, "id": "base"})


#: the partials written in Python too; a site may override any of them and keep the others
PYTHON_WRITTEN = ("item", "fields", "field", "rollback_map")
#: texts of ours that reach the HTML of those partials; a site's `strings` option may change them
OWN_TEXTS = ("severity.critical", "severity.low", "badge.irreversible", "field.yes", "field.no", "field.na",
             "field.signature_name", "map.step", "map.started_by", "rollback.link")
OVERRIDE_TEXT = TEXT.filter(lambda t: "{" not in t and "}" not in t)


@functools.cache
def _site_overriding(names: frozenset[str]) -> Partials:
    """The partials of a site whose custom_dir holds copies of our ``names`` (a real override folder)."""
    folder = Path(tempfile.mkdtemp(prefix="rb-overrides-"))
    (folder / "runbooks" / "partials").mkdir(parents=True)
    shipped_dir = Path(mkdocs_runbooks.__file__).parent / "templates" / "runbooks" / "partials"
    for name in names:
        shutil.copy(shipped_dir / f"{name}.html", folder / "runbooks" / "partials" / f"{name}.html")
    partials = partials_for([str(folder)])
    assert partials.overridden == names
    return partials


@settings(max_examples=80, deadline=None)
@given(source=_runbooks(), language=st.sampled_from(LANGUAGES), allow_html=st.booleans(),
       overridden=st.sets(st.sampled_from(PYTHON_WRITTEN)).map(frozenset),
       texts=st.dictionaries(st.sampled_from(OWN_TEXTS), OVERRIDE_TEXT, max_size=4))
def test_any_item_is_written_as_its_template_writes_it(source: tuple[str, str | None], language: str, allow_html: bool,
                                                       overridden: frozenset[str], texts: dict[str, str]) -> None:
    """Any runbook or variant, language, site texts, raw-HTML setting and set of partials the site overrides."""
    text, template = source
    with tempfile.TemporaryDirectory() as folder:
        if template is not None:
            (Path(folder) / "base.yml").write_text(template, encoding="utf-8")
        c = compile_text(text, "gen.runbook.yml", Templates(Path(folder)))
        check_all([c])
    assert c.runbook is not None and not c.diagnostics.errors, c.diagnostics.items[:3]
    ctx = RenderContext(strings=strings_for(language, texts), allow_html=allow_html,
                        partials=_site_overriding(overridden))
    python, themed = _both(c.runbook, ctx)
    assert python == themed
    assert ("data-rb-origin=" in python[0]) == (template is not None)  # a variant's items say where they come from


@pytest.mark.parametrize("source", sorted(REPO.glob("content/**/*.runbook.yml")), ids=lambda p: p.name)
def test_every_example_runbook_is_written_as_its_template_writes_it(source: Path) -> None:
    c = compile_source(source, Templates(REPO / "templates", root=REPO))
    check_all([c])
    assert c.runbook is not None and not c.diagnostics.errors, c.diagnostics.items[:3]
    python, themed = _both(c.runbook, RenderContext())
    assert python == themed
    if c.runbook.extends:  # a variant: its items say where they come from
        assert "data-rb-origin=" in python[0] and "rb-from-project" in python[0]


def test_the_template_is_used_when_a_site_overrides_it(tmp_path: Path) -> None:
    assert "item" in NAMES and "item" not in shipped().overridden
    c = compile_text(json.dumps({"id": "rb", "title": "T", "version": "1", "sections": [
        {"id": "s", "title": "S", "items": [{"id": "x", "text": "X"}]}]}), "t.runbook.yml")
    assert c.runbook is not None
    (tmp_path / "runbooks" / "partials").mkdir(parents=True)
    (tmp_path / "runbooks" / "partials" / "item.html").write_text("<p>mine {{ id }}</p>", encoding="utf-8")
    skeleton = render_page(c.runbook, RenderContext(partials=partials_for([str(tmp_path)]))).skeleton
    assert "<p>mine x</p>" in skeleton and 'data-rb-item="x"' not in skeleton
    assert 'data-rb-item="x"' in render_page(c.runbook, RenderContext()).skeleton

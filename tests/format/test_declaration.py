"""The format is declared once, on the model's dataclass fields (issue 17, item 1), and the source
and resolved runbooks are different types (item 2).

A key added to the declaration alone, and nowhere else, must reach the parser, the JSON Schema,
the resolved JSON, the diff, the textconv outline and the Format reference page: the test adds
one (a subclass with one more declared field, swapped in for the shape) and looks for it in each.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import tempfile
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_diff_every_key import BASE, PATHS, _node

from fuzzgen import Generator, HypothesisDraw, write_project
from mkdocs_runbooks.diff import diff_runbooks
from mkdocs_runbooks.diff.outline import outline
from mkdocs_runbooks.diff.versions import content_changes
from mkdocs_runbooks.format import export
from mkdocs_runbooks.format.keys import META, declared, key
from mkdocs_runbooks.format.model import Include, Item, Procedure, RollbackMap, Runbook, Section, Trigger
from mkdocs_runbooks.format.schema import json_schema
from mkdocs_runbooks.format.source import SHAPE_CLASSES, SourceRunbook
from mkdocs_runbooks.format.spec import SHAPES
from mkdocs_runbooks.load.ops import Insert, Patch, Remove, Replace
from mkdocs_runbooks.pipeline import compile_source, compile_text
from mkdocs_runbooks.project.docs_gen import format_reference
from mkdocs_runbooks.resolve.rollback import rollback_map
from mkdocs_runbooks.resolve.templates import Templates

#: Fields of the model that are not source keys, with why.
NOT_KEYS = {"pos": "where the element was declared", "at": "where each key's value was declared",
            "origin": "the runbook or template it came from (resolution)",
            "undoes": "the items pointing at a procedure (resolution)"}


def test_shapes_are_read_from_the_model_fields() -> None:
    for shape, cls in SHAPE_CLASSES.items():
        assert SHAPES[shape] == declared(cls), shape
        for f in dataclasses.fields(cls):
            assert META in f.metadata or f.name in NOT_KEYS, f"{cls.__name__}.{f.name} is neither a key nor known"
            if META in f.metadata:
                assert f.metadata[META].doc.strip(), f"{shape}.{f.name} has no doc"


def test_resolved_runbook_has_every_resolved_key_and_no_source_only_one() -> None:
    resolved = {f.name for f in dataclasses.fields(Runbook)}
    kept = {name for name, k in SHAPES["runbook"].items() if k.export != "-"}
    assert kept <= resolved, f"keys of the runbook shape with no resolved attribute: {kept - resolved}"
    assert not {"remove", "replace", "insert", "patch"} & resolved
    hints = typing.get_type_hints(Runbook)
    assert hints["extends"] == tuple[str, ...]
    assert hints["rollback_cache"] == RollbackMap | None
    assert not [n for n, t in hints.items() if "Include" in repr(t) or t is Any], hints
    source = typing.get_type_hints(SourceRunbook)
    assert source["extends"] == str | None
    assert source["remove"] == Remove | None and source["replace"] == Replace | None
    assert source["insert"] == Insert | None and source["patch"] == Patch | None
    assert "Include" in repr(source["sections"]) and "Include" in repr(source["triggers"])


# -- a key added to the declaration alone -------------------------------------------------------
ADDED = "added_key"
DOC = "A key that only the test declares."
#: The element shapes whose class the test can swap for one with one more key. ``runbook`` and
#: ``meta`` are built by the resolver as the resolved Runbook's own (test above: every kept key is
#: an attribute there), and ``fragment`` is never resolved (the schema and parser tests cover it).
SWAPPABLE = ("item", "section", "procedure", "trigger", "signoff", "contact", "field", "command", "input")
#: The diff attribute a change of the added key shows as, by shape.
NAMED = {"field": "fields", "command": "command", "input": "inputs"}


def _with_added_key(cls: type[Any]) -> type[Any]:
    added = dataclasses.make_dataclass(
        f"Added{cls.__name__}", [(ADDED, "str | None", dataclasses.field(default=None, metadata=key("str", DOC)))],
        bases=(cls,), slots=True)
    added.__module__ = __name__
    return added


@pytest.fixture
def added(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    shape: str = request.param
    cls = _with_added_key(SHAPE_CLASSES[shape])
    monkeypatch.setitem(SHAPE_CLASSES, shape, cls)
    monkeypatch.setitem(SHAPES, shape, declared(cls))
    export._layout.cache_clear()
    yield shape
    export._layout.cache_clear()


def _source(shape: str, value: str) -> dict[str, Any]:
    src = copy.deepcopy(BASE)
    PATHS[shape](src)[ADDED] = value
    return src


def _compile(src: dict[str, Any]) -> Runbook:
    c = compile_text(json.dumps(src), "added.runbook.yml")
    assert c.runbook is not None and not c.diagnostics.errors, [d.format() for d in c.diagnostics]
    return c.runbook


@pytest.mark.parametrize("added", SWAPPABLE, indirect=True)
def test_a_key_added_to_the_declaration_alone_reaches_every_view(added: str) -> None:
    shape = added
    schema = json_schema()["$defs"][shape]["properties"]
    assert schema[ADDED]["description"] == DOC, "the JSON Schema"
    assert f"| `{ADDED}` |" in format_reference(), "the Format reference page"

    old, new = _compile(_source(shape, "one")), _compile(_source(shape, "two"))  # the parser takes it
    exported = export.runbook_dict(old)
    assert PATHS[shape](exported)[ADDED] == "one", "the resolved JSON"

    changes = diff_runbooks(old, new).changes
    named = {a for c in changes for a in c.attributes}
    assert named == {NAMED.get(shape, ADDED)}, changes
    assert "one" in outline(old) and outline(old) != outline(new), "the textconv outline"
    assert content_changes(old, new), "the 'version not bumped' check"


def test_without_the_added_key_the_parser_refuses_it() -> None:
    """The swap above is what makes the key known: the same source is an error without it."""
    c = compile_text(json.dumps(_source("item", "one")), "added.runbook.yml")
    assert [d.code for d in c.diagnostics.errors] == ["unknown-key"]


@pytest.mark.parametrize("shape", [s for s in SHAPES if s not in ("runbook", "fragment")])
def test_the_export_writes_exactly_the_declared_keys(shape: str) -> None:
    """BASE sets every key; the exported object of each shape has those keys, and only
    what resolution adds besides them (``origin``, ``undoes``)."""
    whole = export.runbook_dict(_compile(BASE))
    exported = PATHS[shape](whole)
    missing = [k for k, v in SHAPES[shape].items() if v.export not in ("-", "true") and k not in _node(shape, k, whole)]
    assert not missing, missing
    resolution = set(exported) - set(SHAPES[shape])
    assert resolution <= {"origin", "undoes"}, resolution


def test_runbook_export_keys_follow_the_declaration() -> None:
    exported = export.runbook_dict(_compile(BASE))
    assert list(exported) == [k for k, v in SHAPES["runbook"].items() if v.export != "-" and k in exported]
    assert set(exported) == {k for k, v in SHAPES["runbook"].items() if v.export != "-"}


# -- the source form and the resolved form ------------------------------------------------------
def _walk(value: Any, where: str) -> list[str]:
    """Where a resolved runbook holds something it must not: an Include, or a source-only attribute."""
    bad: list[str] = []
    if isinstance(value, Include):
        return [where]
    if isinstance(value, list):
        for n, v in enumerate(value):
            bad += _walk(v, f"{where}[{n}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Runbook):
            assert isinstance(value.extends, tuple), where
        for f in dataclasses.fields(value):
            if f.name not in ("pos", "at", "rollback_cache"):
                bad += _walk(getattr(value, f.name), f"{where}.{f.name}")
    return bad


_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=60, **_SETTINGS)  # type: ignore[arg-type]
@given(st.data())
def test_resolved_runbooks_hold_no_include(data: st.DataObject) -> None:
    """Generated projects (templates, fragments, includes, variant operations): whatever resolves is
    the resolved form all the way down, and its rollback map is the typed cached one."""
    files = Generator(HypothesisDraw(data)).project()
    with tempfile.TemporaryDirectory(prefix="rb-types-") as tmp:
        root = Path(tmp)
        write_project(root, files)
        templates = Templates(root / "templates", root=root)
        for src in sorted(root.rglob("*.runbook.yml")):
            rb = compile_source(src, templates).runbook
            if rb is None:
                continue
            assert not _walk(rb, "runbook"), _walk(rb, "runbook")
            rmap = rollback_map(rb)
            assert rb.rollback_cache is rmap and rollback_map(rb) is rmap


def test_fragments_are_spliced_into_every_kind_of_list(tmp_path: Path) -> None:
    (tmp_path / "frag.yml").write_text(
        "id: frag\nfragment: true\nitems: [{id: fi, text: From the fragment}]\n"
        "sections: [{id: fs, title: Fragment section, items: [{include: frag}]}]\n"
        "procedures: [{id: fp, title: Fragment procedure, steps: [{include: frag}]}]\n"
        "triggers: [{id: ft, text: Fragment trigger, procedure: fp}]\n", encoding="utf-8")
    src = ("id: r\ntitle: R\nsections:\n  - include: frag\n  - id: s\n    title: S\n    items:\n"
           "      - include: frag\n      - {id: i, text: I, items: [{include: frag}]}\n"
           "procedures: [{include: frag}]\ntriggers: [{include: frag}]\n")
    c = compile_text(src, "r.runbook.yml", Templates(tmp_path))
    rb = c.runbook
    assert rb is not None
    codes = [d.code for d in c.diagnostics.errors]
    assert codes.count("include-cycle") == 2  # frag's own `- include: frag`, in its section and its procedure
    assert not _walk(rb, "runbook")
    assert [type(s) for s in rb.sections] == [Section, Section]
    assert rb.sections[1].items[0].id == "fi" and rb.sections[1].items[1].items[0].id == "fi"
    assert isinstance(rb.procedures[0], Procedure) and isinstance(rb.triggers[0], Trigger)
    assert all(isinstance(i, Item) for i in rb.sections[1].items)


def test_variant_operations_are_typed_with_positions() -> None:
    from mkdocs_runbooks.diagnostics import Diagnostics
    from mkdocs_runbooks.load.parse import Parser
    from mkdocs_runbooks.load.reader import load_text

    text = ("id: v\nextends: t\nremove: [a, b]\nreplace: {c: {title: C}}\n"
            "insert: [{after: d, items: [{id: e, text: E}]}]\npatch: {f: {owner: Ops}}\n")
    diags = Diagnostics()
    rb = Parser(diags).runbook(load_text(text, "v.runbook.yml").tree, "v.runbook.yml")
    assert isinstance(rb, SourceRunbook) and not diags.items
    assert rb.extends == "t"
    assert rb.remove is not None and [(t.id, t.pos.line, t.pos.col) for t in rb.remove.targets] == [("a", 3, 10), ("b", 3, 13)]
    assert rb.replace is not None and [(e.target.id, e.target.pos.line) for e in rb.replace.entries] == [("c", 4)]
    assert rb.insert is not None
    [entry] = rb.insert.entries
    assert (entry.where, entry.target.id, entry.what, entry.target.pos.line) == ("after", "d", "items", 5)
    assert rb.patch is not None and rb.patch.entries[0].target.id == "f"


@pytest.mark.parametrize(("text", "message"), [
    ("remove: old-step", "'remove' takes a list of ids, e.g. `remove: [old-step]`"),
    ("remove: [[a]]", "'remove' takes a list of ids"),
    ("replace: [a]", "'replace' is a mapping `{id: element}`"),
    ("replace: {a: 1}", "replace: 'a' must map to a whole element"),
    ("insert: {after: a}", "'insert' is a list of `{before|after|start|end: id, items: [...]}`"),
    ("insert: [a]", "each 'insert' entry is a mapping"),
    ("insert: [{after: a, before: b, items: []}]", "an insert names one place"),
    ("insert: [{after: [a], items: []}]", "'after' takes an id"),
    ("insert: [{aftr: a, items: []}]", "unknown key 'aftr' in insert, did you mean 'after'?"),
    ("patch: [a]", "'patch' is a mapping `{id: {key: value}}`"),
    ("patch: {a: b}", "patch: 'a' must map to `{key: value}`"),
])
def test_a_badly_shaped_operation_is_a_positioned_error(text: str, message: str) -> None:
    c = compile_text(f"id: v\ntitle: V\n{text}\n", "v.runbook.yml")
    errors = c.diagnostics.errors
    assert any(message in e.message for e in errors), [d.format() for d in c.diagnostics]
    assert all(e.pos.line == 3 for e in errors) and len(errors) <= 2, [d.format() for d in c.diagnostics]


def test_a_templates_bad_operation_is_reported_once_at_the_template(tmp_path: Path, cli: Any) -> None:
    """The parser checks an operation's shape when it reads the file, so a template's mistake is
    the template's error, reported once, not once per variant that extends it."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.yml").write_text("id: base\ntitle: Base\nremove: old-step\n", encoding="utf-8")
    for n in (1, 2):
        (tmp_path / f"v{n}.runbook.yml").write_text(f"id: v{n}\nextends: base\n", encoding="utf-8")
    code, out, err = cli("check", "--templates", str(tmp_path / "templates"), str(tmp_path / "v1.runbook.yml"),
                         str(tmp_path / "v2.runbook.yml"))
    lines = [line for line in (out + err).splitlines() if "takes a list of ids" in line]
    assert code == 1 and len(lines) == 1, out + err
    assert "base.yml:3:9: error:" in lines[0], lines


def test_the_type_checker_keeps_includes_out_of_the_resolved_form(tmp_path: Path) -> None:
    """What the types promise, checked by mypy itself: a resolved runbook's lists admit no
    Include, a source runbook's do, and ``extends`` is a tuple once resolved."""
    import subprocess
    import sys

    from conftest import REPO

    snippet = "\n".join([
        "from mkdocs_runbooks.format.model import Include, Item, Runbook",
        "from mkdocs_runbooks.format.source import SourceRunbook",
        "def f(r: Runbook, s: SourceRunbook) -> None:",
        "    r.sections[0].items.append(Include('x'))",  # line 4: refused
        "    r.procedures[0].steps[0].items.append(Include('x'))",  # line 5: refused
        "    s.sections[0] = Include('x')",  # line 6: fine, a source list holds includes
        "    e: str = r.extends",  # line 7: refused, a tuple
        "    t: str | None = s.extends",  # line 8: fine
        "    i: Item = r.sections[0].items[0]",  # line 9: fine
    ])
    checked = tmp_path / "uses_the_model.py"
    checked.write_text(snippet + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary", str(checked)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)  # the project's config and cache
    lines = sorted({int(line.split(":")[1]) for line in proc.stdout.splitlines() if ": error:" in line})
    assert lines == [4, 5, 7], proc.stdout + proc.stderr

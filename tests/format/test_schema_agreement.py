"""The checker, the shipped JSON Schema and a YAML 1.2 editor agree on every file (issue 13).

Every source, template and fragment of the project (content/, templates/, tests/fixtures/) and
every YAML example in the docs pages is read twice: as an editor does (YAML 1.2 via ruamel,
validated with `jsonschema` against the shipped schema) and as `runbooks check` does. Both must
accept, or both refuse. The schema cannot see across files (references, template vars), so the
checker's side counts only the format's own errors.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import REPO
from mkdocs_runbooks.format.spec import SHAPES
from mkdocs_runbooks.load.parse import Parser
from mkdocs_runbooks.load.reader import YMap, load_text
from mkdocs_runbooks.pipeline import compile_text
from mkdocs_runbooks.resolve.templates import Templates

SCHEMA = json.loads((REPO / "plugin" / "mkdocs_runbooks" / "runbook.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
FIXTURES = REPO / "tests" / "fixtures" / "format"
#: What a schema can say about one file; the rest (references, vars, rollback rules) needs the project.
FORMAT_CODES = {"yaml-syntax", "tab-indent", "encoding", "empty", "duplicate-key", "unsafe-tag", "bad-tag", "too-deep",
                "bad-key", "unknown-key", "wrong-type", "missing-key", "bad-id", "unknown-field-type", "bad-value",
                "bad-var", "bad-date", "bad-estimate", "bad-version", "choice-no-options"}
_FILE_KEYS = set(SHAPES["runbook"]) | set(SHAPES["fragment"])


def editor_reading(text: str) -> Any:
    """The data a YAML 1.2 editor (yaml-language-server, check-jsonschema) validates."""
    data = YAML(typ="safe", pure=True).load(io.StringIO(text))  # ruamel's pure loader reads YAML 1.2

    def jsonish(v: Any) -> Any:  # ruamel still resolves timestamps; editors see them as strings
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, dict):
            return {str(k): jsonish(x) for k, x in v.items()}
        if isinstance(v, list):
            return [jsonish(x) for x in v]
        return v

    return jsonish(data)


def schema_accepts(text: str) -> tuple[bool, str]:
    try:
        data = editor_reading(text)
    except Exception as e:  # a YAML error: the editor refuses the file as well
        return False, f"YAML: {e}"
    errors = list(VALIDATOR.iter_errors(data))
    return not errors, "; ".join(f"{list(e.absolute_path)}: {e.message[:120]}" for e in errors[:3])


def checker_accepts(text: str, name: str, templates: Templates) -> tuple[bool, str]:
    tree = load_text(text, name).tree
    if isinstance(tree, YMap) and "fragment" in tree.items:  # as templates.py reads a fragment file
        diags = load_text(text, name).diagnostics
        marker = tree.items["fragment"]
        if getattr(marker, "typed", None) is True:
            Parser(diags).shape("fragment", tree)
        else:
            Parser(diags).runbook(tree, name)
    else:
        diags = compile_text(text, name, templates).diagnostics
    found = [d for d in diags.errors if d.code in FORMAT_CODES]
    return not found, "; ".join(d.format() for d in found[:3])


def _doc_examples() -> list[tuple[str, str]]:
    """Every ```yaml block of the docs that is a source file or a piece of one, made a whole file."""
    out = []
    for page in sorted((REPO / "content").rglob("*.md")) + [REPO / "README.md"]:
        for n, m in enumerate(re.finditer(r"^```ya?ml\n(.*?)^```", page.read_text(), re.M | re.S), 1):
            block = m.group(1)
            try:
                data = YAML(typ="safe", pure=True).load(block)
            except Exception:
                data = None
            name = f"{page.relative_to(REPO)}#{n}"
            if isinstance(data, dict) and "id" in data:
                out.append((name, block))
            elif isinstance(data, dict) and set(data) & _FILE_KEYS:  # a few top-level keys of a runbook
                out.append((name, "id: example\ntitle: Example\n" + block))
            elif isinstance(data, list) and data and all(isinstance(x, dict) and "text" in x for x in data):
                items = "".join("      " + line + "\n" for line in block.splitlines())
                out.append((name, "id: example\ntitle: Example\nsections:\n  - id: s\n    title: S\n    items:\n" + items))
            else:  # mkdocs.yml, a CI workflow: not a runbook file
                assert not (isinstance(data, dict) and {"sections", "items", "procedures"} & set(data)), name
    return out


def _project_files() -> list[tuple[str, str]]:
    files = sorted((REPO / "content").rglob("*.runbook.y*ml")) + sorted((REPO / "templates").rglob("*.y*ml"))
    files += sorted(p for p in (REPO / "tests" / "fixtures").rglob("*.y*ml") if "invalid" not in p.parts)
    return [(str(p.relative_to(REPO)), p.read_text(encoding="utf-8")) for p in files]


GOOD = _project_files() + _doc_examples()
BAD = [(str(p.relative_to(REPO)), p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "invalid").glob("*.yml"))]


def test_there_is_something_to_compare() -> None:
    names = [n for n, _ in GOOD]
    assert sum(n.startswith("content/runbooks/") for n in names) == 5
    assert any(n.startswith("templates/fragments/") for n in names)
    assert sum("#" in n for n in names) >= 6  # docs examples
    assert len(BAD) >= 8


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates(REPO / "templates", root=REPO)


@pytest.mark.parametrize("name,text", GOOD, ids=[n for n, _ in GOOD])
def test_every_project_file_and_docs_example_passes_both(name: str, text: str, templates: Templates) -> None:
    fixture_templates = Templates(FIXTURES / "templates", root=REPO) if "fixtures" in name else templates
    ok, why = schema_accepts(text)
    assert ok, f"schema refuses {name}: {why}"
    ok, why = checker_accepts(text, name, fixture_templates)
    assert ok, f"check refuses {name}: {why}"


@pytest.mark.parametrize("name,text", BAD, ids=[n for n, _ in BAD])
def test_every_bad_fixture_fails_both(name: str, text: str, templates: Templates) -> None:
    s_ok, s_why = schema_accepts(text)
    c_ok, c_why = checker_accepts(text, name, templates)
    assert (s_ok, c_ok) == (False, False), f"schema: {s_why or 'accepts'}; check: {c_why or 'accepts'}"


def test_check_cli_accepts_the_valid_fixtures(cli) -> None:
    rc, out, err = cli("check", "--templates", str(FIXTURES / "templates"), str(FIXTURES / "valid"), cwd=REPO)
    assert rc == 0, out + err


# Single values, each put in the place it belongs; both readings must agree on every one.
PROBES = [
    ("title", v) for v in ("On", "NO", "yes", "1.10", "2025-01-21", "true", "~", "'x'", "[a]", "{a: 1}")  # (not 0x_: ruamel misreads it)
] + [
    ("version", v) for v in ("1.10", "2", "v2.0-rc.1", "'1 0'", "-1", "[1]", "1.0.0+build.5")
] + [
    ("meta", "{next_review: %s}" % v) for v in ("2025-01-21", "2025-1-5", "2025-02-30", "'2025-01-21'", "soon", "20250101")
] + [
    ("sections", "[{id: s, title: S, estimate: %s}]" % v) for v in ("10-15 min", "5", "1.5", "soon", "'30s'", "15 minuets")
] + [
    ("sections", "[{id: s, title: S, items: [{id: i, text: t, checked: %s}]}]" % v)
    for v in ("true", "false", "yes", "no", "on", "1", "~", "'true'")
] + [
    ("sections", "[{id: %s, title: S}]" % v) for v in ("a-b", "007", "0x1f", "A", "'a b'", "1.5", "_x")
] + [
    ("vars", v) for v in ("{a: NO}", "{a: [1]}", "{a: {type: number, default: 2}}", "{a: {type: text}}", "{1a: x}",
                          "{a: {type: number, default: many}}", "{a: {type: number, default: '2'}}",
                          "{a: {type: boolean, default: yes}}", "{a: {type: boolean, default: false}}",
                          "{a: {type: string, default: 2}}", "{a: {required: yes}}")
]


@pytest.mark.parametrize("key,value", PROBES, ids=[f"{k}={v}" for k, v in PROBES])
def test_schema_and_checker_agree_on_each_value(key: str, value: str, templates: Templates) -> None:
    text = f"id: probe\ntitle: Probe\n{key}: {value}\n" if key != "title" else f"id: probe\ntitle: {value}\n"
    s_ok, s_why = schema_accepts(text)
    c_ok, c_why = checker_accepts(text, "probe.runbook.yml", templates)
    assert s_ok == c_ok, f"schema {'accepts' if s_ok else 'refuses: ' + s_why}; check {'accepts' if c_ok else 'refuses: ' + c_why}"

"""YAML is read typed by the format, not by YAML 1.1's guessing (issue 13, "One reading of YAML").

A key the format declares as text keeps what was written (`NO`, `yes`, `1.10`, `On`); a key
declared as a boolean, date, estimate or version must be one, or it is a positioned error
that says how to fix it. Tags are checked, never trusted (issue 19).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_runbooks.format.estimate import parse_estimate
from mkdocs_runbooks.format.spec import ESTIMATE_PATTERN, MAX_ITEMS
from mkdocs_runbooks.load.reader import load_text, plain
from mkdocs_runbooks.pipeline import compile_text


def _export(tmp_path: Path, cli, text: str, name: str = "r.runbook.yml") -> dict:
    (tmp_path / name).write_text(text, encoding="utf-8")
    rc, out, err = cli("export", name, cwd=tmp_path)
    assert rc == 0, out + err
    return json.loads(out)


def _errors(tmp_path: Path, cli, text: str) -> list[str]:
    (tmp_path / "r.runbook.yml").write_text(text, encoding="utf-8")
    rc, out, err = cli("check", "r.runbook.yml", cwd=tmp_path)
    assert "Traceback" not in out + err and "bug in mkdocs-runbooks" not in out + err
    lines = [line for line in out.splitlines() if ": error: " in line]
    assert (rc == 1) == bool(lines), out + err
    return lines


def test_vars_keep_yaml11_booleans_as_written_and_conditions_see_them(tmp_path: Path, cli) -> None:
    data = _export(tmp_path, cli, """\
id: prep
title: "Prep for {{ country }}"
vars: {country: NO, dryrun: yes, level: On}
sections:
  - id: s
    title: S
    items:
      - {id: dry, text: "Dry run only ({{ level }})", when: dryrun == "yes"}
      - {id: real, text: Real run, when: dryrun == "no"}
""")
    assert data["title"] == "Prep for NO"
    assert data["vars"] == {"country": "NO", "dryrun": "yes", "level": "On"}
    assert [i["id"] for i in data["sections"][0]["items"]] == ["dry"]
    assert data["sections"][0]["items"][0]["text"] == "Dry run only (On)"


def test_version_keeps_trailing_zeros_on_export_and_page(tmp_path: Path, cli, site) -> None:
    data = _export(tmp_path, cli, "id: v\ntitle: V\nversion: 1.10\nsections: []\n")
    assert data["version"] == "1.10"
    built = site({"docs/v.runbook.yml": "id: v\ntitle: V\nversion: 1.10\nsections: []\n"}, strict=True)
    html = built.html("v")
    assert 'data-rb-version="1.10"' in html and ">1.10</dd>" in html


def test_text_keys_take_any_scalar_as_written(tmp_path: Path, cli) -> None:
    data = _export(tmp_path, cli, """\
id: words
title: On
version: 2
meta: {owner: NO, environment: ~}
sections:
  - id: s
    title: 1.20
    items:
      - id: pick
        text: true
        owner: 0x1F
        command: 010
        fields:
          - {id: answer, type: choice, options: [yes, no, maybe, 1.0, ~x]}
signoff:
  - {id: so, title: Off, roles: [Yes, 007]}
""")
    assert data["title"] == "On" and data["version"] == "2"
    assert data["meta"]["owner"] == "NO" and data["meta"].get("environment") is None
    sec = data["sections"][0]
    assert sec["title"] == "1.20"
    item = sec["items"][0]
    assert (item["text"], item["owner"], item["command"]["code"]) == ("true", "0x1F", "010")
    assert item["fields"][0]["options"] == ["yes", "no", "maybe", "1.0", "~x"]
    assert data["signoff"][0]["title"] == "Off" and data["signoff"][0]["roles"] == ["Yes", "007"]


@pytest.mark.parametrize("line,expected", [
    ("        checked: yes", "8:18: error: 'checked' of item must be true or false (YAML 1.2 reads 'yes' as text; "
                            "write true), got a string [wrong-type]"),
    ("        checked: 1", "8:18: error: 'checked' of item must be true or false, got a number [wrong-type]"),
    ("        estimate: soon", "8:19: error: 'estimate' of item must be a time estimate such as `10 min`, "
                             "`10-15 min` or `1-2 hours`, got 'soon' [bad-estimate]"),
    ("        estimate: 15 minuets", "[bad-estimate]"),
    ("        estimate: " + "9" * 4301 + " min", "[bad-estimate]"),
    ("        id2: x", "[unknown-key]"),
])
def test_typed_item_keys_are_positioned_errors(tmp_path: Path, cli, line: str, expected: str) -> None:
    text = "id: r\ntitle: R\nsections:\n  - id: s\n    title: S\n    items:\n      - id: i\n        text: I\n"
    lines = _errors(tmp_path, cli, text.replace("      - id: i\n", "      - id: i\n" + line + "\n"))
    assert lines, "accepted"
    assert any(expected in x for x in lines), lines


@pytest.mark.parametrize("source,expected", [
    ("meta: {next_review: 2025-1-5}", "3:21: error: 'next_review' of meta must be a date written YYYY-MM-DD, "
                                      "got '2025-1-5' [bad-date]"),
    ("meta: {last_updated: 2025-02-30}", "[bad-date]"),
    ("meta: {target_date: next week}", "[bad-date]"),
    ("meta: {target_date: 20250101}", "[bad-date]"),
    ("version: 1 0", "3:10: error: 'version' of runbook must be a version such as 2.0.0"),
    ("version: [1]", "[wrong-type]"),
    ("title2: x", "[unknown-key]"),
])
def test_typed_runbook_keys_are_positioned_errors(tmp_path: Path, cli, source: str, expected: str) -> None:
    lines = _errors(tmp_path, cli, f"id: r\ntitle: R\n{source}\nsections: []\n")
    assert any(expected in x for x in lines), lines


def test_ids_that_yaml_reads_as_numbers(tmp_path: Path, cli) -> None:
    data = _export(tmp_path, cli, "id: '007'\ntitle: T\nsections: [{id: 42, title: S, items: [{id: 0x1f, text: x}]}]\n")
    assert data["id"] == "007" and data["sections"][0]["id"] == "42" and data["sections"][0]["items"][0]["id"] == "0x1f"
    lines = _errors(tmp_path, cli, "id: r\ntitle: T\nsections: [{id: 1.5, title: S}]\n")
    assert lines == ["r.runbook.yml:3:17: error: id '1.5' is not a slug (lowercase letters, digits and '-'); "
                     "try '1-5' [bad-id]"]


@pytest.mark.parametrize("source,expected", [
    ("title: !!int abc", "2:8: error: 'abc' is not a valid int for its tag '!!int'; remove the tag"),
    ("title: !!bool yes", "[bad-tag]"),
    ("title: !!float x1", "[bad-tag]"),
    ("title: !!timestamp 2025-01-01", "[unsafe-tag]"),
    ("title: !!binary aGk=", "[unsafe-tag]"),
    ("title: !custom x", "[unsafe-tag]"),
])
def test_tags_are_checked_not_trusted(tmp_path: Path, cli, source: str, expected: str) -> None:
    lines = _errors(tmp_path, cli, f"id: r\n{source}\nsections: []\n")
    assert any(expected in x for x in lines), lines


def test_standard_tags_that_fit_are_fine(tmp_path: Path, cli) -> None:
    data = _export(tmp_path, cli, "id: r\ntitle: !!str 1.10\nversion: !!str 3.0\n"
                   "sections: [{id: s, title: S, items: [{id: i, text: x, checked: !!bool true}]}]\n")
    assert data["title"] == "1.10" and data["version"] == "3.0"
    assert data["sections"][0]["items"][0]["checked"] is True


@pytest.mark.parametrize("value", ["0x_", "0o_", "0x", "0o8", "1_000", "+.5e", "0b101", ".inf", ".NaN",
                                   "9" * 4301, "0x" + "f" * 5000, "1e99999", "-" + "9" * 5000])
def test_number_shaped_values_never_crash(tmp_path: Path, cli, value: str) -> None:
    """Everywhere a number-like value can stand: as text it is kept, elsewhere it is a diagnostic."""
    text = (f"id: r\ntitle: {value}\nversion: {value}\nvars: {{n: {value}}}\nmeta: {{owner: {value}}}\n"
            f"sections:\n  - id: s\n    title: S\n    estimate: {value}\n    items:\n"
            f"      - {{id: i, text: {value}, checked: {value}}}\n")
    (tmp_path / "r.runbook.yml").write_text(text)
    rc, out, err = cli("check", "r.runbook.yml", cwd=tmp_path)
    assert rc == 1 and "Traceback" not in out + err and "bug" not in out + err
    assert "[wrong-type]" in out  # checked: <number> is not a boolean
    c = compile_text(text.replace(f"checked: {value}", "checked: false").replace(f"estimate: {value}", "estimate: 5"),
                     "r.runbook.yml")
    if c.runbook is not None and not c.diagnostics.errors:
        assert c.runbook.title == value and c.runbook.meta.owner == value and c.runbook.vars["n"] == value


def test_declared_var_types_apply_to_text_values(tmp_path: Path, cli) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.yml").write_text(
        "id: t\ntitle: T\nvars:\n  replicas: {type: number, default: 2}\n  dry: {type: boolean, default: false}\n"
        "  code: {type: string}\nsections:\n  - id: s\n    title: S\n    items:\n"
        "      - {id: many, text: 'Scale to {{ replicas }}', when: replicas > 1}\n"
        "      - {id: wet, text: Really do it, when: not dry}\n")
    (tmp_path / "v.runbook.yml").write_text("id: v\nextends: t\nvars: {replicas: 3, dry: false, code: 0123}\n")
    rc, out, err = cli("export", "v.runbook.yml", "--templates", "templates", cwd=tmp_path)
    assert rc == 0, out + err
    data = json.loads(out)
    assert data["vars"] == {"replicas": 3, "dry": False, "code": "0123"}
    assert [i["id"] for i in data["sections"][0]["items"]] == ["many", "wet"]
    (tmp_path / "v.runbook.yml").write_text("id: v\nextends: t\nvars: {replicas: 3, dry: yes}\n")
    rc, out, err = cli("check", "v.runbook.yml", "--templates", "templates", cwd=tmp_path)
    assert rc == 1 and "var 'dry' must be true or false (YAML 1.2 reads 'yes' as text), got 'yes' [wrong-type]" in out


def test_unknown_template_reports_only_the_real_error(tmp_path: Path, cli) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "v.runbook.yml").write_text("id: v\nextends: nope\nvars: {project: A}\n")
    rc, out, err = cli("check", "v.runbook.yml", "--templates", "templates", cwd=tmp_path)
    assert rc == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "[unknown-template]" in errors[0], out


def test_file_size_limit(tmp_path: Path, cli) -> None:
    big = "id: r\ntitle: R\nintro: |\n" + ("  " + "x" * 99 + "\n") * 51_000
    (tmp_path / "r.runbook.yml").write_text(big)
    rc, out, err = cli("check", "r.runbook.yml", cwd=tmp_path)
    assert rc == 1 and out.startswith("r.runbook.yml:1:1: error: file is 5.2 MB, more than the limit of 5 MB"), out
    assert compile_text(big, "r.runbook.yml").diagnostics.errors[0].code == "too-big"


def test_items_per_runbook_limit(tmp_path: Path, cli) -> None:
    items = "".join(f"      - {{id: i{n}, text: x}}\n" for n in range(MAX_ITEMS + 1))
    (tmp_path / "r.runbook.yml").write_text(f"id: r\ntitle: R\nsections:\n  - id: s\n    title: S\n    items:\n{items}")
    rc, out, err = cli("check", "r.runbook.yml", cwd=tmp_path)
    assert rc == 1
    assert f"r.runbook.yml:{7 + MAX_ITEMS}:9: error: more than 10,000 items in one file" in out, out[-500:]


def test_loader_reads_yaml12_core() -> None:
    tree = load_text("a: [yes, no, on, off, y, NO, True, FALSE, ~, null, '', 0o17, 0x1F, 017, 1_000, 1.10, .5, "
                     "2025-01-21, 0x_, .inf]\n", "x.yml").tree
    assert plain(tree)["a"] == ["yes", "no", "on", "off", "y", "NO", True, False, None, None, "", 15, 31, 17,
                                "1_000", 1.1, 0.5, "2025-01-21", "0x_", float("inf")]
    # and every scalar keeps its text as written, for keys the format declares as text
    assert [n.value for n in tree.items["a"].items][-6:] == ["1_000", "1.10", ".5", "2025-01-21", "0x_", ".inf"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 .-–~tominhrsecdayHMS", max_size=16))
def test_estimate_pattern_matches_the_estimate_parser(text: str) -> None:
    """The schema's pattern and the renderer's parser accept the same estimates."""
    import re

    assert bool(re.match(ESTIMATE_PATTERN, text)) == (parse_estimate(text) is not None), text


def test_pure_python_fallback_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml the loader falls back to PyYAML's pure-Python parser: same values, same positions."""
    import yaml

    from mkdocs_runbooks.load import reader as load

    text = ("id: r\ntitle: On\nversion: 1.10\nvars: {a: NO, b: 0x_, c: !!str 3}\n"
            "sections:\n  - {id: s, title: 'x: y', items: [{id: i, text: \"<b> & \\\\d\", checked: true}]}\n")

    def reading() -> list[tuple[str, str, int, int]]:
        out = []

        def walk(n):  # type: ignore[no-untyped-def]
            if isinstance(n, load.YScalar):
                out.append((n.value, n.tag, n.pos.line, n.pos.col))
            elif isinstance(n, load.YSeq):
                for c in n.items:
                    walk(c)
            elif isinstance(n, load.YMap):
                for c in n.items.values():
                    walk(c)

        walk(load.load_text(text, "r.yml").tree)
        return out

    fast = reading()
    monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)
    assert reading() == fast
    assert ("1.10", "float", 3, 10) in fast and ("NO", "str", 4, 11) in fast and ("3", "str", 4, 26) in fast

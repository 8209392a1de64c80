"""Every loader/parser error class: a positioned message, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD_HEAD = "id: demo\ntitle: Demo\n"

CASES = [
    # (name, source text, expected "line:col: error: message-part [code]")
    ("yaml-syntax", GOOD_HEAD + "sections:\n  - id: a\n    title: [unclosed\n",
     "6:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that "
     "starts at line 5)", "yaml-syntax"),
    ("tab-indent", GOOD_HEAD + "sections:\n\t- id: a\n", "4:1: error: tab character in indentation", "tab-indent"),
    ("duplicate-key", GOOD_HEAD + "title: Again\n", "3:1: error: duplicate key 'title' (first defined at line 2)",
     "duplicate-key"),
    ("unknown-key", GOOD_HEAD + "sections:\n  - id: a\n    title: A\n    items:\n      - id: x\n        text: X\n"
     "        comand: ls\n", "9:9: error: unknown key 'comand' in item, did you mean 'command'?", "unknown-key"),
    ("wrong-type", GOOD_HEAD + "sections:\n  - id: a\n    title: A\n    items: just text\n",
     "6:12: error: 'items' of section must be a list of items, got a string", "wrong-type"),
    ("wrong-type-bool", GOOD_HEAD + "sections:\n  - id: a\n    title: A\n    items:\n      - id: x\n        text: X\n"
     "        checked: maybe\n", "9:18: error: 'checked' of item must be true or false, got a string", "wrong-type"),
    ("missing-key", GOOD_HEAD + "sections:\n  - id: a\n    items: []\n",
     "4:5: error: section 'a' is missing required key 'title'", "missing-key"),
    ("missing-root-key", "id: demo\n", "1:1: error: runbook 'demo' is missing required key 'title'", "missing-key"),
    ("duplicate-id", GOOD_HEAD + "sections:\n  - id: a\n    title: A\n    items:\n      - {id: x, text: X}\n"
     "      - {id: x, text: Y}\n", "8:14: error: duplicate id 'x' (already used by an item at line 7)", "duplicate-id"),
    ("bad-id", GOOD_HEAD + "sections:\n  - id: Pre Deploy\n    title: A\n",
     "4:9: error: id 'Pre Deploy' is not a slug (lowercase letters, digits and '-'); try 'pre-deploy'", "bad-id"),
    ("unknown-field-type", GOOD_HEAD + "sections:\n  - id: a\n    title: A\n    items:\n      - id: x\n        text: X\n"
     "        fields: [{id: f, type: dte}]\n", "9:32: error: unknown field type 'dte'; did you mean 'date'?", "unknown-field-type"),
    ("choice-no-options", GOOD_HEAD + "sections:\n  - id: a\n    title: A\n    items:\n      - id: x\n        text: X\n"
     "        fields: [{id: f, type: choice}]\n", "9:18: error: choice field 'f' has no options", "choice-no-options"),
    ("undefined-var", GOOD_HEAD + "vars: {project: Acme}\nsections:\n  - id: a\n    title: A\n    items:\n"
     "      - {id: x, text: 'Deploy {{ projct }}'}\n", "8:23: error: undefined variable 'projct' in 'text' of 'x'; "
     "did you mean 'project'?", "undefined-var"),
    ("unsafe-tag", GOOD_HEAD + "intro: !!python/object/apply:os.system [echo hi]\n",
     "3:8: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed", "unsafe-tag"),
    ("alias-limit", GOOD_HEAD + "vars:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"  {c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg")),
     "1:1: error: document expands to more than", "alias-limit"),
]


@pytest.mark.parametrize("name,text,expected,code", CASES, ids=[c[0] for c in CASES])
def test_error_class_is_positioned(tmp_path: Path, cli, name: str, text: str, expected: str, code: str) -> None:
    src = tmp_path / "bad.runbook.yml"
    src.write_text(text, encoding="utf-8")
    rc, out, err = cli("check", str(src), cwd=tmp_path)
    assert rc == 1, out + err
    assert "Traceback" not in out + err
    lines = [line for line in out.splitlines() if f"[{code}]" in line]
    assert lines, out
    assert lines[0].startswith(f"bad.runbook.yml:{expected}"), lines[0]


def test_non_utf8_file(tmp_path: Path, cli) -> None:
    src = tmp_path / "latin.runbook.yml"
    src.write_bytes(b"id: demo\ntitle: Caf\xe9\n")
    rc, out, _ = cli("check", str(src), cwd=tmp_path)
    assert rc == 1
    assert out.startswith("latin.runbook.yml:2:11: error: file is not valid UTF-8 (byte 0xe9)"), out


def test_bom_and_crlf_are_fine(tmp_path: Path, cli) -> None:
    src = tmp_path / "ok.runbook.yml"
    src.write_bytes(b"\xef\xbb\xbfid: demo\r\ntitle: Demo\r\n")
    rc, out, err = cli("check", str(src), cwd=tmp_path)
    assert rc == 0, out + err


def test_alias_bomb_is_fast(tmp_path: Path) -> None:
    """A billion-laughs document fails on the node budget instead of expanding."""
    from mkdocs_runbooks.load.reader import load_text

    levels = "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    result = load_text("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + levels, "bomb.yml")
    assert result.tree is None
    assert [d.code for d in result.diagnostics] == ["alias-limit"]


def test_several_errors_reported_at_once(tmp_path: Path, cli) -> None:
    src = tmp_path / "many.runbook.yml"
    src.write_text(GOOD_HEAD + "sections:\n  - id: Bad Id\n    title: A\n    itms: []\n", encoding="utf-8")
    rc, out, _ = cli("check", str(src), cwd=tmp_path)
    assert rc == 1
    assert "[bad-id]" in out and "unknown key 'itms' in section, did you mean 'items'?" in out

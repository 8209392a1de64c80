"""Diagnostics print any id safely and once; a command's language never breaks the page (issue 19)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, safe_message, safe_text
from mkdocs_runbooks.format.model import Command
from mkdocs_runbooks.format.spec import MAX_FILE_BYTES
from mkdocs_runbooks.pipeline import compile_text
from mkdocs_runbooks.render.export_md import runbook_markdown
from mkdocs_runbooks.render.items import fence

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _yaml_str(s: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in " -_" else f"\\u{ord(c):04x}" for c in s) + '"'


@pytest.mark.parametrize("ident", ["bad\nid", "a\u2028b", "a\u2029b", "abc\u202edcba", "x\u2066y\u2069", "\x1b[31mred",
                                   "Z" * (MAX_FILE_BYTES - 200)],
                         ids=["newline", "line-sep", "para-sep", "bidi-override", "bidi-isolate", "escape", "largest-file"])
def test_an_id_of_any_shape_prints_as_one_safe_line(tmp_path: Path, cli, ident: str) -> None:
    src = f"id: ok\ntitle: T\nsections:\n  - id: {_yaml_str(ident)}\n    title: S\n    items: [{{id: i, text: hi}}]\n"
    (tmp_path / "x.runbook.yml").write_text(src, encoding="utf-8")
    rc, out, err = cli("check", "x.runbook.yml", cwd=tmp_path)
    assert rc == 1 and "internal error" not in err
    lines = out.split("\n")[:-1]
    n_errors = int(re.search(r"(\d+) errors?", err).group(1))  # type: ignore[union-attr]
    assert len(lines) == n_errors >= 1, out[:2000]
    for line in lines:
        assert line.startswith("x.runbook.yml:4:") and not _UNSAFE.search(line), line[:300]
        assert len(line) < 1500, line[:300]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_safe_message_is_one_line_with_no_control_or_bidi_characters(text: str) -> None:
    shown = safe_message(f"duplicate id '{text}' in '{text}'")
    assert not _UNSAFE.search(shown) and len(shown.splitlines()) == 1
    assert len(safe_text(text, 80)) <= 80 + len("…(999 chars)") + 5 * 80  # escapes at most 6 chars each
    if not _UNSAFE.search(text) and len(text) <= 80:
        assert safe_text(text, 80) == text  # what needs no escaping is shown as written


def test_a_path_with_a_newline_stays_on_one_line() -> None:
    d = Diagnostics()
    d.error(Pos("a\nb.runbook.yml", 2, 3), "x", "m")
    assert d.items[0].format() == "a\\nb.runbook.yml:2:3: error: m [x]"


def _project(root: Path, variants: int) -> None:
    (root / "docs").mkdir()
    (root / "templates" / "fragments").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\ntheme: {name: material}\nplugins: [runbooks]\n")
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "templates" / "base.yml").write_text(
        "id: base\ntitle: B\nsections:\n  - id: s\n    title: S\n    items:\n"
        '      - {id: a, text: "{{ 1/0 }}"}\n      - include: frag\n')
    (root / "templates" / "fragments" / "f.yml").write_text(
        "id: frag\nfragment: true\nitems:\n  - {id: f, text: \"{{ queue | nope }}\", when: queue = 1}\n")
    for n in range(variants):
        (root / "docs" / f"v{n}.runbook.yml").write_text(f"id: v{n}\nextends: base\nvars: {{queue: q}}\n")


def test_a_template_or_fragment_error_is_printed_once(tmp_path: Path, cli) -> None:
    _project(tmp_path, 3)
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 1
    assert out.splitlines() == [
        "templates/base.yml:7:23: error: cannot use the expression '{{ 1/0 }}' in 'text' of 'a': arithmetic ('/') is "
        "not allowed in expressions; they may use variables, comparisons, and/or/not, if/else and simple filters "
        "(see 'Expressions' in Templates and variants) [template-syntax]",
        "templates/fragments/f.yml:4:19: error: cannot use the expression '{{ queue | nope }}' in 'text' of 'f': "
        "unknown filter 'nope'; the filters are: lower, upper, title, capitalize, trim, replace, truncate, length "
        "[template-syntax]",
        "templates/fragments/f.yml:4:47: error: cannot use the condition 'queue = 1': unexpected '=' after the "
        "expression; did you mean '==' (comparison)? [bad-condition]",
    ], out
    assert "3 errors" in err


def test_a_template_error_is_logged_once_by_the_build(tmp_path: Path) -> None:
    from conftest import mkdocs_build

    _project(tmp_path, 3)
    with pytest.raises(Abort) as exc:
        mkdocs_build(tmp_path)
    logs = exc.value.logs  # type: ignore[attr-defined]
    assert logs.count("'{{ 1/0 }}'") == 1 and logs.count("'queue = 1'") == 1, logs


def test_a_command_language_that_is_not_a_word_is_a_diagnostic(tmp_path: Path, cli, site) -> None:
    src = ("id: l\ntitle: L\nsections:\n  - id: s\n    title: S\n    items:\n      - id: a\n        text: A\n"
           "        command: {lang: 'bash\"><script>x</script>', code: ls}\n")
    (tmp_path / "l.runbook.yml").write_text(src)
    rc, out, _ = cli("check", "l.runbook.yml", cwd=tmp_path)
    assert rc == 1
    assert out.startswith("l.runbook.yml:9:25: error: command language 'bash\"><script>x</script>' of 'a' is not a "
                          "plain word"), out
    with pytest.raises(Abort) as exc:
        site({"docs/l.runbook.yml": src})
    assert "docs/l.runbook.yml:9:25: error: command language" in exc.value.logs  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang,shown", [("sql", "sql"), ("c++", "c++"), ("objective-c", "objective-c"),
                                        ('bash"', "text"), ("a b", "text"), ("", "bash"), ("x" * 41, "text")])
def test_the_fence_only_ever_carries_a_plain_word(lang: str, shown: str) -> None:
    assert fence(Command(code="ls", lang=lang)).split("\n")[0] == f"```{shown}"


def test_a_plain_language_renders_and_exports(tmp_path: Path, site) -> None:
    src = ("id: l\ntitle: L\nsections:\n  - id: s\n    title: S\n    items:\n      - id: a\n        text: A\n"
           "        command: {lang: c++, code: 'int main() {}'}\n")
    built = site({"docs/l.runbook.yml": src})
    html = built.html("l")
    assert '<span class="nf">main</span>' in html  # highlighted as C++: the language reached the fence
    compiled = compile_text(src, "l.runbook.yml")
    assert compiled.runbook is not None and "```c++" in runbook_markdown(compiled.runbook)

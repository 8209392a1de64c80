"""CLI conventions: GitHub annotations, -q/-v on every command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_tree

BAD = "id: demo\ntitle: Demo\nsections:\n  - id: s\n    title: S\n    items:\n      - {id: a, text: A}\n      - {id: a, text: B}\n"


def test_check_github_format_prints_annotations(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"bad.runbook.yml": BAD})
    rc, out, _ = cli("check", "--format", "github", "bad.runbook.yml", cwd=tmp_path)
    assert rc == 1
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ")) for line in lines), out
    m = re.match(r"::error file=bad\.runbook\.yml,line=(\d+),col=(\d+),title=runbooks ([a-z-]+)::(.+)", lines[0])
    assert m, lines[0]
    rc2, text, _ = cli("check", "bad.runbook.yml", cwd=tmp_path)
    first = text.splitlines()[0]  # the same diagnostic in the text format
    assert first.startswith(f"bad.runbook.yml:{m.group(1)}:{m.group(2)}: error: {m.group(4)}")


@settings(max_examples=200, deadline=None)
@given(path=st.text(min_size=1, max_size=20), message=st.text(max_size=40), code=st.from_regex(r"[a-z-]{1,10}", fullmatch=True))
def test_github_annotation_is_one_line_and_round_trips(path: str, message: str, code: str) -> None:
    """GitHub's escaping: whatever the message and path hold, one line, and unescaping gives them back."""
    from mkdocs_runbooks.cli.main import github_annotation
    from mkdocs_runbooks.diagnostics import Diagnostic, Pos

    line = github_annotation(Diagnostic(Pos(path, 3, 4), "warning", code, message))
    assert "\n" not in line and "\r" not in line
    head, _, body = line.partition("::")[2].partition("::")
    props = dict(p.split("=", 1) for p in head.removeprefix("warning ").split(","))

    def unescape(s: str) -> str:
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")

    assert unescape(props["file"]) == path and props["line"] == "3" and props["col"] == "4"
    assert unescape(body) == message


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    from mkdocs_runbooks.cli.main import get_parser

    parser = get_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_has_quiet_and_verbose() -> None:
    subs = _subparsers()
    assert len(subs) >= 8
    for name, p in subs.items():
        flags = {s for a in p._actions for s in a.option_strings}
        assert {"-q", "--quiet", "-v", "--verbose"} <= flags, name


def test_quiet_drops_the_summary_and_verbose_names_the_project(tmp_path: Path, cli) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "site_name: x\nplugins:\n  - runbooks\n", "docs/bad.runbook.yml": BAD})
    rc, out, err = cli("check", cwd=tmp_path)
    assert rc == 1 and "checked 1 runbook" in err and "project:" not in err
    rc, out_q, err_q = cli("check", "-q", cwd=tmp_path)
    assert rc == 1 and err_q == "" and out_q == out  # diagnostics are never silenced
    rc, out_v, err_v = cli("check", "--verbose", cwd=tmp_path)
    assert rc == 1 and f"project: {tmp_path / 'mkdocs.yml'}" in err_v and "checked 1 runbook" in err_v
    import pytest

    with pytest.raises(SystemExit) as exc:  # argparse's usage error
        cli("check", "-q", "-v", cwd=tmp_path)
    assert exc.value.code == 2


def test_quiet_schema_prints_only_the_result(tmp_path: Path, cli) -> None:
    rc, out, err = cli("schema", "-q", cwd=tmp_path)
    assert rc == 0 and err == "" and '"$schema"' in out

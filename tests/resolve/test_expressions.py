"""Template expressions the author controls (issue 19, issue 13): bounded, and every failure a diagnostic.

Each case of the issues is a test through the CLI and through a real `mkdocs build`; a property test
throws random token soup at the language and requires an ExpressionError or a bounded result, never
anything else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from conftest import REPO
from mkdocs_runbooks.diagnostics import Diagnostics, Pos
from mkdocs_runbooks.resolve import variables
from mkdocs_runbooks.resolve.expressions import (
    MAX_OUTPUT,
    ExpressionError,
    compile_condition,
    compile_template,
    evaluate,
    render,
)
from mkdocs_runbooks.resolve.variables import Substituter

# vars are text as written unless declared: `n` is declared a number, so `n > 2` compares numbers
HEAD = "id: {id}\ntitle: T\nvars: {{queue: sqs, n: {{type: number, default: 3}}, project: Acme}}\nsections:\n  - id: s\n    title: S\n    items:\n"

# (item YAML, what the message must quote): every case listed in issue 19 and issue 13
CASES = [
    ('{id: a, text: "{{ 1/0 }}"}', "'{{ 1/0 }}'"),
    ('{id: a, text: "{{ 1 // 0 }}"}', "'{{ 1 // 0 }}'"),
    ('{id: a, text: "{{ 1 % 0 }}"}', "'{{ 1 % 0 }}'"),
    ("{id: a, text: x, when: 1/0}", "condition '1/0'"),
    ('{id: a, text: "{{ 2.0**10000 }}"}', "'{{ 2.0**10000 }}'"),
    ("{id: a, text: \"{{ 'a' * 3000000000 }}\"}", "'{{ 'a' * 3000000000 }}'"),
    ("{id: a, text: x, when: \"'a' * 999999999\"}", "condition ''a' * 999999999'"),
    ('{id: a, text: "{{ [1]*100000000 }}"}', "'{{ [1]*100000000 }}'"),
    ("{id: a, text: x, when: range(99999999)}", "condition 'range(99999999)'"),
    ('{id: a, text: "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"}',
     "'{% for i in range(100000) %}"),
    ('{id: a, text: "{{ lipsum(n=1000000) }}"}', "'{{ lipsum(n=1000000) }}'"),
    ('{id: a, text: "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"}', "'{{ m() }}'"),
    ("{id: a, text: \"{{ {'b': 1} | dictsort(by='x') }}\"}", "dictsort"),
    ('{id: a, text: "{{ queue | truncate(-1) }}"}', "'{{ queue | truncate(-1) }}'"),
    ("{id: a, text: \"{{ queue | map('x') }}\"}", "'{{ queue | map('x') }}'"),
    ('{id: a, text: "{{ queue.center(999999999) }}"}', "'{{ queue.center(999999999) }}'"),
    ('{id: a, text: "{{ ' + "9" * 4400 + ' }}"}', "more than 4,300 digits"),
    ('{id: a, text: x, when: queue = "sqs"}', "did you mean '=='"),
]
IDS = ["div", "floordiv", "mod", "when-div", "pow", "str-mul", "when-mul", "list-mul", "range", "nested-range",
       "lipsum", "macro", "dictsort", "truncate", "map", "method", "huge-int", "assign"]


@pytest.mark.parametrize("item,quoted", CASES, ids=IDS)
def test_cli_reports_each_case_as_a_positioned_diagnostic(tmp_path: Path, cli, item: str, quoted: str) -> None:
    (tmp_path / "e.runbook.yml").write_text(HEAD.format(id="e") + f"      - {item}\n")
    rc, out, err = cli("check", "e.runbook.yml", cwd=tmp_path)
    assert rc == 1, out + err
    assert "internal error" not in err and "Traceback" not in out + err
    lines = out.splitlines()
    assert len(lines) == 1, out
    assert re.match(r"e\.runbook\.yml:8:\d+: error: ", lines[0]), lines[0]
    assert quoted in lines[0], lines[0]
    assert len(lines[0]) < 400  # the expression is quoted, cut when long


def test_mkdocs_build_reports_every_case_without_a_traceback(site) -> None:
    files = {f"docs/e{n}.runbook.yml": HEAD.format(id=f"e{n}") + f"      - {item}\n" for n, (item, _) in enumerate(CASES)}
    with pytest.raises(Abort) as exc:
        site(files)
    logs = exc.value.logs  # type: ignore[attr-defined]
    assert "Traceback" not in logs
    for n, (_, quoted) in enumerate(CASES):
        line = next((x for x in logs.splitlines() if x.startswith(f"docs/e{n}.runbook.yml:8:")), None)
        assert line is not None and quoted in line, (n, logs)


def test_assignment_in_a_condition_suggests_comparison(tmp_path: Path, cli) -> None:
    (tmp_path / "q.runbook.yml").write_text(HEAD.format(id="q") + '      - {id: a, text: x, when: queue = "sqs"}\n')
    _, out, _ = cli("check", "q.runbook.yml", cwd=tmp_path)
    assert out.strip() == ("q.runbook.yml:8:32: error: cannot use the condition 'queue = \"sqs\"': unexpected '=' after "
                           "the expression; did you mean '==' (comparison)? [bad-condition]")


def test_the_allowed_language_works(tmp_path: Path, cli) -> None:
    items = [
        '{id: a, text: "{{ project | upper }} via {{ queue | replace(\'s\', \'S\') }}"}',
        '{id: b, text: "{% if n > 2 %}many{% elif n > 0 %}some{% else %}none{% endif %}", '
        'when: queue == "sqs" and not (n < 1)}',
        "{id: c, text: \"{{ project ~ '-' ~ queue if queue in ['sqs', 'kafka'] else 'other' }}\"}",
        '{id: d, text: "{% raw %}{{ .Names }}{% endraw %} {{ project | length }} {{ n is number }}"}',
        "{id: e, text: x, when: \"queue != 'sqs'\"}",
        "{id: f, text: \"{{ project | truncate(4, end='') | lower | trim | title | capitalize }}\"}",
    ]
    (tmp_path / "ok.runbook.yml").write_text(HEAD.format(id="ok") + "".join(f"      - {i}\n" for i in items))
    rc, out, err = cli("export", "ok.runbook.yml", cwd=tmp_path)
    assert rc == 0, err
    texts = {m.group(1): m.group(2) for m in re.finditer(r'"id": "(\w)",\s*"text": "([^"]*)"', out)}
    assert texts == {"a": "ACME via SqS", "b": "many", "c": "Acme-sqs", "d": "{{ .Names }} 4 True", "f": "Acme"}


def test_a_string_may_not_expand_past_the_limit(tmp_path: Path, cli) -> None:
    big = "x" * 200_000
    item = '{id: a, text: "' + "{{ big }}" * 6 + '"}'
    (tmp_path / "b.runbook.yml").write_text(HEAD.format(id="b").replace("project: Acme", f"project: Acme, big: {big}")
                                            + f"      - {item}\n")
    rc, out, _ = cli("check", "b.runbook.yml", cwd=tmp_path)
    assert rc == 1 and f"expands to more than {MAX_OUTPUT:,} characters" in out, out[:500]
    assert len(out) < 1000


def test_replace_that_would_blow_up_is_refused() -> None:
    compiled = compile_template("{{ s | replace('', t) }}")
    with pytest.raises(ExpressionError, match="more than"):
        render(compiled, {"s": "a" * 10_000, "t": "b" * 10_000})


def test_a_runbook_has_an_expansion_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(variables, "MAX_EXPANSION", 1000)
    diags = Diagnostics()
    sub = Substituter({"v": "x" * 300}, diags)
    outs = [sub.text("{{ v }} {{ v | upper }}", Pos("f.yml", n), "text") for n in range(1, 6)]
    assert outs[0] == "x" * 300 + " " + "X" * 300
    assert outs[-1] == "{{ v }} {{ v | upper }}"  # kept as written once the budget is spent
    assert [d.code for d in diags.errors] == ["expression-limit"]  # reported once


def test_deep_nesting_is_a_message_not_a_recursion_error() -> None:
    for text in ["{{ " + "not " * 5000 + "x }}", "{{ " + "(" * 5000 + "x" + ")" * 5000 + " }}",
                 "{{ x" + "|lower" * 5000 + " }}", "{% if x %}" * 500 + "{% endif %}" * 500]:
        assert "nested more than" in (compile_template(text).error or ""), text[:30]
    assert "nested more than" in (compile_condition("(" * 5000 + "x" + ")" * 5000).error or "")


_TOKENS = st.sampled_from([
    "x", "y", "n", "'a'", '"b"', "1", "0", "-1", "2.5", "1e400", "9" * 50, "true", "none", "[", "]", "(", ")", ",",
    "+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", ">=", "in", "not", "and", "or", "if", "else", "is",
    "number", "|", "lower", "replace", "truncate", "length", "upper", "range", "lipsum", "(1)", ".", "x.y", "=",
    "{", "}", "'", ":", "map", "dictsort", "center", "(999999999)", "(-1)", "('', x)",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, max_size=14))
def test_any_expression_is_an_answer_or_an_expression_error(tokens: list[str]) -> None:
    values = {"x": "abc", "y": 3, "n": None}
    source = " ".join(tokens)
    for compiled, run in ((compile_template("{{ " + source + " }}"), render), (compile_condition(source), evaluate)):
        if compiled.error is not None:
            assert compiled.error and "\n" not in compiled.error
            continue
        missing = compiled.names - values.keys()
        if missing:
            continue
        try:
            result = run(compiled, values)
        except ExpressionError as e:
            assert str(e)
            continue
        assert len(str(result)) <= MAX_OUTPUT


def test_the_manual_lists_exactly_the_filters_and_tests_the_code_allows() -> None:
    from mkdocs_runbooks.resolve.expressions import FILTERS, TESTS

    page = (REPO / "content" / "templates.md").read_text(encoding="utf-8")
    section = page.split("## Expressions", 1)[1].split("\n## ", 1)[0]
    filters = next(line for line in section.splitlines() if line.startswith("| filters |"))
    assert re.findall(r"`(\w+)", filters) == list(FILTERS)
    tests = next(line for line in section.splitlines() if line.startswith("| tests |"))
    assert set(re.findall(r"`(?:replicas is )?(\w+)`", tests)) == set(TESTS)


def test_an_undeclared_number_var_says_how_to_declare_it(tmp_path: Path, cli) -> None:
    """`vars: {n: 3}` is the text '3' (YAML is read as written): the message says to declare the type."""
    src = ("id: v\ntitle: T\nvars: {n: 3}\nsections:\n  - id: s\n    title: S\n    items:\n"
           "      - {id: a, text: A, when: n > 2}\n")
    (tmp_path / "v.runbook.yml").write_text(src)
    rc, out, err = cli("check", "v.runbook.yml", cwd=tmp_path)
    assert rc == 1 and "Traceback" not in err
    assert "v.runbook.yml:8:" in out and "declare it (`n: {type: number, default: 3}`)" in out, out
    declared = src.replace("vars: {n: 3}", "vars: {n: {type: number, default: 3}}")
    (tmp_path / "v.runbook.yml").write_text(declared)
    assert cli("check", "v.runbook.yml", cwd=tmp_path)[0] == 0

"""The expression language of ``{{ }}`` and ``when:``: a small, bounded subset of Jinja2.

Sources are written by authors, so an expression must never crash, hang or
exhaust memory. Jinja2 parses; this module then allows only what a checklist
needs and refuses the rest before anything runs:

- allowed: variables, literals (strings, numbers, ``true``/``false``/``none``,
  lists), comparisons (``== != < <= > >= in``, ``not in``), ``and``/``or``/``not``,
  ``x if c else y``, ``~`` (join as text), the tests in ``TESTS``, the filters in
  ``FILTERS``, ``{% if %}``/``{% elif %}``/``{% else %}`` blocks and ``{% raw %}``;
- refused, by name: arithmetic, function and method calls (``range``,
  ``lipsum``), attribute and index access, loops, macros, ``set``, includes.

Limits (the "expression cost"; every one is a positioned diagnostic):
``MAX_DEPTH`` levels of nesting, ``MAX_OUTPUT`` characters from one string,
and integer literals of at most Python's 4,300 digits. With no loops, calls or
arithmetic, evaluation time is linear in the source and the vars.

Errors are raised as :class:`ExpressionError` whose message quotes the
expression; callers turn it into a diagnostic at the value's position.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.filters import do_truncate
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mkdocs_runbooks.errors import RunbooksError

#: Most characters one ``{{ }}`` string may expand to.
MAX_OUTPUT = 1_000_000
#: Deepest nesting of an expression's syntax tree (brackets, filters, not, if/else).
MAX_DEPTH = 40
#: Longest expression or template quoted in a message.
QUOTE_CHARS = 80


class ExpressionError(RunbooksError):
    """An expression the language refuses or that fails when evaluated; ``str()`` is the message."""


def _replace(value: Any, old: Any, new: Any, count: Any = None) -> str:
    s, old, new = str(value), str(old), str(new)
    if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        raise ExpressionError(f"replace: count must be a whole number, got {count!r}")
    n = (len(s) + 1 if old == "" else s.count(old)) if count is None or count < 0 else count
    if len(s) + n * max(0, len(new) - len(old)) > MAX_OUTPUT:
        raise ExpressionError(f"replace would give more than {MAX_OUTPUT:,} characters")
    return s.replace(old, new, -1 if count is None else count)


def _truncate(value: Any, length: Any = 255, killwords: Any = False, end: Any = "...", leeway: Any = None) -> str:
    if not isinstance(length, int) or isinstance(length, bool) or length < len(str(end)):
        raise ExpressionError(f"truncate: length must be a whole number of at least {len(str(end))}, got {length!r}")
    return str(do_truncate(_env, str(value), length, bool(killwords), str(end), leeway))


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else len(str(value))


#: The filters sources may use, all of them cheap and bounded.
FILTERS: dict[str, Any] = {
    "lower": lambda v: str(v).lower(),
    "upper": lambda v: str(v).upper(),
    "title": lambda v: str(v).title(),
    "capitalize": lambda v: str(v).capitalize(),
    "trim": lambda v: str(v).strip(),
    "replace": _replace,
    "truncate": _truncate,
    "length": _length,
}

#: The tests (``x is number``) sources may use.
TESTS: dict[str, Any] = {
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "none": lambda v: v is None,
    "true": lambda v: v is True,
    "false": lambda v: v is False,
}

_env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
_env.filters = dict(FILTERS)
_env.tests = dict(TESTS)
_env.globals = {}  # no range, lipsum, dict, cycler, joiner, namespace

_ALLOWED = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Const, nodes.List, nodes.Tuple,
    nodes.Compare, nodes.Operand, nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.CondExpr,
    nodes.Concat, nodes.Filter, nodes.Test, nodes.If, nodes.Keyword,
)
_REFUSED: dict[type, str] = {
    nodes.Add: "arithmetic ('+'); join text with '~'", nodes.Sub: "arithmetic ('-')", nodes.Mul: "arithmetic ('*')",
    nodes.Div: "arithmetic ('/')", nodes.FloorDiv: "arithmetic ('//')", nodes.Mod: "arithmetic ('%')",
    nodes.Pow: "arithmetic ('**')", nodes.Call: "function and method calls", nodes.Getattr: "attribute access ('.')",
    nodes.Getitem: "index access ('[...]')", nodes.Slice: "slices", nodes.Dict: "dict literals",
    nodes.For: "'for' loops", nodes.Macro: "macros", nodes.CallBlock: "'call' blocks",
    nodes.FilterBlock: "'filter' blocks", nodes.With: "'with' blocks", nodes.Assign: "'set'",
    nodes.AssignBlock: "'set'", nodes.Include: "'include'", nodes.Import: "'import'", nodes.FromImport: "'import'",
    nodes.Extends: "'extends'", nodes.Block: "'block'",
}
LANGUAGE = "variables, comparisons, and/or/not, if/else and simple filters (see 'Expressions' in Templates and variants)"


def quote(text: str) -> str:
    """``text`` as a message may show it: one line, control characters escaped, cut to QUOTE_CHARS."""
    from mkdocs_runbooks.diagnostics import safe_text  # late: diagnostics is imported by every module

    return safe_text(text, QUOTE_CHARS)


def _check_tree(root: nodes.Node, names: set[str]) -> None:
    """Refuse what the language does not have; collect the variable names it reads."""
    stack: list[tuple[nodes.Node, int]] = [(root, 0)]
    while stack:  # iterative: a deep tree must give a message, not a RecursionError
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(f"nested more than {MAX_DEPTH} levels deep")
        kind = type(node)
        if kind not in _ALLOWED:
            what = _REFUSED.get(kind, f"'{kind.__name__}'")
            raise ExpressionError(f"{what} {'are' if what.endswith('s') else 'is'} not allowed in expressions; "
                                  f"they may use {LANGUAGE}")
        if isinstance(node, nodes.Name):
            names.add(node.name)
        elif isinstance(node, nodes.Const) and isinstance(node.value, float) and not math.isfinite(node.value):
            raise ExpressionError("a number is too large")
        elif isinstance(node, nodes.Filter):
            if node.name not in FILTERS:
                raise ExpressionError(f"unknown filter '{node.name}'; the filters are: {', '.join(FILTERS)}")
            if node.dyn_args is not None or node.dyn_kwargs is not None:
                raise ExpressionError(f"filter '{node.name}' takes plain arguments, not *args or **kwargs")
        elif isinstance(node, nodes.Test):
            if node.name not in TESTS:
                raise ExpressionError(f"unknown test '{node.name}'; the tests are: {', '.join(TESTS)}")
            if node.dyn_args is not None or node.dyn_kwargs is not None or node.args or node.kwargs:
                raise ExpressionError(f"test '{node.name}' takes no arguments")
        for child in node.iter_child_nodes():
            stack.append((child, depth + 1))


def _syntax(e: TemplateSyntaxError, source: str) -> ExpressionError:
    hint = ""
    if re.search(r"(?<![=!<>])=(?!=)", source):
        hint = "; did you mean '==' (comparison)?"
    elif "{{" in source and "}}" not in source:
        hint = "; close it with '}}'"
    return ExpressionError(f"{(e.message or 'syntax error').rstrip('.')}{hint}")


def _guard(fn: Any, source: str) -> Any:
    """Parse-time failures of any kind, as an ExpressionError."""
    try:
        return fn()
    except ExpressionError:
        raise
    except TemplateSyntaxError as e:
        raise _syntax(e, source) from None
    except RecursionError:
        raise ExpressionError(f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, OverflowError, MemoryError, SyntaxError) as e:  # e.g. a 5,000-digit literal
        why = "a number has more than 4,300 digits" if "digits" in str(e) else _short(e)
        raise ExpressionError(f"cannot read it: {why}") from None


def _short(e: BaseException) -> str:
    text = str(e).split("\n", 1)[0] or type(e).__name__
    return text[:200]


class Compiled:
    """A checked template or condition: ``names`` it reads, and ``error`` if it is refused."""

    def __init__(self, names: frozenset[str], run: Any = None, error: str | None = None) -> None:
        self.names = names
        self.run = run
        self.error = error


@lru_cache(maxsize=4096)
def compile_template(text: str) -> Compiled:
    """A string with ``{{ }}``/``{% %}``, checked; never raises."""
    names: set[str] = set()
    try:
        ast = _guard(lambda: _env.parse(text), text)
        _check_tree(ast, names)
        template = _guard(lambda: _env.from_string(ast), text)
    except ExpressionError as e:
        return Compiled(frozenset(names), error=str(e))
    return Compiled(frozenset(names), run=template)


@lru_cache(maxsize=1024)
def compile_condition(expr: str) -> Compiled:
    """A ``when:`` expression, checked; never raises."""
    names: set[str] = set()
    try:
        def parse() -> nodes.Node:
            parser = Parser(_env, expr, state="variable")
            node = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError(f"unexpected '{parser.stream.current.value}' after the expression",
                                          parser.stream.current.lineno)
            return node

        ast = _guard(parse, expr)
        _check_tree(ast, names)
        fn = _guard(lambda: _env.compile_expression(expr, undefined_to_none=False), expr)
    except ExpressionError as e:
        return Compiled(frozenset(names), error=str(e))
    return Compiled(frozenset(names), run=fn)


def render(compiled: Compiled, values: dict[str, Any]) -> str:
    """Render a checked template; raises ExpressionError (never anything else)."""
    out: list[str] = []
    size = 0
    try:
        for chunk in compiled.run.generate(values):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise ExpressionError(f"expands to more than {MAX_OUTPUT:,} characters")
            out.append(chunk)
    except ExpressionError:
        raise
    except Exception as e:  # the language is closed: any failure left is the expression's own
        raise ExpressionError(_runtime(e)) from None
    return "".join(out)


def evaluate(compiled: Compiled, values: dict[str, Any]) -> bool:
    """Truth of a checked condition; raises ExpressionError (never anything else)."""
    try:
        return bool(compiled.run(**values))
    except ExpressionError:
        raise
    except Exception as e:
        raise ExpressionError(_runtime(e)) from None


def _runtime(e: BaseException) -> str:
    if isinstance(e, TypeError) and "not supported between" in str(e):
        # vars are text as written unless declared, so `n: 3` then `n > 2` lands here
        return (f"{_short(e)}; compare like with like: numbers with unquoted numbers, text with quoted text; "
                "vars are text unless declared, so to compare one as a number declare it "
                "(`n: {type: number, default: 3}`)")
    if isinstance(e, RecursionError):
        return f"nested more than {MAX_DEPTH} levels deep"
    return _short(e) if str(e) else type(e).__name__


_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def culprit(text: str) -> str:
    """The ``{{ ... }}`` or ``{% ... %}`` of ``text`` to quote in a message about it."""
    spans: list[str] = _SPAN.findall(text)
    for span in spans[:50]:  # bounded: a text of many spans is quoted whole (and cut) instead
        if span.startswith("{{") and compile_template(span).error:
            return span
    return spans[0] if len(spans) == 1 else text

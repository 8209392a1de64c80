"""Template variables and conditions applied to a runbook (never Python eval).

``{{ name }}`` works in text, titles, commands, details and labels; ``when:``
is an expression over the vars. The language and its limits are in
expressions.py; undefined names and refused or failing expressions are
positioned errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.format.model import Item, Runbook, Section
from mkdocs_runbooks.resolve.expressions import MAX_OUTPUT as MAX_OUTPUT_TEXT
from mkdocs_runbooks.resolve.expressions import (
    ExpressionError,
    compile_condition,
    compile_template,
    culprit,
    evaluate,
    quote,
    render,
)

SECRET_MASK = "••••••"
#: Most characters all of one runbook's ``{{ }}`` may expand to: a guard against a var
#: repeated over thousands of items, far above any real page (~100 KB).
MAX_EXPANSION = 20_000_000

_SIMPLE_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _simple_parts(text: str) -> list[str] | None:
    """``text`` split into literal, name, literal, ... if every template construct in it
    is a bare ``{{ name }}``; else None."""
    if "{%" in text or "{#" in text:
        return None
    parts = _SIMPLE_VAR.split(text)
    for literal in parts[::2]:
        if "{{" in literal or "}}" in literal:
            return None
    return parts


def has_template(text: str | None) -> bool:
    """True when ``text`` holds a ``{{ }}`` or ``{% %}`` span."""
    return bool(text) and ("{{" in text or "{%" in text)  # type: ignore[operator]


class Substituter:
    """Applies one runbook's vars; reports problems at the value's position.

    Expressions are the bounded language of expressions.py; every failure is a
    diagnostic that quotes the expression, and the text is kept as written.
    """

    def __init__(self, values: dict[str, Any], diags: Diagnostics, secrets: set[str] | None = None) -> None:
        self.diags = diags
        self.secrets = secrets or set()
        # a secret is shown masked: the value must never reach a page
        self.values = {k: (SECRET_MASK if k in self.secrets else v) for k, v in values.items()}
        #: each value as text, made once: most texts of a runbook name one or two vars
        self.texts = {k: str(v) for k, v in self.values.items()}
        self.budget = MAX_EXPANSION
        self._spent_reported = False

    def _undefined(self, names: frozenset[str], pos: Pos, where: str) -> bool:
        missing = sorted(n for n in names if n not in self.values)
        for name in missing:
            hint = did_you_mean(name, self.values).lstrip(",") or " define it under 'vars'"
            self.diags.error(pos, "undefined-var", f"undefined variable '{name}' in {where};{hint}")
        return bool(missing)

    def _spend(self, produced: int, pos: Pos) -> bool:
        self.budget -= produced
        if self.budget >= 0:
            return True
        if not self._spent_reported:
            self._spent_reported = True
            self.diags.error(pos, "expression-limit", f"the runbook's {{{{ }}}} expand to more than "
                             f"{MAX_EXPANSION:,} characters in all; use fewer or shorter vars")
        return False

    def text(self, text: str, pos: Pos, what: str) -> str:
        """``text`` with its vars substituted; on an error the text as written, and a diagnostic at ``pos``."""
        if not has_template(text):
            return text
        parts = _simple_parts(text)
        if parts is not None:
            # plain `{{ name }}` only: one regex split does what Jinja would, ~20x cheaper
            texts = self.texts
            try:
                parts[1::2] = [texts[n] for n in parts[1::2]]
            except KeyError:
                pass  # an undefined name: the general path below reports it
            else:
                size = sum(map(len, parts))  # before joining: a few names may stand for a lot of text
                if size <= MAX_OUTPUT_TEXT and self._spend(size, pos):
                    return "".join(parts)
                if size > MAX_OUTPUT_TEXT:
                    self._fail(pos, "template-error", what, text, f"expands to more than {MAX_OUTPUT_TEXT:,} characters")
                return text
        compiled = compile_template(text)
        if compiled.error is not None:
            self._fail(pos, "template-syntax", what, text, compiled.error)
            return text
        if self._undefined(compiled.names, pos, what):
            return text
        try:
            out = render(compiled, self.values)
        except ExpressionError as e:
            self._fail(pos, "template-error", what, text, str(e))
            return text
        return out if self._spend(len(out), pos) else text

    def _fail(self, pos: Pos, code: str, what: str, text: str, why: str) -> None:
        self.diags.error(pos, code, f"cannot use the expression '{quote(culprit(text))}' in {what}: {why}")

    def condition(self, expr: str, pos: Pos) -> bool:
        """Evaluate ``when:``; an error keeps the element (nothing silently vanishes)."""
        compiled = compile_condition(expr)
        if compiled.error is not None:
            self.diags.error(pos, "bad-condition", f"cannot use the condition '{quote(expr)}': {compiled.error}")
            return True
        if self._undefined(compiled.names, pos, f"condition '{quote(expr)}'"):
            return True
        try:
            return evaluate(compiled, self.values)
        except ExpressionError as e:
            self.diags.error(pos, "bad-condition", f"cannot evaluate the condition '{quote(expr)}': {e}")
            return True


def _keep(sub: Substituter, el: Any) -> bool:
    return el.when is None or sub.condition(el.when, el.at.get("when", el.pos))


def apply_vars(runbook: Runbook, diags: Diagnostics) -> Runbook:
    """Evaluate conditions and substitute vars everywhere, in place."""
    sub = Substituter(runbook.vars, diags, runbook.secrets)
    t: Callable[[Any, str], None] = lambda el, key: _sub_attr(sub, el, key)  # noqa: E731
    t(runbook, "title")
    t(runbook, "intro")
    runbook.sections = _sections(sub, runbook.sections)
    runbook.procedures = [p for p in runbook.procedures if _keep(sub, p)]
    for proc in runbook.procedures:
        t(proc, "title")
        t(proc, "intro")
        proc.steps = _items(sub, proc.steps)
    runbook.triggers = [tr for tr in runbook.triggers if _keep(sub, tr)]
    for trigger in runbook.triggers:
        t(trigger, "text")
    runbook.signoff = [s for s in runbook.signoff if _keep(sub, s)]
    for block in runbook.signoff:
        t(block, "title")
    return runbook


def _sub_attr(sub: Substituter, el: Any, key: str) -> None:
    value = getattr(el, key)
    if value and has_template(value):
        setattr(el, key, sub.text(value, el.at.get(key, el.pos), f"'{key}' of '{getattr(el, 'id', '')}'"))


def _sections(sub: Substituter, sections: list[Section]) -> list[Section]:
    kept = [s for s in sections if _keep(sub, s)]
    for s in kept:
        _sub_attr(sub, s, "title")
        _sub_attr(sub, s, "intro")
        s.items = _items(sub, s.items)
        s.sections = _sections(sub, s.sections)
    return kept


def _items(sub: Substituter, items: list[Item]) -> list[Item]:
    kept = [i for i in items if i.when is None or _keep(sub, i)]
    for item in kept:  # the hot loop of resolution: most text has no braces, so test before any call
        if "{" in item.text:
            _sub_attr(sub, item, "text")
        if item.details and "{" in item.details:
            _sub_attr(sub, item, "details")
        if item.command is not None and has_template(item.command.code):
            item.command.code = sub.text(item.command.code, item.at.get("command", item.pos), f"command of '{item.id}'")
        for f in item.fields:
            if f.label and "{" in f.label:
                _sub_attr(sub, f, "label")
        if item.items:
            item.items = _items(sub, item.items)
    return kept

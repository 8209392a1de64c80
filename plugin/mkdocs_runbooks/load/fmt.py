"""Rewrite runbook sources and templates in one canonical layout, keeping what people wrote.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, flow/block
style and block scalars; the layout it normalises is indentation (mappings by
2, list items "  - " under their key) and line breaks of plain scalars (never
re-wrapped). A rewrite that would change what the file means (the parsed
data) is refused, so formatting can never change a runbook.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import yaml

from mkdocs_runbooks.errors import RunbooksError


class FormatError(RunbooksError):
    """The source cannot be formatted (a YAML error, or a rewrite that would change its data)."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line, self.col = line, col


@dataclass
class Formatted:
    """What ``format_source`` made of a source: the new text, and whether it differs."""
    text: str
    changed: bool


def _yaml() -> Any:
    from ruamel.yaml import YAML  # late: only `runbooks fmt` needs round-trip YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 4096  # long lines stay long: a re-wrapped command or URL reads worse in review
    return rt


def _data(text: str) -> Any:
    return yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - SafeLoader


def format_text(text: str) -> Formatted:
    """``text`` in the canonical layout; FormatError if it cannot be parsed or would change meaning."""
    source = text.lstrip("\ufeff").replace("\r\n", "\n")
    rt = _yaml()
    try:
        doc = rt.load(source)
    except Exception as e:  # ruamel's errors carry marks like PyYAML's
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise FormatError(f"YAML syntax error: {problem}", mark.line + 1 if mark else 1,
                          mark.column + 1 if mark else 1) from None
    if doc is None:
        return Formatted(text, False)
    out = io.StringIO()
    rt.dump(doc, out)
    result = out.getvalue().rstrip("\n") + "\n"
    try:
        same = _data(result) == _data(source)
    except yaml.YAMLError:
        same = False
    if not same:
        raise FormatError("formatting would change the data of this file; it was left as it is "
                          "(please report it with the file)")
    return Formatted(result, result != text)

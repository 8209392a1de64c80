"""Positioned diagnostics: the one error currency of the core."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from mkdocs_runbooks.errors import RunbooksError

Severity = Literal["error", "warning"]


class Pos(NamedTuple):
    """A position in a source file; line and col are 1-based.

    A NamedTuple, not a dataclass: the loader makes one per YAML node.
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{safe_text(self.path, 300)}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding: where, ``error`` or ``warning``, a short code and a message (DESIGN.md diagnostics format)."""
    pos: Pos
    severity: Severity
    code: str
    message: str

    @property
    def path(self) -> str:
        """The source path as shown to the user."""
        return self.pos.path

    @property
    def line(self) -> int:
        """1-based line."""
        return self.pos.line

    @property
    def col(self) -> int:
        """1-based column."""
        return self.pos.col

    def format(self) -> str:
        """``path:line:col: error|warning: message [code]``, safe to print (control characters escaped)."""
        return f"{self.pos}: {self.severity}: {self.message} [{self.code}]"

    __str__ = format


@dataclass
class Diagnostics:
    """An ordered collection; the core appends, adapters decide how to report."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: Pos, code: str, message: str) -> None:
        """Add an error at ``pos``."""
        self.items.append(Diagnostic(pos, "error", code, safe_message(message)))

    def warning(self, pos: Pos, code: str, message: str) -> None:
        """Add a warning at ``pos``."""
        self.items.append(Diagnostic(pos, "warning", code, safe_message(message)))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        """Add every diagnostic of ``other``."""
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors, in the order they were found."""
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings, in the order they were found."""
        return [d for d in self.items if d.severity == "warning"]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        """All diagnostics by path, line and column."""
        return sorted(self.items, key=lambda d: (d.pos.path, d.pos.line, d.pos.col))


def once(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic the first time it appears: an error in a template or fragment is
    found again in every runbook that uses it, but is one fault to fix."""
    seen: set[Diagnostic] = set()
    out: list[Diagnostic] = []
    for d in diagnostics:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


class RunbookError(RunbooksError):
    """Raised when a source cannot be compiled; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


#: Characters that would split a diagnostic's line or reorder what a terminal shows:
#: C0/C1 controls, line and paragraph separators, zero-width and bidi controls, BOM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
#: A run without spaces this long is a value echoed back (a 5 MB id), not prose: cut it.
_LONG_WORD = re.compile(r"\S{121,}")
#: Longest message printed; the rest is cut with a count.
MAX_MESSAGE = 2000


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c) or f"\\u{ord(c):04x}"


def safe_text(text: str, limit: int) -> str:
    """``text`` for a one-line message: unsafe characters escaped (``\\n``, ``\\u202e``),
    cut to ``limit`` characters with the length said."""
    cut = text if len(text) <= limit else text[: max(1, limit - 20)]
    shown = _UNSAFE.sub(_escape, cut)
    return shown if cut is text else f"{shown}…({len(text):,} chars)"


def safe_message(message: str) -> str:
    """A message safe to print on one line: ids and values quoted in it are escaped and cut."""
    if len(message) > 120:
        message = _LONG_WORD.sub(lambda m: safe_text(m.group(), 100), message)
    message = _UNSAFE.sub(_escape, message)
    if len(message) > MAX_MESSAGE:
        message = f"{message[:MAX_MESSAGE]}…(message cut, {len(message):,} chars)"
    return message


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ", did you mean 'x'?" or an empty string."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f", did you mean '{close[0]}'?" if close else ""

"""Positioned diagnostics: the one error currency of the core."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal, NamedTuple

Severity = Literal["error", "warning"]


class Pos(NamedTuple):
    """A position in a source file; line and col are 1-based.

    A NamedTuple, not a dataclass: the loader makes one per YAML node.
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    pos: Pos
    severity: Severity
    code: str
    message: str

    @property
    def path(self) -> str:
        return self.pos.path

    @property
    def line(self) -> int:
        return self.pos.line

    @property
    def col(self) -> int:
        return self.pos.col

    def format(self) -> str:
        return f"{self.pos}: {self.severity}: {self.message} [{self.code}]"

    __str__ = format


@dataclass
class Diagnostics:
    """An ordered collection; the core appends, adapters decide how to report."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Diagnostic(pos, "error", code, message))

    def warning(self, pos: Pos, code: str, message: str) -> None:
        self.items.append(Diagnostic(pos, "warning", code, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.pos.path, d.pos.line, d.pos.col))


class RunbookError(Exception):
    """Raised when a source cannot be compiled; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ", did you mean 'x'?" or an empty string."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f", did you mean '{close[0]}'?" if close else ""

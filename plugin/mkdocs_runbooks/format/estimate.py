"""Time estimates: parse '10-15 min', '1-2 hours', '30s' and sum them."""

from __future__ import annotations

import re
from collections.abc import Mapping

from mkdocs_runbooks.format.spec import ESTIMATE_PATTERN, ESTIMATE_UNITS

_UNITS = {
    "s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 480, "day": 480, "days": 480,  # a working day
}
assert set(_UNITS) == set(ESTIMATE_UNITS)
_RE = re.compile(ESTIMATE_PATTERN)  # the schema's own pattern: editors and the checker agree

Range = tuple[float, float]


def parse_estimate(text: str | None) -> Range | None:
    """Minutes as (low, high), or None when the text is not an estimate."""
    if not text:
        return None
    m = _RE.match(text)
    if not m:
        return None
    low, unit1, high, unit2 = m.groups()
    unit = (unit2 or unit1 or "min").lower()
    lo = float(low) * _UNITS[(unit1 or unit).lower()]
    hi = float(high) * _UNITS[unit] if high else float(low) * _UNITS[unit]
    return (lo, max(lo, hi))


def add(a: Range | None, b: Range | None) -> Range | None:
    """The sum of two (low, high) minute ranges; None when both are None."""
    if a is None:
        return b
    if b is None:
        return a
    return (a[0] + b[0], a[1] + b[1])


def _fmt(minutes: float, unit: str) -> str:
    value = minutes / 60 if unit == "h" else minutes
    return f"{value:.1f}".rstrip("0").rstrip(".")


def format_range(r: Range | None, strings: Mapping[str, str] | None = None) -> str:
    """'25–40 min' or '3–4.5 h'; empty for None. ``strings`` (an i18n table) names the units."""
    if r is None:
        return ""
    lo, hi = r
    unit = "h" if hi >= 120 else "min"
    if unit == "min":  # anything above zero shows as at least a minute
        lo, hi = (max(1, round(x)) if x > 0 else 0 for x in (lo, hi))
    a, b = _fmt(lo, unit), _fmt(hi, unit)
    word = strings[f"unit.{unit}"] if strings is not None else unit
    return f"{a} {word}" if a == b else f"{a}–{b} {word}"

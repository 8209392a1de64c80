"""YAML 1.1 implicit typing of plain scalars, as PyYAML's SafeLoader does it.

Only the standard scalar types; nothing is ever constructed from a tag.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_TAG = "tag:yaml.org,2002:"
_constructor = yaml.constructor.SafeConstructor()

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+)$")
_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|[-+]?\.(inf|Inf|INF)$|\.(nan|NaN|NAN)$"
)
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$")
_BOOL = {
    **dict.fromkeys(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"), False),
}
_NULL = {"", "~", "null", "Null", "NULL"}
_MAYBE_SPECIAL = set("0123456789-+.~tTfFyYnNoO")
# A plain scalar is a number, date or null only if it starts with one of these;
# one starting with a letter is typed only if it is one of these words.
NUMERIC_START = frozenset("0123456789-+.~")
TYPED_WORDS = frozenset(_BOOL) | _NULL


def resolve_plain(value: str) -> tuple[Any, str]:
    """YAML 1.1 implicit typing of a plain scalar, as PyYAML's SafeLoader does it."""
    if value in _NULL:
        return None, "null"
    if value[0] not in _MAYBE_SPECIAL:  # fast path: most runbook text
        return value, "str"
    if value in _BOOL:
        return _BOOL[value], "bool"
    if _INT.match(value):
        try:
            return _constructor.construct_yaml_int(yaml.ScalarNode(_TAG + "int", value)), "int"
        except ValueError:  # past Python's 4,300-digit limit: keep the text, never crash (found by bench/fuzz.py)
            return value, "str"
    if _TIMESTAMP.match(value):
        return value, "timestamp"  # dates stay ISO strings: they are shown, not computed with
    if _FLOAT.match(value):
        return _constructor.construct_yaml_float(yaml.ScalarNode(_TAG + "float", value)), "float"
    return value, "str"

"""How a plain YAML scalar reads: the YAML 1.2 core schema, as editors read it.

Editors, yaml-language-server and check-jsonschema read YAML 1.2, where
``NO``, ``yes``, ``on`` and ``2025-01-21`` are strings and ``1.10`` is a
number. The loader records that reading (``YScalar.tag``) next to the text
as written (``YScalar.text``); the parser then types each value by the
format (spec.py), never by this guess alone: a key declared as a string
keeps the text as written, whatever YAML 1.2 would make of it.

Source of the rules: YAML 1.2.2, section 10.3.2 (tag resolution).
"""

from __future__ import annotations

import math
import re
from typing import Any

_INT10 = re.compile(r"[-+]?[0-9]+\Z")
_INT8 = re.compile(r"0o[0-7]+\Z")
_INT16 = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = {".inf": math.inf, ".Inf": math.inf, ".INF": math.inf, "+.inf": math.inf, "+.Inf": math.inf,
        "+.INF": math.inf, "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf}
_NAN = {".nan", ".NaN", ".NAN"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}

#: A plain scalar is a number or null only if it starts with one of these;
#: one starting with a letter is typed only if it is one of these words.
NUMERIC_START = frozenset("0123456789-+.~")
TYPED_WORDS = frozenset(_BOOL) | _NULL

#: Longest integer literal read as a number (Python refuses int() of more than
#: 4,300 digits; no runbook needs more than a few). A longer one stays text and
#: is an error only where the format asks for a number.
MAX_INT_DIGITS = 100


def resolve_plain(text: str) -> tuple[Any, str]:
    """(value, tag) of a plain scalar under the YAML 1.2 core schema.

    ``tag`` is one of ``str``, ``null``, ``bool``, ``int``, ``float``; an
    integer literal longer than ``MAX_INT_DIGITS`` gives ``(text, "bigint")``.
    """
    if text in _NULL:
        return None, "null"
    first = text[0]
    if first not in NUMERIC_START:
        b = _BOOL.get(text)
        return (text, "str") if b is None else (b, "bool")
    if _INT10.match(text):
        if len(text) > MAX_INT_DIGITS:
            return text, "bigint"
        return int(text, 10), "int"
    if first == "0" and len(text) > 2:
        if _INT16.match(text):
            return (text, "bigint") if len(text) > MAX_INT_DIGITS else (int(text[2:], 16), "int")
        if _INT8.match(text):
            return (text, "bigint") if len(text) > MAX_INT_DIGITS else (int(text[2:], 8), "int")
    if _FLOAT.match(text):
        return float(text), "float"  # a huge exponent is inf, never an error
    if text in _INF:
        return _INF[text], "float"
    if text in _NAN:
        return math.nan, "float"
    return text, "str"


def check_tagged(text: str, tag: str) -> tuple[Any, str] | None:
    """The value of a scalar with an explicit standard tag (``!!int 3``), or None when the
    text is not one (``!!int abc``). Only the YAML 1.2 core tags are known."""
    if tag == "str":
        return text, "str"
    value, got = resolve_plain(text) if text else (None, "null")
    if tag == "int" and got == "bigint":
        return value, got
    if got == tag or (tag == "float" and got == "int"):
        return (float(value) if tag == "float" and value is not None else value), tag
    return None

"""YAML text for humans: block style, literal blocks, flow for small records,
and ``# import:`` comments.

A dedicated writer, not ruamel's round-trip dumper: ruamel emitted ~0.6 MB/s
of YAML here, far below the importer's 1 MB/s budget, and the tree is simple
(str/bool/int/list/dict). The tests load every output back with ruamel.yaml
and PyYAML and compare it to ``ImportResult.data``.

A dict may carry ``"_c": {key: comment}``; the comment is printed at the end
of that key's line (for flow records, at the end of the record's line).
"""

from __future__ import annotations

import json
import re
from typing import Any

COMMENT_KEY = "_c"
FLOW_KEYS = {"fields", "contacts"}  # lists whose dicts print as one-line records

_NOT_PRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
# YAML 1.1 implicit types (PyYAML) and 1.2 (ruamel): anything like these is quoted.
_RESERVED = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |null|Null|NULL|~|=|<<)$
    |^[-+]?(?:[0-9][0-9_,:.]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$
    |^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$
    |^0[box]|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}""",
    re.VERBOSE,
)



def _quoted(s: str) -> str:
    if _NOT_PRINTABLE.search(s) or "\n" in s:
        out = json.dumps(s, ensure_ascii=False)
        return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}" if ord(m.group(0)) < 0x10000 else m.group(0), out)
    return "'" + s.replace("'", "''") + "'"


# Fast path: a letter, then letters/digits/space/_./()'- with no edge spaces cannot
# trip any check in scalar() except the reserved words (the other _RESERVED
# forms start with a digit, sign or dot).
_SIMPLE = re.compile(r"[A-Za-z](?:[A-Za-z0-9 _./()'-]*[A-Za-z0-9_./()'-])?\Z")
_WORDS = frozenset("y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL".split())


# Plain (unquoted) only for what both PyYAML scanners (pure Python and libyaml) surely read
# back as the same string: word characters and a few punctuation marks. PyYAML's pure scanner
# ends a plain scalar at '?' or ':' in flow context, libyaml does not: so flow scalars are
# plain only on the _SIMPLE fast path. Anything else is quoted; quoting is always correct.
_BLOCK_PLAIN = re.compile(r"[^\W_](?:[\w .,;()/+='\"!?&%*@~<>-]*[^\s:])?\Z")


def scalar(value: Any, flow: bool = False) -> str:
    """`value` as a YAML scalar (quoted when plain would change its type or meaning)."""
    if type(value) is str and _SIMPLE.match(value) and value not in _WORDS:
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    s = str(value)
    if flow or not _BLOCK_PLAIN.match(s) or " #" in s or ": " in s or _RESERVED.match(s):
        return _quoted(s)
    return s


def _literal(s: str, indent: int) -> list[str] | None:
    """A ``|`` block, or None when the text cannot be one."""
    if _NOT_PRINTABLE.search(s) or "\r" in s:
        return None
    body = s.rstrip("\n")
    trailing = len(s) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    lines = body.split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    header = "|" + ("2" if first[:1] in (" ", "\t") else "") + chomp
    pad = " " * indent
    out = [header] + [(pad + ln) if ln else "" for ln in lines]
    out.extend([""] * (trailing - 1))
    return out


def _comment(text: str) -> str:
    return "  # " + " ".join(str(text).split())


def _flow(value: Any) -> str:
    if type(value) is str and _SIMPLE.match(value) and value not in _WORDS:
        return value  # scalar()'s fast case, without the call
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {_flow(v)}" for k, v in value.items() if k != COMMENT_KEY)
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, flow=True)


def _is_flat_strlist(value: Any) -> bool:
    if value and not isinstance(value[0], str):  # lists of records: most lists here
        return False
    return isinstance(value, list) and all(isinstance(v, str) and "\n" not in v for v in value) and sum(map(len, value)) < 100


# The writers return what strip_comments() would for the value they write:
# one walk of the tree gives both the text and ImportResult.data.
def _emit_map(d: dict[str, Any], indent: int, out: list[str], first_prefix: str | None = None) -> dict[str, Any]:
    comments = d.get(COMMENT_KEY) or {}
    pad = " " * indent
    lead = pad if first_prefix is None else first_prefix
    clean: dict[str, Any] = {}
    for key, value in d.items():
        if key == COMMENT_KEY:
            continue
        note = _comment(comments[key]) if key in comments else ""
        if type(value) is str and "\n" not in value:  # most values: scalar()'s first case, inlined
            text = value if _SIMPLE.match(value) and value not in _WORDS else scalar(value)
            out.append(f"{lead}{key}: {text}{note}")
            clean[key] = value
            lead = pad
            continue
        head = f"{lead}{key}:"
        lead = pad
        if isinstance(value, dict):
            if not value:
                out.append(f"{head} {{}}{note}")
                clean[key] = {}
            else:
                out.append(head + note)
                clean[key] = _emit_map(value, indent + 2, out)
        elif isinstance(value, list):
            if not value:
                out.append(f"{head} []{note}")
                clean[key] = []
            elif _is_flat_strlist(value):
                out.append(f"{head} {_flow(value)}{note}")
                clean[key] = list(value)
            else:
                out.append(head + note)
                clean[key] = _emit_seq(value, indent + 2, out, flow_items=key in FLOW_KEYS)
        elif isinstance(value, str) and "\n" in value and (block := _literal(value, indent + 2)):
            out.append(f"{head} {block[0]}{note}")
            out.extend(block[1:])
            clean[key] = value
        else:
            out.append(f"{head} {scalar(value)}{note}")
            clean[key] = value
    return clean


def _emit_seq(items: list[Any], indent: int, out: list[str], flow_items: bool = False) -> list[Any]:
    pad = " " * indent
    clean = []
    for item in items:
        if isinstance(item, dict) and item:
            if flow_items:
                c = item.get(COMMENT_KEY) or {}
                note = _comment("; ".join(map(str, c.values()))) if c else ""
                out.append(f"{pad}- {_flow(item)}{note}")
                clean.append(strip_comments(item))
            else:
                clean.append(_emit_map(item, indent + 2, out, first_prefix=f"{pad}- "))
        elif isinstance(item, (dict, list)):
            out.append(f"{pad}- {_flow(item)}")
            clean.append(strip_comments(item))
        elif isinstance(item, str) and "\n" in item and (block := _literal(item, indent + 2)):
            out.append(f"{pad}- {block[0]}")
            out.extend(block[1:])
            clean.append(item)
        else:
            out.append(f"{pad}- {scalar(item)}")
            clean.append(item)
    return clean


def dump(data: dict[str, Any], header: list[str]) -> str:
    """The runbook tree as YAML text after `header` lines, with the `# import:` comments in place."""
    return dump_with_data(data, header)[0]


def dump_with_data(data: dict[str, Any], header: list[str]) -> tuple[str, dict[str, Any]]:
    """The YAML text and ``strip_comments(data)``, in one walk."""
    out = [f"# {h}" if not h.startswith("#") else h for h in header]
    clean = _emit_map(data, 0, out)
    return "\n".join(out) + "\n", clean


_LEAVES = frozenset((str, int, float, bool, type(None)))  # returned as they are: no call for each


def strip_comments(value: Any) -> Any:
    """The tree as a YAML loader would return it."""
    if isinstance(value, dict):
        return {k: v if type(v) in _LEAVES else strip_comments(v) for k, v in value.items() if k != COMMENT_KEY}
    if isinstance(value, list):
        return [v if type(v) in _LEAVES else strip_comments(v) for v in value]
    return value

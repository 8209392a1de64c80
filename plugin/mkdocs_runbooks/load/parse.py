"""Validate a positioned YAML tree against the spec and build the model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from typing import Any

from mkdocs_runbooks.diagnostics import Diagnostics, Pos, did_you_mean
from mkdocs_runbooks.format.estimate import parse_estimate
from mkdocs_runbooks.format.model import Field, Include
from mkdocs_runbooks.format.slugs import slugify
from mkdocs_runbooks.format.source import SHAPE_CLASSES, SourceRunbook
from mkdocs_runbooks.format.spec import DATE_PATTERN, ID_PATTERN, INCLUDE_KEY, MAX_ITEMS, SHAPES, VERSION_PATTERN, Key
from mkdocs_runbooks.load.nodes import YMap, YNode, YScalar, YSeq
from mkdocs_runbooks.load.ops import parse_op

_ID_RE = re.compile(ID_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN)
_VERSION_RE = re.compile(VERSION_PATTERN)
_TYPE_NAMES = {"str": "a string", "int": "a number", "float": "a number", "bigint": "a number", "bool": "true/false",
               "null": "nothing"}
#: Words YAML 1.1 read as booleans and YAML 1.2 (editors, and this format) reads as text.
_YAML11_BOOLS = {"yes": True, "no": False, "on": True, "off": False, "y": True, "n": False}
#: Scalars a string-typed key takes as written: everything but null (an empty value).
_TEXT_TAGS = frozenset(("str", "int", "float", "bool", "bigint"))
VAR_DECL_KEYS = ("type", "default", "required", "description", "secret")
VAR_TYPES = ("string", "number", "boolean", "choice")
#: Shapes whose lists may hold `- include: fragment-id` (what a fragment can provide; resolve._Expander).
_INCLUDABLE = frozenset({"section", "item", "procedure", "trigger"})
# Derived from the spec once, not per mapping: shape() runs for every item, field and section.
_REQUIRED = {name: tuple(key for key, k in spec.items() if k.required) for name, spec in SHAPES.items()}
_HAS_ORIGIN = {name for name, cls in SHAPE_CLASSES.items() if "origin" in {f.name for f in dataclasses.fields(cls)}}
#: spec types whose value is a YAML string taken as is (value() checks nothing more for them)
_FREE_STRINGS = frozenset(("str", "text", "markdown", "ref"))


def _cut(text: str, limit: int = 40) -> str:
    one = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    return one if len(one) <= limit else one[: limit - 1] + "…"


def var_value(value: Any, expected: str | None) -> tuple[Any, str | None]:
    """A var's value read as its declared type: (value, None) or (value, what is wrong).

    Values arrive as text as written (vars are strings unless declared otherwise);
    ``number`` takes a YAML 1.2 integer or decimal, ``boolean`` takes true/false.
    """
    if expected not in ("number", "boolean") or not isinstance(value, str):
        return value, None
    from mkdocs_runbooks.load.scalars import resolve_plain  # late: only declared vars get here

    read, tag = resolve_plain(value.strip()) if value.strip() else (None, "null")
    if expected == "number":
        if tag in ("int", "float") and read == read and read not in (float("inf"), float("-inf")):
            return read, None
        return value, "a number"
    if tag == "bool":
        return read, None
    hint = f" (YAML 1.2 reads '{value}' as text)" if value.lower() in _YAML11_BOOLS else ""
    return value, f"true or false{hint}"


def _ascii(text: str) -> str:
    """'Ünï' -> 'Uni', for suggestions only (role slugs in the HTML contract keep slugify's rule)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _kind(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    return _TYPE_NAMES.get(node.tag, "a value")


class Parser:
    """Build model objects from Y* nodes; every problem becomes a diagnostic."""

    def __init__(self, diags: Diagnostics, origin: str = "") -> None:
        self.diags = diags
        self.origin = origin
        #: template parameter declarations found under ``vars``
        self.var_decls: dict[str, dict[str, Any]] = {}
        self.items_seen = 0

    # -- entry points -------------------------------------------------------
    def runbook(self, tree: YNode | None, path: str) -> SourceRunbook | None:
        """The source runbook of a loaded YAML tree, or None with errors in the diagnostics."""
        if tree is None:
            self.diags.error(Pos(path), "empty", "file is empty; a runbook needs at least 'id' and 'title'")
            return None
        if not isinstance(tree, YMap):
            self.diags.error(tree.pos, "wrong-type", f"a runbook is a mapping of keys, got {_kind(tree)}")
            return None
        rid = tree.get("id")
        if isinstance(rid, YScalar) and rid.tag in ("str", "int", "bigint"):
            self.origin = self.origin or rid.value  # `id: 123` is the id '123': origin must match
        built = self.shape("runbook", tree)
        return built if isinstance(built, SourceRunbook) else None

    # -- generic shape building ---------------------------------------------
    def shape(self, name: str, node: YMap, extra_keys: tuple[str, ...] = ()) -> Any:
        """The dataclass of spec shape ``name`` from mapping ``node``; unknown or missing keys are diagnosed."""
        spec = SHAPES[name]
        kwargs: dict[str, Any] = {}
        at: dict[str, Pos] = {}
        ok = True
        bad: set[str] = set()  # keys already reported as wrong: not also "must not be empty"
        for key, value in node.items.items():
            k = spec.get(key)
            if k is None:
                if key in extra_keys:
                    continue
                self.diags.error(
                    node.keys[key],
                    "unknown-key",
                    f"unknown key '{key}' in {name}{did_you_mean(key, spec)}",
                )
                continue
            at[key] = value.pos
            if type(value) is YScalar:
                # most keys: a string that is valid as it is (value() would return it unchanged)
                if value.tag == "str" and (k.type in _FREE_STRINGS or (k.type == "id" and _ID_RE.match(value.value))
                                           or (k.type == "enum" and value.value in k.enum)):
                    kwargs[key] = value.value
                    continue
                if value.tag == "null":
                    continue  # `key:` with nothing is the same as leaving it out
            converted = self.value(name, key, k, value)
            if converted is _BAD:
                ok = False
                bad.add(key)
                continue
            kwargs[key] = converted
        required = _REQUIRED[name]
        for key in required:
            if key not in kwargs and key in at and key not in bad:
                ok = False
                self.diags.error(at[key], "missing-key", f"'{key}' of {name} must not be empty")
            elif key not in at:
                ok = False
                hint = self._identify(node)
                self.diags.error(node.pos, "missing-key", f"{name}{hint} is missing required key '{key}'")
        if not ok and any(k not in kwargs for k in required):
            return None
        kwargs["pos"] = node.pos
        kwargs["at"] = at
        if name in _HAS_ORIGIN:
            kwargs["origin"] = self.origin
        if name == "item":
            self.items_seen += 1
            if self.items_seen == MAX_ITEMS + 1:
                self.diags.error(node.pos, "too-many-items",
                                 f"more than {MAX_ITEMS:,} items in one file; split it into several runbooks")
        obj = SHAPE_CLASSES[name](**kwargs)
        if name == "field":
            self._check_field(obj)
        return obj

    @staticmethod
    def _identify(node: YMap) -> str:
        for key in ("id", "role", "title"):
            v = node.get(key)
            if isinstance(v, YScalar) and v.tag != "null":
                return f" '{_cut(v.value)}'"
        return ""

    def value(self, owner: str, key: str, k: Key, node: YNode) -> Any:
        """The value of ``key`` checked against its spec ``k`` (type, enum, pattern); a placeholder on error."""
        t = k.type
        if t in ("str", "text", "markdown", "ref", "id", "enum", "date", "estimate", "version"):
            s = self.string(owner, key, node)
            if s is _BAD:
                return _BAD
            if t == "id" and not _ID_RE.match(s):
                self.diags.error(
                    node.pos,
                    "bad-id",
                    f"id '{_cut(s)}' is not a slug (lowercase letters, digits and '-'); "
                    f"try '{slugify(_ascii(s[:200]))[:60]}'",
                )
                return _BAD
            if t == "enum" and s not in k.enum:
                choices = ", ".join(k.enum)
                hint = did_you_mean(s, k.enum).lstrip(",") or f" use one of: {choices}"
                if (owner, key) == ("field", "type"):
                    self.diags.error(node.pos, "unknown-field-type", f"unknown field type '{_cut(s)}';{hint}")
                else:
                    self.diags.error(node.pos, "bad-value", f"{key} '{_cut(s)}' of {owner} is not allowed;{hint}")
                return _BAD
            if t == "date" and not _is_date(s):
                self.diags.error(node.pos, "bad-date",
                                 f"'{key}' of {owner} must be a date written YYYY-MM-DD, got '{_cut(s)}'")
                return _BAD
            if t == "estimate" and parse_estimate(s) is None:
                self.diags.error(node.pos, "bad-estimate",
                                 f"'{key}' of {owner} must be a time estimate such as `10 min`, `10-15 min` "
                                 f"or `1-2 hours`, got '{_cut(s)}'")
                return _BAD
            if t == "version" and not _VERSION_RE.match(s):
                self.diags.error(node.pos, "bad-version",
                                 f"'{key}' of {owner} must be a version such as 2.0.0 (letters, digits, '.', '-', "
                                 f"'+', '_'), got '{_cut(s)}'")
                return _BAD
            return s
        if t == "bool":
            if isinstance(node, YScalar) and node.tag == "bool":
                return node.typed
            if isinstance(node, YScalar) and node.value.lower() in _YAML11_BOOLS:
                word = "true" if _YAML11_BOOLS[node.value.lower()] else "false"
                return self._wrong(owner, key, f"true or false (YAML 1.2 reads '{node.value}' as text; "
                                   f"write {word})", node)
            return self._wrong(owner, key, "true or false", node)
        if t == "list":
            return self.list_of(owner, key, k.shape or "", node)
        if t == "strlist":
            return self.strlist(owner, key, k, node)
        if t == "shape":
            if not isinstance(node, YMap):
                return self._wrong(owner, key, "a mapping", node)
            return self.shape(k.shape or "", node)
        if t == "command":
            return self.command(owner, node)
        if t == "vars":
            return self.vars(node)
        if t == "raw":  # a variant operation: its structure is checked here, its targets when applied
            op = parse_op(key, node, self.diags)
            return _BAD if op is None else op
        raise AssertionError(f"spec type {t!r} has no parser")  # a bug in spec.py, not user input

    def string(self, owner: str, key: str, node: YNode) -> Any:
        """The scalar's text as written (the format, not YAML, says this key is text)."""
        if isinstance(node, YScalar) and node.tag in _TEXT_TAGS:
            return node.value
        return self._wrong(owner, key, "a string", node)

    def _wrong(self, owner: str, key: str, expected: str, node: YNode) -> Any:
        self.diags.error(node.pos, "wrong-type", f"'{key}' of {owner} must be {expected}, got {_kind(node)}")
        return _BAD

    def list_of(self, owner: str, key: str, shape: str, node: YNode) -> Any:
        """A list of shape ``shape`` elements (includes allowed where the format allows them)."""
        if not isinstance(node, YSeq):
            return self._wrong(owner, key, f"a list of {shape}s", node)
        out: list[Any] = []
        for child in node.items:
            if not isinstance(child, YMap):
                self._wrong(owner, key, f"a list of {shape} mappings (each entry `- id: ...`)", child)
                continue
            if INCLUDE_KEY in child.items:
                if shape not in _INCLUDABLE:  # only these lists are spliced; elsewhere it would leak through
                    self.diags.error(child.keys[INCLUDE_KEY], "unknown-key",
                                     f"'include' cannot be used in '{key}'; fragments hold sections, items, "
                                     "steps, procedures and triggers")
                    continue
                inc = self.include(child)
                if inc is not None:
                    out.append(inc)
                continue
            built = self.shape(shape, child)
            if built is not None:
                out.append(built)
        return out

    def include(self, node: YMap) -> Include | None:
        """An ``include:`` entry, or None with an error."""
        extra = [k for k in node.items if k != INCLUDE_KEY]
        for k in extra:
            self.diags.error(node.keys[k], "unknown-key", f"'{k}' cannot go beside 'include'; an include entry has one key")
        ref = node.items[INCLUDE_KEY]
        if not isinstance(ref, YScalar) or ref.tag not in _TEXT_TAGS:
            self._wrong("include", INCLUDE_KEY, "a fragment id", ref)
            return None
        return Include(ref.value, ref.pos)

    def strlist(self, owner: str, key: str, k: Key, node: YNode) -> Any:
        """A list of strings (a single string is taken as a one-element list where the spec allows)."""
        if not isinstance(node, YSeq):
            return self._wrong(owner, key, "a list of strings", node)
        out = []
        for child in node.items:
            s = self.string(owner, key, child)
            if s is _BAD:
                continue
            if k.enum and s not in k.enum:
                self.diags.error(
                    child.pos, "bad-value",
                    f"'{s}' is not one of: {', '.join(k.enum)}{did_you_mean(s, k.enum)}",
                )
                continue
            out.append(s)
        return out

    def command(self, owner: str, node: YNode) -> Any:
        """A command: a string, or a mapping ``{lang, code}``."""
        if isinstance(node, YScalar):
            s = self.string(owner, "command", node)
            return _BAD if s is _BAD else SHAPE_CLASSES["command"](code=s, pos=node.pos)  # the declared class
        if isinstance(node, YMap):
            built = self.shape("command", node)
            return built if built is not None else _BAD
        return self._wrong(owner, "command", "a string or {lang, code}", node)

    def vars(self, node: YNode) -> Any:
        """The ``vars`` mapping: plain values, or declarations ``{type, default, required, ...}``."""
        if not isinstance(node, YMap):
            return self._wrong("runbook", "vars", "a mapping of names to values", node)
        out: dict[str, Any] = {}
        for name, value in node.items.items():
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                self.diags.error(node.keys[name], "bad-var", f"variable name '{name}' must be letters, digits and '_'")
                continue
            if isinstance(value, YScalar):
                # text as written: `country: NO` is 'NO'; a declared type is applied in resolve
                out[name] = None if value.tag == "null" else value.value
            elif isinstance(value, YMap):
                decl = self._var_decl(name, value)
                if decl is not None:
                    self.var_decls[name] = decl
                    if "default" in decl:
                        out[name] = decl["default"]
            else:
                self._wrong("vars", name, "a value or a parameter declaration {type, default, ...}", value)
        return out

    def _var_decl(self, name: str, node: YMap) -> dict[str, Any] | None:
        decl: dict[str, Any] = {"pos": node.pos}
        for key, value in node.items.items():
            if key not in VAR_DECL_KEYS:
                self.diags.error(
                    node.keys[key], "unknown-key",
                    f"unknown key '{key}' in declaration of var '{name}'{did_you_mean(key, VAR_DECL_KEYS)}",
                )
                continue
            if not isinstance(value, YScalar):
                self._wrong(f"var '{name}'", key, "a plain value", value)
                continue
            if key in ("required", "secret"):
                if value.tag != "bool":
                    self._wrong(f"var '{name}'", key, "true or false", value)
                    continue
                decl[key] = value.typed
            else:
                decl[key] = None if value.tag == "null" else value.value
        if "type" in decl and decl["type"] not in VAR_TYPES:
            self.diags.error(
                node.items["type"].pos, "bad-value",
                f"var type '{decl['type']}' is not one of: {', '.join(VAR_TYPES)}",
            )
        elif "default" in decl and decl["default"] is not None:
            typed, wrong = var_value(decl["default"], decl.get("type"))
            if not wrong and decl.get("type") in ("number", "boolean") and getattr(node.items["default"], "tag", None) == "str":
                wrong = "a number" if decl["type"] == "number" else "true or false"  # quoted: text, as editors see it
                wrong += ", written without quotes"
            if wrong:
                self.diags.error(node.items["default"].pos, "wrong-type",
                                 f"default of var '{name}' must be {wrong}, got '{_cut(str(typed))}'")
                del decl["default"]
            else:
                decl["default"] = typed
        return decl

    def _check_field(self, f: Field) -> None:
        if f.type == "choice" and not f.options:
            self.diags.error(
                f.pos, "choice-no-options",
                f"choice field '{f.id}' has no options; add `options: [A, B]` or use type yesno",
            )
        if f.options and f.type != "choice":
            self.diags.warning(f.at.get("options", f.pos), "unused-key", f"'options' only applies to choice fields, not {f.type}")
        if f.unit and f.type != "number":
            self.diags.warning(f.at.get("unit", f.pos), "unused-key", f"'unit' only applies to number fields, not {f.type}")
        if f.na and f.type != "yesno":
            self.diags.warning(f.at.get("na", f.pos), "unused-key", f"'na' only applies to yesno fields, not {f.type}")


def _is_date(text: str) -> bool:
    if not _DATE_RE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _Bad:
    """Marker for a value already reported as wrong."""


_BAD: Any = _Bad()

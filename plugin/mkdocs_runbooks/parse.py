"""Validate a positioned YAML tree against the spec and build the model."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .diagnostics import Diagnostics, Pos, did_you_mean
from .load import YMap, YNode, YScalar, YSeq
from .model import SHAPE_CLASSES, Command, Field, Include, Runbook
from .spec import ID_PATTERN, INCLUDE_KEY, SHAPES, Key

_ID_RE = re.compile(ID_PATTERN)
_TYPE_NAMES = {"str": "a string", "int": "a number", "float": "a number", "bool": "true/false",
               "null": "nothing", "timestamp": "a date"}
VAR_DECL_KEYS = ("type", "default", "required", "description", "secret")
VAR_TYPES = ("string", "number", "boolean", "choice")
#: Shapes whose lists may hold `- include: fragment-id` (what a fragment can provide; resolve._Expander).
_INCLUDABLE = frozenset({"section", "item", "procedure", "trigger"})
# Derived from the spec once, not per mapping: shape() runs for every item, field and section.
_REQUIRED = {name: tuple(key for key, k in spec.items() if k.required) for name, spec in SHAPES.items()}
_HAS_ORIGIN = {name for name, cls in SHAPE_CLASSES.items() if "origin" in cls.__dataclass_fields__}
#: spec types whose value is a YAML string taken as is (value() checks nothing more for them)
_FREE_STRINGS = frozenset(("str", "text", "markdown", "ref"))


def slugify(text: str) -> str:
    """The id a human would have written for ``text``."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "id"


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

    # -- entry points -------------------------------------------------------
    def runbook(self, tree: YNode | None, path: str) -> Runbook | None:
        if tree is None:
            self.diags.error(Pos(path), "empty", "file is empty; a runbook needs at least 'id' and 'title'")
            return None
        if not isinstance(tree, YMap):
            self.diags.error(tree.pos, "wrong-type", f"a runbook is a mapping of keys, got {_kind(tree)}")
            return None
        rid = tree.get("id")
        if isinstance(rid, YScalar) and isinstance(rid.value, (str, int)) and not isinstance(rid.value, bool):
            self.origin = self.origin or str(rid.value)  # `id: 123` is the id '123': origin must match
        built = self.shape("runbook", tree)
        return built if isinstance(built, Runbook) else None

    # -- generic shape building ---------------------------------------------
    def shape(self, name: str, node: YMap, extra_keys: tuple[str, ...] = ()) -> Any:
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
                if value.value is None:
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
        obj = SHAPE_CLASSES[name](**kwargs)
        if name == "field":
            self._check_field(obj)
        return obj

    @staticmethod
    def _identify(node: YMap) -> str:
        for key in ("id", "role", "title"):
            v = node.get(key)
            if isinstance(v, YScalar) and v.value is not None:
                return f" '{v.value}'"
        return ""

    def value(self, owner: str, key: str, k: Key, node: YNode) -> Any:
        t = k.type
        if t in ("str", "text", "markdown", "ref", "id", "enum"):
            s = self.string(owner, key, node)
            if s is _BAD:
                return _BAD
            if t == "id" and not _ID_RE.match(s):
                self.diags.error(
                    node.pos,
                    "bad-id",
                    f"id '{s}' is not a slug (lowercase letters, digits and '-'); try '{slugify(_ascii(s))}'",
                )
                return _BAD
            if t == "enum" and s not in k.enum:
                choices = ", ".join(k.enum)
                hint = did_you_mean(s, k.enum).lstrip(",") or f" use one of: {choices}"
                if (owner, key) == ("field", "type"):
                    self.diags.error(node.pos, "unknown-field-type", f"unknown field type '{s}';{hint}")
                else:
                    self.diags.error(node.pos, "bad-value", f"{key} '{s}' of {owner} is not allowed;{hint}")
                return _BAD
            return s
        if t == "bool":
            if isinstance(node, YScalar) and node.tag == "bool":
                return node.value
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
        if t == "raw":
            return node
        raise AssertionError(f"spec type {t!r} has no parser")  # a bug in spec.py, not user input

    def string(self, owner: str, key: str, node: YNode) -> Any:
        if isinstance(node, YScalar) and node.tag != "bool":
            v = node.value
            return v if isinstance(v, str) else str(v)
        if isinstance(node, YScalar):
            return self._wrong(owner, key, "a string (quote yes/no/true/false to keep them as text)", node)
        return self._wrong(owner, key, "a string", node)

    def _wrong(self, owner: str, key: str, expected: str, node: YNode) -> Any:
        self.diags.error(node.pos, "wrong-type", f"'{key}' of {owner} must be {expected}, got {_kind(node)}")
        return _BAD

    def list_of(self, owner: str, key: str, shape: str, node: YNode) -> Any:
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
        extra = [k for k in node.items if k != INCLUDE_KEY]
        for k in extra:
            self.diags.error(node.keys[k], "unknown-key", f"'{k}' cannot go beside 'include'; an include entry has one key")
        ref = node.items[INCLUDE_KEY]
        if not isinstance(ref, YScalar) or not isinstance(ref.value, str):
            self._wrong("include", INCLUDE_KEY, "a fragment id", ref)
            return None
        return Include(ref.value, ref.pos)

    def strlist(self, owner: str, key: str, k: Key, node: YNode) -> Any:
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
        if isinstance(node, YScalar):
            s = self.string(owner, "command", node)
            return _BAD if s is _BAD else Command(code=s, pos=node.pos)
        if isinstance(node, YMap):
            built = self.shape("command", node)
            return built if built is not None else _BAD
        return self._wrong(owner, "command", "a string or {lang, code}", node)

    def vars(self, node: YNode) -> Any:
        if not isinstance(node, YMap):
            return self._wrong("runbook", "vars", "a mapping of names to values", node)
        out: dict[str, Any] = {}
        for name, value in node.items.items():
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                self.diags.error(node.keys[name], "bad-var", f"variable name '{name}' must be letters, digits and '_'")
                continue
            if isinstance(value, YScalar):
                out[name] = value.value
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
            decl[key] = value.value
        if "type" in decl and decl["type"] not in VAR_TYPES:
            self.diags.error(
                node.items["type"].pos, "bad-value",
                f"var type '{decl['type']}' is not one of: {', '.join(VAR_TYPES)}",
            )
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


class _Bad:
    """Marker for a value already reported as wrong."""


_BAD: Any = _Bad()

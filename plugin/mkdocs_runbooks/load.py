"""Load YAML text into a positioned tree (every node knows file:line:col).

The loader runs on every build. libyaml's event parser (through PyYAML's
CParser) keeps marks and runs at ~15 MB/s; ruamel.yaml's round-trip composer
ran at ~0.35 MB/s here (bench/bench_loader.py). So nodes are composed here
straight from events. Nothing is ever constructed from a tag: scalars are
typed here from the standard YAML 1.1 tags and anything else is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

import yaml

from .diagnostics import Diagnostics, Pos

try:  # libyaml is in PyYAML's wheels; fall back to pure Python without it.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

#: Upper bound on nodes after alias expansion; an alias bomb is an error, not a hang.
MAX_EXPANDED_NODES = 250_000
#: Upper bound on YAML nesting (an item level is two: its mapping and its `items:` list);
#: the model, resolver and renderer recurse, so a deeper document would hit Python's limit.
MAX_DEPTH = 100

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_SAFE_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()


class YScalar:
    __slots__ = ("value", "pos", "tag")

    def __init__(self, value: Any, pos: Pos, tag: str = "str") -> None:
        self.value = value
        self.pos = pos
        self.tag = tag  # short tag: str, int, float, bool, null, timestamp


class YSeq:
    __slots__ = ("items", "pos")

    def __init__(self, items: list["YNode"], pos: Pos) -> None:
        self.items = items
        self.pos = pos


class YMap:
    """An ordered mapping of str keys; ``keys`` keeps each key's own position."""

    __slots__ = ("items", "keys", "pos")

    def __init__(self, pos: Pos) -> None:
        self.items: dict[str, YNode] = {}
        self.keys: dict[str, Pos] = {}
        self.pos = pos

    def get(self, key: str) -> "YNode | None":
        return self.items.get(key)


YNode = Union[YScalar, YSeq, YMap]


@dataclass
class LoadResult:
    tree: YNode | None
    diagnostics: Diagnostics


def _pos(path: str, mark: Any) -> Pos:
    return Pos(path, mark.line + 1, mark.column + 1)


def decode(data: bytes, path: str, diags: Diagnostics) -> str | None:
    """Decode UTF-8 (with or without BOM); report the first bad byte's position."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = e.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            Pos(path, line, col),
            "encoding",
            f"file is not valid UTF-8 (byte 0x{data[e.start]:02x}); re-save it as UTF-8",
        )
        return None
    return text[1:] if text.startswith("\ufeff") else text


_TAB_INDENT = re.compile(r"^( *)\t", re.M)


def _syntax_message(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or str(err)).strip()
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; quote the value if it contains ': '"
    elif "could not find expected ':'" in problem:
        hint = "; a key is missing its ':' or a quoted string is not closed"
    elif "found undefined alias" in problem:
        hint = "; define the anchor (&name) before using it"
    elif "expected <block end>" in problem:
        hint = "; check the indentation of this line against the lines above"
    context = ""
    if err.context and err.context not in problem:
        where = f" that starts at line {err.context_mark.line + 1}" if err.context_mark else ""
        context = f" ({err.context.strip()}{where})"
    return f"YAML syntax error: {problem}{context}{hint}"


def _events(text: str) -> Any:
    """libyaml events; one C call per event (yaml.parse makes two)."""
    parser = _Loader(text)
    try:
        get = parser.get_event
        while True:
            ev = get()
            if ev is None:
                return
            yield ev
            if type(ev) is yaml.StreamEndEvent:
                return
    finally:
        parser.dispose()


def load_text(text: str, path: str) -> LoadResult:
    """Parse YAML text into a positioned tree, collecting diagnostics."""
    diags = Diagnostics()
    if "\t" in text:
        for m in _TAB_INDENT.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            diags.error(
                Pos(path, line, len(m.group(1)) + 1),
                "tab-indent",
                "tab character in indentation; YAML indents with spaces only",
            )
        if diags.errors:
            return LoadResult(None, diags)
    try:
        tree = _Composer(path, diags).compose(_events(text))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = _pos(path, mark) if mark else Pos(path)
        diags.error(pos, "yaml-syntax", _syntax_message(e))
        return LoadResult(None, diags)
    except yaml.reader.ReaderError as e:  # a control character; libyaml gives a byte offset, so find the char
        at = text.find(chr(e.character)) if isinstance(e.character, int) else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        col = at - text.rfind("\n", 0, at) if at >= 0 else 1
        diags.error(Pos(path, line, col), "yaml-syntax",
                    f"control character U+{e.character:04X} is not allowed in YAML; remove it"
                    if isinstance(e.character, int) else f"YAML error: {e}")
        return LoadResult(None, diags)
    except yaml.YAMLError as e:
        diags.error(Pos(path), "yaml-syntax", f"YAML error: {e}")
        return LoadResult(None, diags)
    return LoadResult(tree, diags)


def load_file(path: str, display: str | None = None) -> LoadResult:
    """Read and parse a file; ``display`` is the path shown in diagnostics."""
    shown = display or path
    diags = Diagnostics()
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        diags.error(Pos(shown), "io", f"cannot read file: {e.strerror}")
        return LoadResult(None, diags)
    text = decode(data, shown, diags)
    if text is None:
        return LoadResult(None, diags)
    return load_text(text, shown)


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


def _resolve_plain(value: str) -> tuple[Any, str]:
    """YAML 1.1 implicit typing of a plain scalar, as PyYAML's SafeLoader does it."""
    if value in _NULL:
        return None, "null"
    if value[0] not in _MAYBE_SPECIAL:  # fast path: most runbook text
        return value, "str"
    if value in _BOOL:
        return _BOOL[value], "bool"
    if _INT.match(value):
        return _constructor.construct_yaml_int(yaml.ScalarNode(_TAG + "int", value)), "int"
    if _TIMESTAMP.match(value):
        return value, "timestamp"  # dates stay ISO strings: they are shown, not computed with
    if _FLOAT.match(value):
        return _constructor.construct_yaml_float(yaml.ScalarNode(_TAG + "float", value)), "float"
    return value, "str"


class _Composer:
    """Build Y* nodes straight from libyaml events, skipping PyYAML's node layer.

    Aliases share nodes; the expanded size is bounded so an alias bomb fails fast.
    """

    def __init__(self, path: str, diags: Diagnostics) -> None:
        self.path = path
        self.diags = diags
        self.anchors: dict[str, YNode] = {}
        self.sizes: dict[int, int] = {}
        self.used_alias = False

    def compose(self, events: Any) -> YNode | None:
        # a frame: [node, pending key, pending key pos, anchor, merge sources]
        stack: list[list[Any]] = []
        root: YNode | None = None
        node: Any
        path, scalar_event, special = self.path, yaml.ScalarEvent, _MAYBE_SPECIAL
        for ev in events:
            cls = type(ev)
            if cls is scalar_event:
                value = ev.value
                # fast path: a plain, untagged, unanchored string (most of a runbook)
                if ev.tag is None and ev.anchor is None and ev.implicit[0] and value and value[0] not in special:
                    mark = ev.start_mark
                    node = YScalar(value, Pos(path, mark.line + 1, mark.column + 1))
                else:
                    node = self._scalar(ev)
                if stack:
                    frame = stack[-1]
                    if frame[2] is None and type(frame[0]) is YMap:  # a plain key: the common case
                        frame[1] = str(node.value) if node.value is not None else ""
                        frame[2] = node.pos
                        continue
                    self._add(frame, node)
                else:
                    root = node
                continue
            elif (cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent) and len(stack) >= MAX_DEPTH:
                self.diags.error(
                    _pos(self.path, ev.start_mark), "too-deep",
                    f"nesting deeper than {MAX_DEPTH} levels; flatten the sections or items here",
                )
                return None
            elif cls is yaml.MappingStartEvent:
                self._tag_ok(ev, _MAP)
                stack.append([YMap(_pos(self.path, ev.start_mark)), None, None, ev.anchor, []])
                continue
            elif cls is yaml.SequenceStartEvent:
                self._tag_ok(ev, _SEQ)
                stack.append([YSeq([], _pos(self.path, ev.start_mark)), None, None, ev.anchor, None])
                continue
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                frame = stack.pop()
                node = frame[0]
                if frame[4]:
                    self._merge(node, frame[4])
                if frame[3]:  # registered when complete, so an alias can't recurse into itself
                    self.anchors[frame[3]] = node
            elif cls is yaml.AliasEvent:
                node = self.anchors.get(ev.anchor)
                if node is None:
                    raise yaml.composer.ComposerError(
                        None, None, f"found undefined alias '{ev.anchor}'", ev.start_mark
                    )
                self.used_alias = True
            else:  # stream and document start/end
                continue
            if stack:
                self._add(stack[-1], node)
            else:
                root = node
        if root is not None and self.used_alias and self._size(root) > MAX_EXPANDED_NODES:
            self.diags.error(
                root.pos,
                "alias-limit",
                f"document expands to more than {MAX_EXPANDED_NODES} nodes through aliases; "
                "remove the nested anchors (&) and aliases (*)",
            )
            return None
        return root

    def _scalar(self, ev: Any) -> YScalar:
        pos = _pos(self.path, ev.start_mark)
        tag = ev.tag
        if tag is None or tag == "!":
            if ev.implicit[0] and tag is None:
                value, short = _resolve_plain(ev.value)
                node = YScalar(value, pos, short)
            else:
                node = YScalar(ev.value, pos)
        elif tag == _STR:
            node = YScalar(ev.value, pos)
        elif tag in _SAFE_SCALAR_TAGS:
            value, short = _resolve_plain(ev.value)
            node = YScalar(value, pos, short)
        else:
            self._tag_ok(ev, _STR)
            node = YScalar(None, pos, "null")
        if ev.anchor:
            self.anchors[ev.anchor] = node
        return node

    def _tag_ok(self, ev: Any, expected: str) -> None:
        if ev.tag is not None and ev.tag != "!" and ev.tag != expected:
            self.diags.error(
                _pos(self.path, ev.start_mark),
                "unsafe-tag",
                f"YAML tag '{ev.tag}' is not allowed; runbook sources use plain values only",
            )

    def _add(self, frame: list[Any], node: YNode) -> None:
        parent = frame[0]
        if type(parent) is YSeq:
            parent.items.append(node)
            return
        if frame[2] is None:  # this node is a key
            if type(node) is not YScalar:
                self.diags.error(node.pos, "bad-key", "mapping keys must be plain strings")
                frame[1] = None
            else:
                frame[1] = str(node.value) if node.value is not None else ""
            frame[2] = node.pos
            return
        key, kpos = frame[1], frame[2]
        frame[1] = frame[2] = None
        if key is None:
            return
        if key == "<<":
            frame[4].extend(node.items if type(node) is YSeq else [node])
            return
        if key in parent.items:
            first = parent.keys[key]
            self.diags.error(
                kpos,
                "duplicate-key",
                f"duplicate key '{key}' (first defined at line {first.line}); remove one of them",
            )
            return
        parent.items[key] = node
        parent.keys[key] = kpos

    @staticmethod
    def _merge(node: YMap, sources: list[Any]) -> None:
        for m in sources:  # explicit keys win over merged ones
            if type(m) is YMap:
                for k, v in m.items.items():
                    if k not in node.items:
                        node.items[k] = v
                        node.keys[k] = m.keys[k]

    def _size(self, node: YNode) -> int:
        key = id(node)
        size = self.sizes.get(key)
        if size is not None:
            return size
        if type(node) is YSeq:
            size = 1 + sum(self._size(n) for n in node.items)
        elif type(node) is YMap:
            size = 1 + sum(self._size(n) for n in node.items.values())
        else:
            size = 1
        size = min(size, MAX_EXPANDED_NODES + 1)
        self.sizes[key] = size
        return size

def plain(node: YNode | None) -> Any:
    """Strip positions: the plain Python value of a tree."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [plain(n) for n in node.items]
    return {k: plain(v) for k, v in node.items.items()}

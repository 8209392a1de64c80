"""Load YAML text into a positioned tree (every node knows file:line:col).

The loader runs on every build. libyaml's event parser (through PyYAML's
CParser) keeps marks and runs at ~15 MB/s; ruamel.yaml's round-trip composer
ran at ~0.35 MB/s here (bench/bench_loader.py). So nodes are composed here
straight from events. Nothing is ever constructed from a tag. Every scalar
keeps the text as written (``value``) and how YAML 1.2 reads it (``tag``, see
scalars.py); the parser types values by the format, not by that reading. A
standard tag that does not fit its text (``!!int abc``) and any other tag are
errors.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import yaml

from mkdocs_runbooks.diagnostics import Diagnostics, Pos
from mkdocs_runbooks.format.spec import MAX_FILE_BYTES
from mkdocs_runbooks.load.nodes import YMap, YNode, YScalar, YSeq, plain  # noqa: F401  (the tree types, re-exported)
from mkdocs_runbooks.load.scalars import NUMERIC_START, TYPED_WORDS, check_tagged, resolve_plain

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
_CORE_SCALAR_TAGS = {_TAG + t: t for t in ("str", "int", "float", "bool", "null")}


@dataclass
class LoadResult:
    """A loaded YAML document: its positioned tree (None when unreadable) and the diagnostics."""
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


def load_text(text: str, path: str) -> LoadResult:
    """Parse YAML text into a positioned tree, collecting diagnostics."""
    diags = Diagnostics()
    if len(text) > MAX_FILE_BYTES and _too_big(len(text.encode("utf-8")), path, diags):
        return LoadResult(None, diags)
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
        tree = _Composer(path, diags).compose(text)
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


def _too_big(size: int, path: str, diags: Diagnostics) -> bool:
    diags.error(Pos(path), "too-big",
                f"file is {size / 1e6:.1f} MB, more than the limit of {MAX_FILE_BYTES / 1e6:g} MB for one source; "
                "split it into several runbooks or move shared parts into templates")
    return True


def load_file(path: str, display: str | None = None) -> LoadResult:
    """Read and parse a file; ``display`` is the path shown in diagnostics."""
    shown = display or path
    diags = Diagnostics()
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # never more: a huge file is refused, not read whole
            if len(data) > MAX_FILE_BYTES and _too_big(os.fstat(fh.fileno()).st_size, shown, diags):
                return LoadResult(None, diags)
    except OSError as e:
        diags.error(Pos(shown), "io", f"cannot read file: {e.strerror}")
        return LoadResult(None, diags)
    text = decode(data, shown, diags)
    if text is None:
        return LoadResult(None, diags)
    return load_text(text, shown)


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

    def compose(self, text: str) -> YNode | None:
        parser = _Loader(text)
        try:
            return self._compose(parser.get_event)
        finally:
            parser.dispose()

    def _compose(self, get_event: Any) -> YNode | None:
        # The hot loop of every build: one pass per libyaml event (one C call each),
        # names bound locally, and a Pos built with tuple.__new__ (NamedTuple's own
        # __new__ is a Python-level function).
        # a frame: [node, pending key, pending key pos, anchor, merge sources or None]
        stack: list[list[Any]] = []
        root: YNode | None = None
        node: Any
        path, new, P = self.path, tuple.__new__, Pos
        numeric, words = NUMERIC_START, TYPED_WORDS
        scalar_ev, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        map_end, seq_end, alias_ev, stream_end = (
            yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent, yaml.StreamEndEvent)
        while True:
            ev = get_event()
            cls = type(ev)
            if cls is scalar_ev:
                value = ev.value
                # fast path: a plain, untagged, unanchored string (most of a runbook)
                if (ev.tag is None and ev.anchor is None and ev.implicit[0] and value
                        and value[0] not in numeric and value not in words):
                    mark = ev.start_mark
                    pos = new(P, (path, mark.line + 1, mark.column + 1))
                    if not stack:
                        root = YScalar(value, pos)
                        continue
                    frame = stack[-1]
                    parent = frame[0]
                    if type(parent) is YSeq:
                        parent.items.append(YScalar(value, pos))
                        continue
                    if frame[2] is None:  # a plain key: the common case, no node needed
                        frame[1] = value
                        frame[2] = pos
                        continue
                    key = frame[1]
                    if key is not None and key != "<<" and key not in parent.items:  # its value: inline
                        parent.items[key] = YScalar(value, pos)
                        parent.keys[key] = frame[2]
                        frame[1] = frame[2] = None
                        continue
                    node = YScalar(value, pos)
                else:
                    node = self._scalar(ev)
                    if stack:
                        frame = stack[-1]
                        if frame[2] is None and type(frame[0]) is YMap:
                            frame[1] = node.value
                            frame[2] = node.pos
                            continue
            elif cls is map_end or cls is seq_end:
                frame = stack.pop()
                node = frame[0]
                if frame[4]:
                    self._merge(node, frame[4])
                if frame[3]:  # registered when complete, so an alias can't recurse into itself
                    self.anchors[frame[3]] = node
            elif cls is map_start or cls is seq_start:
                mark = ev.start_mark
                if len(stack) >= MAX_DEPTH:
                    self.diags.error(
                        _pos(path, mark), "too-deep",
                        f"nesting deeper than {MAX_DEPTH} levels; flatten the sections or items here",
                    )
                    return None
                pos = new(P, (path, mark.line + 1, mark.column + 1))
                if cls is map_start:
                    if ev.tag is not None:
                        self._tag_ok(ev, _MAP)
                    stack.append([YMap(pos), None, None, ev.anchor, None])
                else:
                    if ev.tag is not None:
                        self._tag_ok(ev, _SEQ)
                    stack.append([YSeq([], pos), None, None, ev.anchor, None])
                continue
            elif cls is alias_ev:
                node = self.anchors.get(ev.anchor)
                if node is None:
                    raise yaml.composer.ComposerError(
                        None, None, f"found undefined alias '{ev.anchor}'", ev.start_mark
                    )
                self.used_alias = True
            elif ev is None or cls is stream_end:
                break
            else:  # document start/end
                continue
            if not stack:
                root = node
                continue
            frame = stack[-1]
            parent = frame[0]
            if type(parent) is YSeq:  # a list entry (each item of a runbook)
                parent.items.append(node)
                continue
            key = frame[1]
            if frame[2] is not None and key is not None and key != "<<" \
                    and key not in parent.items:  # a value under a new key: _add's common case, inline
                parent.items[key] = node
                parent.keys[key] = frame[2]
                frame[1] = frame[2] = None
            else:
                self._add(frame, node)
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
        tag, text = ev.tag, ev.value
        if tag is None:  # plain (typed by YAML 1.2) or quoted (a string)
            node = YScalar(text, pos, resolve_plain(text)[1] if ev.implicit[0] else "str")
        elif tag == "!":  # the non-specific tag: a string
            node = YScalar(text, pos)
        elif tag in _CORE_SCALAR_TAGS:
            short = _CORE_SCALAR_TAGS[tag]
            read = check_tagged(text, short)
            if read is None:
                self.diags.error(
                    pos, "bad-tag",
                    f"'{_cut(text)}' is not a valid {short} for its tag '!!{short}'; remove the tag "
                    f"(the format decides each key's type)",
                )
                node = YScalar(text, pos)
            else:
                node = YScalar(text, pos, read[1])
        else:
            self._tag_ok(ev, _STR)
            node = YScalar("", pos, "null")
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
                frame[1] = node.value
            frame[2] = node.pos
            return
        key, kpos = frame[1], frame[2]
        frame[1] = frame[2] = None
        if key is None:
            return
        if key == "<<":
            if frame[4] is None:
                frame[4] = []
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

def _cut(text: str, limit: int = 40) -> str:
    """A value quoted in a message: one line, at most ``limit`` characters."""
    one = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return one if len(one) <= limit else one[: limit - 1] + "…"

"""The templates and fragments of a project, loaded once per build and cached.

Files are ``*.yml``/``*.yaml`` under templates_dir. A file with
``fragment: true`` is a fragment; any other is a template in the runbook
format. Both are referenced by their ``id``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_runbooks.diagnostics import Diagnostics, Pos
from mkdocs_runbooks.format.source import Fragment, SourceRunbook
from mkdocs_runbooks.load.nodes import YMap, YScalar
from mkdocs_runbooks.load.parse import Parser
from mkdocs_runbooks.load.reader import load_file


@dataclass
class Entry:
    """One template or fragment file, parsed (never resolved: resolution copies it)."""

    path: Path
    display: str
    model: SourceRunbook | Fragment | None
    var_decls: dict[str, dict[str, Any]]
    diagnostics: Diagnostics
    #: sha1 of the file's bytes: what a compiled runbook depends on (project/cache.py)
    digest: str = ""


@dataclass
class Templates:
    """Templates by id. ``display`` maps a file to the path shown in diagnostics."""

    directory: Path | None = None
    root: Path | None = None
    _entries: dict[str, Entry] | None = field(default=None, repr=False)
    #: problems in template files themselves (reported once, not per variant)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    #: ids asked for through get() while recording (see ``recording``)
    _asked: set[str] | None = field(default=None, repr=False)

    def _display(self, path: Path) -> str:
        base = self.root or Path.cwd()
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return str(path)

    def where(self) -> str:
        """' in DIR' for messages, saying so when DIR is missing or a file (a wrong templates_dir)."""
        if self.directory is None:
            return ""
        if self.directory.is_dir():
            return f" in {self.directory}"
        state = "is a file, not a folder" if self.directory.exists() else "does not exist"
        return f" in {self.directory} ({self.directory} {state}; check templates_dir / --templates)"

    def files(self) -> list[Path]:
        """The template files (*.yml, *.yaml) below the templates folder, sorted; none without a folder."""
        if self.directory is None or not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())

    def entries(self) -> dict[str, Entry]:
        """Template id -> its loaded entry, read once."""
        if self._entries is None:
            self._entries = {}
            for path in self.files():
                self._load(path)
        return self._entries

    def _load(self, path: Path) -> None:
        assert self._entries is not None
        shown = self._display(path)
        loaded = load_file(str(path), shown)
        diags = loaded.diagnostics
        tree = loaded.tree
        model: SourceRunbook | Fragment | None = None
        parser = Parser(diags)
        if isinstance(tree, YMap):
            marker = tree.get("fragment")
            ident = tree.get("id")
            # `id: 123` is the id '123' (the text as written)
            parser.origin = ident.value if isinstance(ident, YScalar) and ident.tag in ("str", "int", "bigint") else ""
            if isinstance(marker, YScalar) and marker.typed is True:
                built = parser.shape("fragment", tree)
                model = built if isinstance(built, Fragment) else None
            else:
                model = parser.runbook(tree, shown)
        elif tree is not None:
            diags.error(tree.pos, "wrong-type", "a template is a mapping of keys")
        elif not diags.errors:  # a file that failed to parse is not also "empty"
            diags.error(Pos(shown), "empty", "template file is empty")
        self.diagnostics.extend(diags.items)
        if model is None:
            return
        first = self._entries.get(model.id)
        if first is not None:
            self.diagnostics.error(
                model.at.get("id", model.pos), "duplicate-template",
                f"template id '{model.id}' is already used by {first.display}; template ids must be unique",
            )
            return
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
        self._entries[model.id] = Entry(path, shown, model, parser.var_decls, diags, digest)

    def get(self, ident: str) -> Entry | None:
        """The template or fragment ``ident``, or None."""
        if self._asked is not None:
            self._asked.add(ident)
        return self.entries().get(ident)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """The ids of the templates and fragments looked up inside the block (unknown ones too):
        what a runbook compiled inside it depends on."""
        outer, self._asked = self._asked, set()
        try:
            yield self._asked
        finally:
            asked, self._asked = self._asked, outer
            if outer is not None:
                outer |= asked

    def digests(self, ids: Iterable[str]) -> dict[str, str]:
        """Template id -> sha1 of its file ('' for an id no file has)."""
        entries = self.entries()
        return {i: entries[i].digest if i in entries else "" for i in sorted(ids)}

    def namespace(self) -> str:
        """A digest of which id lives in which file: adding, removing or renaming one changes it."""
        entries = self.entries()
        return hashlib.sha1("\n".join(f"{i}\t{e.path}" for i, e in sorted(entries.items())).encode()).hexdigest()

    def ids(self) -> list[str]:
        """The ids of every template and fragment, sorted."""
        return sorted(self.entries())


def declarations(templates: Templates, ident: str) -> dict[str, dict[str, Any]]:
    """A template's var declarations, inherited ones included (nearer templates win)."""
    chain: list[Entry] = []
    seen: set[str] = set()
    entry = templates.get(ident)
    while entry is not None and isinstance(entry.model, SourceRunbook) and entry.model.id not in seen:
        seen.add(entry.model.id)
        chain.append(entry)
        entry = templates.get(entry.model.extends) if entry.model.extends else None
    out: dict[str, dict[str, Any]] = {}
    for e in reversed(chain):
        out.update(e.var_decls)
    return out

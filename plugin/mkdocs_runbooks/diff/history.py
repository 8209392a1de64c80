"""The "Changes" section of a runbook page: what changed between its versions, from git.

Versions are the commits that bump the runbook's ``version`` and the
tagged commits (after a change). Between two consecutive versions the
runbook is compiled at both commits with the normal pipeline and compared
by the diff engine. Kept cheap for every build: one ``git log`` for the
project (capped at ``MAX_COMMITS``), versions read with one
``git cat-file --batch``, at most ``MAX_VERSIONS`` entries per page, and a
project checked out at most once per commit. A run's version is looked up in
the source's own history however far back (``runbook_at_version``). Outside a git repository the
section is left out, with an info log. Diffs between two commits never change:
they are kept in ``cache_file`` (the project's cache folder, project/cache.py
``cache_folder``), when the build has one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from mkdocs_runbooks.diff.changelog import NO_VERSION, UNRELEASED, Entry, Unnamed, changes_markdown
from mkdocs_runbooks.diff.changes import AttrChange, Change
from mkdocs_runbooks.diff.engine import diff_runbooks
from mkdocs_runbooks.diff.gitrev import GitError, git, list_tree, read_blobs, read_objects, toplevel
from mkdocs_runbooks.format.model import Runbook, all_items, walk_sections
from mkdocs_runbooks.i18n import Strings
from mkdocs_runbooks.pipeline import compile_source
from mkdocs_runbooks.resolve.resolver import Templates

# MkDocs shows loggers under "mkdocs."; naming one is not importing MkDocs.
log = logging.getLogger("mkdocs.plugins.runbooks.history")

MAX_COMMITS = 300
MAX_VERSIONS = 5
#: commits of a source read at first when looking for the commit of a version; doubles each round
VERSION_BATCH = 16
_VERSION = re.compile(r"""^version:[ \t]*["']?([^"'#\r\n]*?)["']?[ \t]*(?:#.*)?$""", re.M)


@dataclass
class Commit:
    """One commit of a runbook's history: sha, date and the tags that point at it."""
    sha: str
    date: str
    tags: list[str]
    files: set[str]


def _parse_log(raw: str) -> list[Commit]:
    commits = []
    for block in raw.split("\0")[1:]:
        head, _, rest = block.partition("\n")
        sha, date, decor = (head.split("\t") + ["", ""])[:3]
        tags = [d.strip()[5:] for d in decor.split(",") if d.strip().startswith("tag: ")]
        commits.append(Commit(sha, date, tags, {f for f in rest.splitlines() if f}))
    return commits


@lru_cache(maxsize=1)
def _code_key() -> str:
    """Cached diffs are only valid for the engine that made them."""
    here = Path(__file__).parent
    digest = hashlib.sha1()
    for name in ("engine.py", "words.py", "moves.py", "changes.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def _read_cache(path: Path | None) -> dict[str, list[dict[str, Any]]]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_cache(path: Path, data: dict[str, list[dict[str, Any]]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".changes.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)  # concurrent builds: last writer wins, never a torn file
    except OSError as e:
        log.debug("runbooks: cannot write the changes cache %s: %s", path, e)


def change_from_json(d: dict[str, Any]) -> Change:
    """A Change from its cached JSON form (the inverse of Change.as_json)."""
    details = [AttrChange(x["attribute"], x["before"], x["after"]) for x in d.get("details", [])]
    if not details and d["change"] == "changed" and len(d["attributes"]) == 1:
        details = [AttrChange(d["attributes"][0], d["before"], d["after"])]
    words = [(w["op"], w["text"]) for w in d["words"]] if "words" in d else None
    return Change(d["change"], d["element"], d["id"], list(d["attributes"]), d["before"], d["after"],
                  d.get("where"), d.get("origin"), words, details)


class ChangeHistory:
    """Per build: git facts for every page, and a checkout per commit when a diff needs it."""

    def __init__(self, root: Path, templates: Templates, max_commits: int = MAX_COMMITS,
                 max_versions: int = MAX_VERSIONS, cache_file: Path | None = None) -> None:
        self.root = root
        self.templates = templates
        self.max_versions = max_versions
        self.top = toplevel(root)
        self.commits: list[Commit] = []
        self._tmp: Path | None = None
        self._checkouts: dict[str, set[str]] = {}
        self._templates: dict[str, Templates] = {}
        self._compiled: dict[tuple[str, str], Runbook | None] = {}
        self._cache_file = cache_file if self.top else None
        self._cache: dict[str, list[dict[str, Any]]] = _read_cache(self._cache_file)
        self._used: dict[str, list[dict[str, Any]]] = {}
        if self.top is None:
            log.info("runbooks: %s is not in a git repository; pages get no 'Changes' section", root)
            return
        try:
            raw = git(["log", "--first-parent", "--diff-merges=first-parent", f"-n{max_commits}",
                       "--format=%x00%H%x09%cs%x09%D", "--name-only"], self.top).decode("utf-8", "replace")
        except GitError as e:  # e.g. a repository without commits yet
            log.info("runbooks: no git history (%s); pages get no 'Changes' section", e)
            self.top = None
            return
        self.commits = _parse_log(raw)

    def close(self) -> None:
        """Write the cache of what this build used and remove the temporary worktree."""
        if self._cache_file is not None and set(self._used) - set(self._cache):
            _write_cache(self._cache_file, self._used)  # what this build used: the cache stays small
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # -- facts ----------------------------------------------------------------
    def _rel(self, path: Path) -> str | None:
        assert self.top is not None
        try:
            return path.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError:
            return None

    def _template_files(self, runbook: Runbook) -> set[str]:
        ids = set(runbook.extends or [])
        for s in walk_sections(runbook.sections):
            ids.add(s.origin)
        ids.update(i.origin for i in all_items(runbook))
        entries = self.templates.entries() if self.templates.directory else {}
        out = set()
        for ident in ids:
            entry = entries.get(ident)
            rel = self._rel(entry.path) if entry is not None else None
            if rel:
                out.add(rel)
        return out

    def _points(self, src: str, runbook: Runbook) -> tuple[list[tuple[str, str | Unnamed, Commit]], set[str]]:
        """The page's versions in the commits read (oldest first): (from commit, label, to commit), and
        every version string the source had in them. Cheap: no runbook is compiled."""
        assert self.top is not None
        files = {src} | self._template_files(runbook)
        touched = [c for c in self.commits if c.files & files]
        if not touched:
            return [], set()
        versions = dict(zip((c.sha for c in touched),
                            read_objects(self.top, [f"{c.sha}:{src}" for c in touched])))
        points: list[tuple[str, str | Unnamed, Commit]] = []
        seen: set[str] = set()
        base: Commit | None = None
        current: str | None = None
        dirty = False
        for c in reversed(self.commits):  # oldest first
            if c.sha in versions:
                data = versions[c.sha]
                if data is None:  # the source does not exist at this commit
                    base, current, dirty = None, None, False
                    continue
                v = _version_of(data)
                seen.add(v)
                if base is None:
                    base, current, dirty = c, v, False
                    continue
                dirty = True
                if v != current:
                    points.append((base.sha, v or NO_VERSION, c))
                    base, current, dirty = c, v, False
                    continue
            if c.tags and dirty and base is not None:
                points.append((base.sha, c.tags[0], c))
                base, dirty = c, False
        if dirty and base is not None and touched[0].sha != base.sha:
            points.append((base.sha, UNRELEASED, touched[0]))
        return points, seen

    def _entries(self, src: str, runbook: Runbook) -> Iterator[Entry]:
        """The page's versions newest first, each diffed only when the caller gets to it."""
        for before, label, c in reversed(self._points(src, runbook)[0]):
            changes = self._diff(before, c.sha, src)
            if changes:
                yield Entry(label, c.date, c.sha[:7], c.tags, changes, before[:7])

    def entries(self, source: Path, runbook: Runbook) -> list[Entry]:
        """The page's versions, newest first (at most ``max_versions``)."""
        src = self._rel(source) if self.top is not None else None
        if src is None:
            return []
        return list(islice(self._entries(src, runbook), self.max_versions))

    def entries_since(self, source: Path, runbook: Runbook, version: str) -> list[Entry] | None:
        """The page's versions after ``version``, newest first, however many (a run record's "Changes
        since this run"); None when ``version`` is not among the versions of the commits read
        (``max_commits``): then nothing is diffed."""
        src = self._rel(source) if self.top is not None else None
        if src is None or not any(_same_version(v, version) for v in self._points(src, runbook)[1]):
            return None
        out: list[Entry] = []
        for e in self._entries(src, runbook):
            if _same_version(e.label, version):
                return out
            out.append(e)
            then = self._runbook_at(e.since, src) if e.since else None
            if then is not None and _same_version(then.version or "", version):
                return out
        return None

    def runbook_at_version(self, source: Path, runbook: Runbook, version: str) -> Runbook | None:
        """The runbook as it was when its source was set to ``version``, however far back in git, or
        None (runs/files.py checks an old run against the version it was made on)."""
        src = self._rel(source) if self.top is not None else None
        if src is None:
            return None
        commit = self._version_commit(src, version)
        return self._runbook_at(commit, src) if commit is not None else None

    def _version_commit(self, src: str, version: str) -> str | None:
        """The commit that set ``src``'s version to ``version`` (the newest stretch of commits at it).

        Walks the file's own first-parent history newest first, in batches that double (``git log
        --skip``), and stops at the commit before that stretch: an old version costs reading the
        file's history down to it, a version never set costs the whole of it, and nothing is compiled."""
        assert self.top is not None
        found: str | None = None
        skip, n = 0, VERSION_BATCH
        while True:
            raw = git(["log", "--first-parent", f"--skip={skip}", f"-n{n}", "--format=%H", "--", src], self.top)
            shas = raw.decode("ascii", "replace").split()
            for sha, data in zip(shas, read_objects(self.top, [f"{sha}:{src}" for sha in shas])):
                if data is not None and _same_version(_version_of(data), version):
                    found = sha  # and on back, to the commit that set it
                elif found is not None:
                    return found
            if len(shas) < n:
                return found
            skip, n = skip + n, n * 2

    def _runbook_at(self, commit: str, src: str) -> Runbook | None:
        key = (commit, src)
        if key not in self._compiled:
            self._compiled[key] = self._compile_at(commit, src)
        return self._compiled[key]

    def _materialize(self, commit: str, paths: list[str]) -> Path:
        """Write the files under ``paths`` (repo-relative) as of ``commit``, once each."""
        assert self.top is not None
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="runbooks-history-"))
        dest = self._tmp / commit
        done = self._checkouts.setdefault(commit, set())
        todo = [p for p in paths if p not in done]
        if todo:
            blobs = [b for b in list_tree(commit, self.top, todo) if b.mode != "120000"]
            for blob, data in zip(blobs, read_blobs(self.top, [b.sha for b in blobs])):
                target = dest / blob.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            done.update(todo)
        return dest

    def _compile_at(self, commit: str, src: str) -> Runbook | None:
        tdir = self.templates.directory
        trel = self._rel(tdir) if tdir is not None else None
        dest = self._materialize(commit, [src] + ([trel] if trel else []))
        path = dest / src
        if not path.is_file():
            return None
        templates = self._templates.get(commit)
        if templates is None:  # one Templates per commit: template files are parsed once
            templates = self._templates[commit] = Templates(dest / trel if trel else None, root=dest)
        return compile_source(path, templates, f"{commit[:7]}:{src}").runbook

    def _diff(self, before: str, after: str, src: str) -> list[Change] | None:
        """Changes of ``src`` between two commits, from the cache when it has them."""
        key = hashlib.sha1(f"{_code_key()}|{src}|{before}|{after}".encode()).hexdigest()
        hit = self._cache.get(key)
        if hit is not None:
            self._used[key] = hit
            return [change_from_json(c) for c in hit]
        old, new = self._runbook_at(before, src), self._runbook_at(after, src)
        if old is None or new is None:
            return None
        changes = [c for c in diff_runbooks(old, new).changes if not _only_version(c)]
        self._used[key] = [c.as_json() for c in changes]
        return changes

    # -- page section -------------------------------------------------------------
    def section(self, source: Path, runbook: Runbook, strings: Strings | None = None) -> str:
        """Markdown for the page's "Changes" section in ``strings``' language, or '' when there is nothing to show."""
        try:
            entries = self.entries(source, runbook)
        except GitError as e:  # history is a nicety: never fail a build for it
            log.info("runbooks: no 'Changes' for %s: %s", source.name, e)
            return ""
        return changes_markdown(entries, runbook, strings) if entries else ""


def _version_of(source: bytes) -> str:
    """The ``version:`` of a runbook source's text, as written ('' when it has none)."""
    m = _VERSION.search(source.decode("utf-8", "replace"))
    return m.group(1).strip() if m else ""


def _same_version(label: str | Unnamed | None, version: str) -> bool:
    """Whether a version label names ``version`` ("v2.0" is "2.0"); a version without a name names none."""
    return isinstance(label, str) and label.lstrip("v") == version.lstrip("v")


def _only_version(c: Change) -> bool:
    """The version change is the entry's heading; a runbook change of nothing else is not listed."""
    if c.element == "runbook" and c.change == "changed" and "version" in c.attributes:
        c.details = [d for d in c.details if d.attribute != "version"]
        c.attributes = [a for a in c.attributes if a != "version"]
        return not c.attributes
    return False

"""The "Changes" section of a runbook page: what changed between its versions, from git.

Versions are the commits that bump the runbook's ``version`` and the
tagged commits (after a change). Between two consecutive versions the
runbook is compiled at both commits with the normal pipeline and compared
by the diff engine. Kept cheap for every build: one ``git log`` for the
project (capped at ``MAX_COMMITS``), versions read with one
``git cat-file --batch``, at most ``MAX_VERSIONS`` entries per page, and a
project checked out at most once per commit. Outside a git repository the
section is left out, with an info log. Diffs between two commits never change:
they are kept in ``cache_file`` (the project's cache folder, project/cache.py
``cache_folder``), when the build has one.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs_runbooks.diff.changes import AttrChange, Change
from mkdocs_runbooks.diff.engine import diff_runbooks
from mkdocs_runbooks.diff.gitrev import GitError, git, list_tree, read_blobs, read_objects, toplevel
from mkdocs_runbooks.format.model import Runbook, all_items, walk_sections
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.pipeline import compile_source
from mkdocs_runbooks.resolve.resolver import Templates

# MkDocs shows loggers under "mkdocs."; naming one is not importing MkDocs.
log = logging.getLogger("mkdocs.plugins.runbooks.history")

MAX_COMMITS = 300
MAX_VERSIONS = 5
#: the newest version's list starts open only when it is this short
OPEN_UP_TO = 15


class Unnamed(Enum):
    """A version of the page with no version string of its own; its value is the string table key
    the page shows it with. A value of its own, never a string: a version literally named
    "Unreleased" is shown as written, not translated."""

    UNRELEASED = "changes.unreleased"  # changes after the last version, not released yet
    NO_VERSION = "changes.no_version"  # a commit that set the version to nothing


UNRELEASED, NO_VERSION = Unnamed.UNRELEASED, Unnamed.NO_VERSION
MAX_LISTED = 40  # changes listed per version; a rewrite would otherwise bury the page
_VERSION = re.compile(r"""^version:[ \t]*["']?([^"'#\r\n]*?)["']?[ \t]*(?:#.*)?$""", re.M)


@dataclass
class Commit:
    """One commit of a runbook's history: sha, date and the tags that point at it."""
    sha: str
    date: str
    tags: list[str]
    files: set[str]


@dataclass
class Entry:
    """One version of the page's history: the changes that led to it."""

    label: str | Unnamed  # the version ("2.1.0"), a tag ("v2.1.0"), or a version without a name
    date: str
    commit: str
    tags: list[str]
    changes: list[Change] = field(default_factory=list)
    since: str = ""  # the previous version's commit


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

    def entries(self, source: Path, runbook: Runbook) -> list[Entry]:
        """The page's versions, newest first (at most ``max_versions``)."""
        if self.top is None:
            return []
        src = self._rel(source)
        if src is None:
            return []
        files = {src} | self._template_files(runbook)
        touched = [c for c in self.commits if c.files & files]
        if not touched:
            return []
        versions = dict(zip((c.sha for c in touched),
                            read_objects(self.top, [f"{c.sha}:{src}" for c in touched])))
        points: list[tuple[str, str | Unnamed, Commit]] = []  # (from commit, label, to commit)
        base: Commit | None = None
        current: str | None = None
        dirty = False
        for c in reversed(self.commits):  # oldest first
            if c.sha in versions:
                data = versions[c.sha]
                if data is None:  # the source does not exist at this commit
                    base, current, dirty = None, None, False
                    continue
                m = _VERSION.search(data.decode("utf-8", "replace"))
                v = m.group(1).strip() if m else ""
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
        out = []
        for before, label, c in reversed(points[-self.max_versions:]):
            changes = self._diff(before, c.sha, src)
            if changes:
                out.append(Entry(label, c.date, c.sha[:7], c.tags, changes, before[:7]))
        return out

    def entries_since(self, source: Path, runbook: Runbook, version: str) -> list[Entry] | None:
        """The page's versions after ``version``, newest first; None when ``version`` is not among the
        versions git still lists (a run record's "Changes since this run")."""
        src = self._rel(source) if self.top is not None else None
        if src is None:
            return None
        out: list[Entry] = []
        for e in self.entries(source, runbook):
            if _same_version(e.label, version):
                return out
            out.append(e)
            then = self._runbook_at(e.since, src) if e.since else None
            if then is not None and _same_version(then.version or "", version):
                return out
        return None

    def runbook_at_version(self, source: Path, runbook: Runbook, version: str) -> Runbook | None:
        """The runbook as it was at ``version`` (one of the page's last versions in git), or None
        (runs/files.py checks an old run against the version it was made on)."""
        src = self._rel(source) if self.top is not None else None
        if src is None:
            return None
        entries = self.entries(source, runbook)
        for e in entries:
            if _same_version(e.label, version):
                return self._runbook_at(e.commit, src)
        for e in entries:  # the version before a listed one (the first version has no entry of its own)
            then = self._runbook_at(e.since, src) if e.since else None
            if then is not None and _same_version(then.version or "", version):
                return then
        return None

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


def _say(st: Strings, key: str, /, **markup: str) -> str:
    """Text ``key`` as HTML: its words escaped, its fields filled with ready HTML."""
    marks = {name: f"\x00{name}\x00" for name in markup}
    text = html.escape(st.get(key, **marks), quote=False)
    for name, value in markup.items():
        text = text.replace(marks[name], value)
    return text


def _short(value: str | None, st: Strings) -> str:
    if value is None:
        return f"<em>{html.escape(st['changes.none'])}</em>"
    flat = " ".join(value.split())
    return f"<code>{html.escape(flat if len(flat) <= 60 else flat[:59] + '…')}</code>"


def _describe(c: Change, here: set[str], st: Strings) -> str:
    """One change in the page's language; attribute names and the runbook's own texts stay as written."""
    ident = f'<a href="#{c.id}">{html.escape(c.id)}</a>' if c.id in here and c.change != "removed" else \
        f"<code>{html.escape(c.id)}</code>"
    element = f"changes.element.{c.element}"
    name = html.escape(st[element] if element in st.table else c.element)
    what = f"{name} {ident}" if c.element != "runbook" else name
    if c.change == "reworded":
        text = "".join(html.escape(t) if op == "=" else f"<del>{html.escape(t)}</del>" if op == "-"
                       else f"<ins>{html.escape(t)}</ins>" for op, t in c.words or [])
    elif c.change == "moved":
        text = f"{html.escape(c.before or '')} → {html.escape(c.after or '')}"
    elif c.change == "changed":
        text = "; ".join(f"{html.escape(d.attribute)} {_short(d.before, st)} → {_short(d.after, st)}" for d in c.details)
    else:
        text = html.escape(" ".join(((c.after if c.change == "added" else c.before) or "").split()))
    return _say(st, f"changes.{c.change}", what=what, text=text)


def changes_markdown(entries: list[Entry], runbook: Runbook, strings: Strings | None = None,
                     heading: str | None = None) -> str:
    """The "Changes" section of a runbook page: one entry per version, from its git history.

    Its words come from ``strings`` (keys ``changes.*``; English if None); ``heading`` (a Markdown
    heading line) replaces the section's own ("Changes since this run" on a run record).
    """
    st = strings or english()
    here = {s.id for s in walk_sections(runbook.sections)} | {i.id for i in all_items(runbook)}
    here |= {p.id for p in runbook.procedures} | {t.id for t in runbook.triggers}
    heading = heading or f"## {html.escape(st['changes.title'])} {{: #changes }}"
    lines = ['<div class="rb-block rb-changes" data-search-exclude markdown>', "", heading, ""]
    for n, e in enumerate(entries):
        tag = f" ({html.escape(', '.join(e.tags))})" if e.tags and e.tags[0] != e.label else ""
        # the latest version opens, unless it is a wall (an import or a rewrite): then its count says enough
        opened = " open" if n == 0 and len(e.changes) <= OPEN_UP_TO else ""
        lines.append(f'<details class="rb-change-version"{opened}>')
        label = st[e.label.value] if isinstance(e.label, Unnamed) else e.label
        lines.append(f"<summary><strong>{html.escape(label)}</strong>{tag} · {e.date} · "
                     f"<code>{e.commit}</code> · {html.escape(st.plural('changes.count', len(e.changes)))}</summary>")
        lines.append("<ul>")
        lines.extend(f"<li>{_describe(c, here, st)}</li>" for c in e.changes[:MAX_LISTED])
        if len(e.changes) > MAX_LISTED:
            command = f"<code>runbooks diff {html.escape(e.since)} {html.escape(e.commit)}</code>"
            lines.append(f"<li>{_say(st, 'changes.more', n=str(len(e.changes) - MAX_LISTED), command=command)}</li>")
        lines.append("</ul>")
        lines.append("</details>")
        lines.append("")
    lines += ["</div>", ""]
    return "\n".join(lines)

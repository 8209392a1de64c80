"""What a site build keeps between builds, and between its own passes: a content-hash cache.

Two kinds of record, both found by a key that hashes everything they were made from:

- a source's **meta** (``SourceMeta``): its key (the code, its path, its bytes), the
  templates and fragments it looked up with each file's hash, its compile
  diagnostics, and the small summary other pages need (id, title, procedures,
  references to other runbooks). Valid while none of those changed.
- a **page** (``PageEntry``): the rendered page, its rows of the procedures page and its
  check diagnostics, filed under a key of the source's key plus the context the page
  was rendered in (other runbooks' ids and procedures it links to, backlinks to it,
  template pages, git HEAD for "Changes"). A changed input is a new key, never a stale hit.

On disk (``directory``) the cache serves ``mkdocs serve`` and repeated builds: a save
recompiles only the sources whose key changed. Deleting the folder is always safe.
Without a folder, pages are kept compressed in memory for the build's second pass.
The same folder holds the diffs of the "Changes" sections (``CHANGES_FILE``): where it is
comes from one rule, :func:`cache_folder`. Knows nothing of MkDocs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs

from mkdocs_runbooks.diagnostics import Diagnostic, Pos
from mkdocs_runbooks.format.model import Item

log = logging.getLogger("mkdocs.plugins.runbooks.cache")

#: Bump when the records' shapes change (the code hash below covers most changes anyway).
FORMAT = 1

#: the diffs between commits of the "Changes" sections (diff/history.py), beside the pages
CHANGES_FILE = "changes.json"
#: the folder under the user's cache directory (platformdirs) that holds one folder per project
APP_NAME = "mkdocs-runbooks"


def project_key(root: Path) -> str:
    """A folder name of the project at ``root`` (the folder of its mkdocs.yml): its name, for people
    looking at the cache, and a hash of its absolute path, so two projects never share a folder."""
    resolved = root.resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in resolved.name)[:40] or "project"
    return f"{name}-{digest}"


def cache_folder(root: Path, enabled: bool = True, cache_dir: str | None = None,
                 environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the project at ``root`` keeps its build cache and its "Changes" diffs, or None for none.

    One rule for both caches, first match wins:

    1. ``enabled`` false (the plugin's ``cache: false``) or ``RUNBOOKS_CACHE=off``: no folder;
       pages are kept in memory for one build and diffs are computed again each build.
    2. ``cache_dir`` given (the plugin's option): that folder, relative to ``root`` unless absolute.
    3. ``RUNBOOKS_CACHE_DIR`` set (e.g. a CI workspace folder it keeps between jobs):
       ``$RUNBOOKS_CACHE_DIR/<project_key(root)>``.
    4. the user's cache directory (``platformdirs.user_cache_path``: ``~/.cache`` or
       ``$XDG_CACHE_HOME`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on
       Windows): ``<that>/mkdocs-runbooks/<project_key(root)>``.

    ``environ`` defaults to ``os.environ`` (platformdirs reads the process environment for step 4).
    """
    env = os.environ if environ is None else environ
    if not enabled or env.get("RUNBOOKS_CACHE", "").strip().lower() == "off":
        return None
    if cache_dir:
        folder = Path(os.path.expanduser(cache_dir))
        return folder if folder.is_absolute() else root / folder
    base = env.get("RUNBOOKS_CACHE_DIR")
    if base:
        return Path(os.path.expanduser(base)) / project_key(root)
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / project_key(root)


@lru_cache(maxsize=1)
def code_key() -> str:
    """Records are only valid for the code that made them: the package version and its sources."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("mkdocs-runbooks")
    except PackageNotFoundError:
        ver = "?"
    digest = hashlib.sha1(f"{FORMAT}|{ver}".encode())
    here = Path(__file__).parents[1]  # the whole package: any code change invalidates records
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Summary:
    """What other pages need of one runbook: small, kept for the whole build."""

    id: str
    title: str
    extends: list[str]
    procedures: dict[str, str]  # procedure id -> title
    #: (runbook, procedure) pairs of *other* runbooks this one names (rollback.referenced_elsewhere)
    referenced: set[tuple[str, str]]
    #: its items whose rollback names another runbook's procedure: (runbook, procedure) -> items
    remote: dict[tuple[str, str], list[Item]] = field(default_factory=dict)
    id_pos: Pos | None = None  # where its id is written, for a duplicate-id error

    @property
    def runbook(self) -> Summary:  # template_pages.users_of reads c.runbook.{id,title,extends}
        """Itself: lets a Summary stand where template_pages.users_of expects a Compiled."""
        return self


@dataclass
class SourceMeta:
    """What the cache keeps of one source: its content key, the templates it used (id -> sha1), the namespace."""
    key: str
    deps: dict[str, str]  # template id -> sha1 of its file ('' when unknown)
    namespace: str  # Templates.namespace() when compiled
    summary: Summary | None  # None when the source did not compile
    diagnostics: list[Diagnostic]
    page: str = ""  # key of the page last rendered from it
    checks: list[Diagnostic] = field(default_factory=list)  # that page's check diagnostics
    rows: list[str] = field(default_factory=list)  # and its rows of the procedures page


@dataclass
class PageEntry:
    """A rendered runbook page (RenderedPage's parts), its procedures-page rows, its check diagnostics."""

    skeleton: str
    fragments: list[tuple[bool, str]]
    seed: str
    rows: list[str]
    diagnostics: list[Diagnostic]
    #: the page title for the site's front matter (RenderedPage.title)
    title: str = ""


def source_key(display: str, uri: str, data: bytes) -> str:
    """The cache key of one source: code version, display path, URI and content."""
    digest = hashlib.sha1(f"{code_key()}|{display}|{uri}|".encode())
    digest.update(data)
    return digest.hexdigest()


def digest_of(*parts: Any) -> str:
    """A stable hash of plain values (str, numbers, tuples, lists, dicts, sets, dataclass reprs)."""
    return hashlib.sha1(repr(_stable(parts)).encode()).hexdigest()


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return sorted((repr(k), _stable(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(repr(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    return value


class SiteCache:
    """Metas by source display path, and pages by key; on disk under ``directory`` or in memory."""

    INDEX = "sources.pickle"

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.metas: dict[str, SourceMeta] = {}
        self._memory: dict[str, bytes] = {}
        self._used: set[str] = set()
        if directory is not None:
            self.metas = self._read_index()

    def begin(self) -> None:
        """Start a build: pages kept in memory and the record of pages used are per build
        (a `mkdocs serve` keeps one cache for all its rebuilds)."""
        self._memory = {}
        self._used = set()

    # -- metas ---------------------------------------------------------------
    def _read_index(self) -> dict[str, SourceMeta]:
        assert self.directory is not None
        try:
            with open(self.directory / self.INDEX, "rb") as fh:
                data = pickle.load(fh)
        except FileNotFoundError:
            return {}
        except Exception as e:  # a torn or foreign file: start afresh, never fail a build for it
            log.debug("runbooks: ignoring unreadable cache index: %s", e)
            return {}
        if not isinstance(data, dict) or data.get("code") != code_key():
            return {}
        metas = data.get("metas")
        return metas if isinstance(metas, dict) else {}

    def meta(self, display: str, key: str, deps_now: dict[str, str], namespace: str) -> SourceMeta | None:
        """The source's meta when still valid: same key, same template files, same template ids."""
        m = self.metas.get(display)
        if m is None or m.key != key or m.namespace != namespace or m.deps != deps_now:
            return None
        return m

    # -- pages -----------------------------------------------------------------
    def page(self, key: str) -> PageEntry | None:
        """The cached page of `key`, from memory or disk; None when not cached."""
        raw = self._memory.get(key)
        if raw is None and self.directory is not None:
            try:
                raw = (self.directory / "pages" / f"{key}.pickle").read_bytes()
            except OSError:
                return None
        if raw is None:
            return None
        try:
            entry = pickle.loads(zlib.decompress(raw))
        except Exception as e:
            log.debug("runbooks: ignoring unreadable cached page %s: %s", key, e)
            return None
        self._used.add(key)
        return entry if isinstance(entry, PageEntry) else None

    def has_page(self, key: str) -> bool:
        """True when a page of `key` is cached."""
        if key in self._memory:
            return True
        return self.directory is not None and (self.directory / "pages" / f"{key}.pickle").is_file()

    def put_page(self, key: str, entry: PageEntry) -> None:
        """Keep the page of `key` in memory (and on disk when the cache has a folder)."""
        raw = zlib.compress(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._used.add(key)
        if self.directory is None:
            self._memory[key] = raw
            return
        try:
            _atomic_write(self.directory / "pages" / f"{key}.pickle", raw)
        except OSError as e:  # a read-only or full disk: keep the page in memory for this build
            log.debug("runbooks: cannot write the page cache: %s", e)
            self._memory[key] = raw

    def discard_memory(self, key: str) -> None:
        """Forget the in-memory copy of `key` (the disk copy stays)."""
        self._memory.pop(key, None)

    # -- end of build ------------------------------------------------------------
    #: pages no build used for this long are deleted; younger ones may belong to a build running
    #: beside this one (`mkdocs serve` while `runbooks pdf` builds the same project)
    KEEP_SECONDS = 3600

    def save(self, metas: dict[str, SourceMeta]) -> None:
        """Keep this build's metas, and the pages it used or that are recent (the folder does not grow)."""
        self.metas = metas
        if self.directory is None:
            return
        try:
            _atomic_write(self.directory / self.INDEX,
                          pickle.dumps({"code": code_key(), "metas": metas}, protocol=pickle.HIGHEST_PROTOCOL))
            old = time.time() - self.KEEP_SECONDS
            for path in (self.directory / "pages").glob("*.pickle"):
                if path.stem not in self._used and path.stat().st_mtime < old:
                    path.unlink(missing_ok=True)
        except OSError as e:
            log.debug("runbooks: cannot write the cache in %s: %s", self.directory, e)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a build stopped half-way never leaves a torn record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""Turn a diff argument (file, folder or git revision) into compiled runbooks.

Precedence, when an argument could be several things: an existing path
wins, then a git revision. ``REV:path`` reads one file or folder at a
revision (git's own syntax), and ``REV:`` forces the revision when a file
of the same name exists.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_runbooks.diff.gitrev import GitError, checkout_project, commit_of, toplevel
from mkdocs_runbooks.errors import InputError, RunbooksError
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.pipeline import Compiled, compile_source, display_path, find_sources
from mkdocs_runbooks.project.layout import config_in, find_project, load_project
from mkdocs_runbooks.resolve.resolver import Templates

_TOP_ID = re.compile(r"""^id:[ \t]*["']?([A-Za-z0-9_.-]+)""", re.M)


@dataclass
class Side:
    """One side of a diff: runbooks by id, and the template files' digests by template id."""

    label: str
    runbooks: dict[str, Compiled] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    single: bool = False  # one runbook file was named

    def models(self) -> dict[str, Runbook]:
        """Runbook id -> resolved runbook, for the sources that compiled."""
        return {k: c.runbook for k, c in self.runbooks.items() if c.runbook is not None}


def template_digests(directory: Path | None) -> dict[str, str]:
    """Template id -> digest of its file, to tell which templates changed."""
    out: dict[str, str] = {}
    if directory is None or not directory.is_dir():
        return out
    for path in sorted(directory.rglob("*")):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        data = path.read_bytes()
        # only the top-level id is needed; a full YAML parse here would cost more than the diff
        m = _TOP_ID.search(data.decode("utf-8", "replace"))
        out[m.group(1) if m else path.stem] = hashlib.sha1(data).hexdigest()
    return out


@dataclass
class _Plan:
    """What one side would compile: its files and templates, before compiling anything."""

    files: list[Path]
    templates_dir: Path | None
    root: Path
    label: str
    single: bool
    prefix: str = ""
    skip: set[Path] = field(default_factory=set)  # files known to be the same on the other side
    docs: Path | None = None  # the folder its sources are found in: files pair by their path in it

    def rel(self, f: Path) -> str:
        try:
            return f.relative_to(self.docs).as_posix() if self.docs else display_path(f, self.root)
        except ValueError:
            return display_path(f, self.root)


def _compile(plan: _Plan) -> Side:
    side = Side(plan.label, single=plan.single, templates=template_digests(plan.templates_dir))
    templates = Templates(plan.templates_dir)
    for f in plan.files:
        if f in plan.skip:
            continue
        shown = plan.prefix + display_path(f, plan.root)
        c = compile_source(f, templates, shown)
        if c.runbook is None:
            raise DiffInputError(plan.label, c)
        side.runbooks.setdefault(c.runbook.id, c)
    return side


class DiffInputError(RunbooksError):
    """A side could not be compiled: its diagnostics say why."""

    def __init__(self, label: str, compiled: Compiled):
        super().__init__(f"cannot read {label}: {compiled.display} has errors")
        self.compiled = compiled


def _from_path(path: Path, label: str, templates_dir: Path | None, root: Path, prefix: str = "") -> _Plan:
    if path.is_file():
        project = find_project(root)
        tdir = templates_dir or (project.templates_dir if project else None)
        return _Plan([path], tdir, root, label, True, prefix)
    config = config_in(path)
    if config is not None:
        project = load_project(config)
        return _Plan(find_sources(project.docs_dir), templates_dir or project.templates_dir, root, label,
                     False, prefix, docs=project.docs_dir)
    project = find_project(root)
    tdir = templates_dir or (project.templates_dir if project else None)
    if tdir is None and (path / "templates").is_dir():
        tdir = path / "templates"
    return _Plan(find_sources(path), tdir, root, label, False, prefix, docs=path)


def _open(arg: str, cwd: Path, templates_dir: Path | None, stack: ExitStack) -> _Plan:
    """What ``arg`` names: an existing path first, then ``REV`` or ``REV:path`` (checked out
    into a folder that lives as long as ``stack``)."""
    path = Path(arg)
    if not path.is_absolute():
        path = cwd / path
    if arg and not arg.endswith(":") and path.exists():
        return _from_path(path, arg, templates_dir, cwd)
    rev, colon, sub = arg.partition(":")
    if not colon and toplevel(cwd) is None:
        raise InputError(f"no such file or directory: {arg} (and not in a git repository, so not a revision)")
    if not rev or commit_of(rev, cwd) is None:
        raise InputError(f"'{arg}' is neither an existing file or folder nor a git revision")
    tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="runbooks-diff-"))
    try:
        here = checkout_project(rev, cwd, Path(tmp))
    except GitError as e:
        raise InputError(str(e)) from None
    target = here / sub if sub else here
    if sub and not target.exists():
        raise InputError(f"'{sub}' does not exist at revision {rev}")
    # Show paths as "REV:path" so that diagnostics point at the revision.
    return _from_path(target, arg, _at(templates_dir, cwd, here), here, prefix=f"{rev}:")


def load_side(arg: str, cwd: Path | None = None, templates_dir: Path | None = None) -> Side:
    """Compile what ``arg`` names: an existing path first, then ``REV`` or ``REV:path``."""
    with ExitStack() as stack:
        return _compile(_open(arg, cwd or Path.cwd(), templates_dir, stack))


def load_sides(old: str, new: str, cwd: Path | None = None, templates_dir: Path | None = None) -> tuple[Side, Side]:
    """Both sides of a diff, compiling only what can differ (issue 18).

    A source whose bytes are the same on both sides, and none of whose templates and
    fragments changed, compiles to the same runbook on both sides: it has no changes,
    so neither side compiles it. Its templates are found by following ``extends:`` and
    ``include:`` through the template files of both sides; a source or template that
    uses YAML anchors or aliases counts as using every template.
    """
    cwd = cwd or Path.cwd()
    with ExitStack() as stack:
        a, b = _open(old, cwd, templates_dir, stack), _open(new, cwd, templates_dir, stack)
        if not (a.single or b.single):
            a.skip, b.skip = _same_on_both(a, b)
        return _compile(a), _compile(b)


_REF = re.compile(r"""\b(?:extends|include)["']?[ \t]*:[ \t]*["']?([A-Za-z0-9_.-]+)""")
_ALIAS = re.compile(r"(?:^|[\s\[,{:])[*&][A-Za-z0-9_-]")


def _refs(text: str) -> set[str] | None:
    """Template ids a YAML text names with extends/include; None when it may name others."""
    if _ALIAS.search(text):
        return None
    return set(_REF.findall(text))


def _template_refs(directory: Path | None) -> dict[str, set[str] | None]:
    out: dict[str, set[str] | None] = {}
    if directory is None or not directory.is_dir():
        return out
    for path in sorted(directory.rglob("*")):
        if path.suffix in (".yml", ".yaml") and path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            m = _TOP_ID.search(text)
            out[m.group(1) if m else path.stem] = _refs(text)
    return out


def _same_on_both(a: _Plan, b: _Plan) -> tuple[set[Path], set[Path]]:
    """The files of each side that are byte-for-byte the same, with unchanged templates, on the other."""
    da, db = template_digests(a.templates_dir), template_digests(b.templates_dir)
    changed = {t for t in set(da) | set(db) if da.get(t) != db.get(t)}
    refs: dict[str, set[str] | None] = {}
    if changed:
        for side in (a, b):
            for t, r in _template_refs(side.templates_dir).items():
                before = refs.get(t, set())
                refs[t] = None if r is None or before is None else before | r

    def uses_changed(text: str) -> bool:
        if not changed:
            return False
        todo = _refs(text)
        if todo is None:
            return True
        seen: set[str] = set()
        while todo:
            t = todo.pop()
            if t in changed:
                return True
            if t in seen:
                continue
            seen.add(t)
            more = refs.get(t, set())
            if more is None:
                return True
            todo |= more - seen
        return False

    by_rel = {b.rel(f): f for f in b.files}
    skip_a: set[Path] = set()
    skip_b: set[Path] = set()
    for f in a.files:
        g = by_rel.get(a.rel(f))
        if g is None:
            continue
        data = f.read_bytes()
        if data == g.read_bytes() and not uses_changed(data.decode("utf-8", "replace")):
            skip_a.add(f)
            skip_b.add(g)
    return skip_a, skip_b


def _at(templates_dir: Path | None, cwd: Path, here: Path) -> Path | None:
    """An explicit --templates folder, mapped into the revision's copy when it lies in the project."""
    if templates_dir is None:
        return None
    try:
        return here / templates_dir.resolve().relative_to(cwd.resolve())
    except ValueError:
        return templates_dir


def in_git(cwd: Path) -> bool:
    """True when `cwd` is inside a git work tree."""
    return toplevel(cwd) is not None

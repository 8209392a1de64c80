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
from dataclasses import dataclass, field
from pathlib import Path

from ..gitrev import GitError, checkout_project, commit_of, toplevel
from ..model import Runbook
from ..pipeline import Compiled, compile_source, display_path, find_sources
from ..project import config_in, find_project, load_project
from ..resolve import Templates
from ..sources import UsageError


_TOP_ID = re.compile(r"""^id:[ \t]*["']?([A-Za-z0-9_.-]+)""", re.M)


@dataclass
class Side:
    """One side of a diff: runbooks by id, and the template files' digests by template id."""

    label: str
    runbooks: dict[str, Compiled] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    single: bool = False  # one runbook file was named

    def models(self) -> dict[str, Runbook]:
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


def _compile(files: list[Path], templates_dir: Path | None, root: Path, label: str, single: bool,
             prefix: str = "") -> Side:
    side = Side(label, single=single, templates=template_digests(templates_dir))
    templates = Templates(templates_dir)
    for f in files:
        shown = prefix + display_path(f, root)
        c = compile_source(f, templates, shown)
        if c.runbook is None:
            raise DiffInputError(label, c)
        side.runbooks.setdefault(c.runbook.id, c)
    return side


class DiffInputError(Exception):
    """A side could not be compiled: its diagnostics say why."""

    def __init__(self, label: str, compiled: Compiled):
        super().__init__(f"cannot read {label}: {compiled.display} has errors")
        self.compiled = compiled


def _from_path(path: Path, label: str, templates_dir: Path | None, root: Path, prefix: str = "") -> Side:
    if path.is_file():
        project = find_project(root)
        tdir = templates_dir or (project.templates_dir if project else None)
        return _compile([path], tdir, root, label, True, prefix)
    config = config_in(path)
    if config is not None:
        project = load_project(config)
        return _compile(find_sources(project.docs_dir), templates_dir or project.templates_dir, root, label,
                        False, prefix)
    project = find_project(root)
    tdir = templates_dir or (project.templates_dir if project else None)
    if tdir is None and (path / "templates").is_dir():
        tdir = path / "templates"
    return _compile(find_sources(path), tdir, root, label, False, prefix)


def load_side(arg: str, cwd: Path | None = None, templates_dir: Path | None = None) -> Side:
    """Compile what ``arg`` names: an existing path first, then ``REV`` or ``REV:path``."""
    cwd = cwd or Path.cwd()
    path = Path(arg)
    if not path.is_absolute():
        path = cwd / path
    if arg and not arg.endswith(":") and path.exists():
        return _from_path(path, arg, templates_dir, cwd)
    rev, colon, sub = arg.partition(":")
    if not colon and toplevel(cwd) is None:
        raise UsageError(f"no such file or directory: {arg} (and not in a git repository, so not a revision)")
    if not rev or commit_of(rev, cwd) is None:
        raise UsageError(f"'{arg}' is neither an existing file or folder nor a git revision")
    with tempfile.TemporaryDirectory(prefix="runbooks-diff-") as tmp:
        try:
            here = checkout_project(rev, cwd, Path(tmp))
        except GitError as e:
            raise UsageError(str(e)) from None
        target = here / sub if sub else here
        if sub and not target.exists():
            raise UsageError(f"'{sub}' does not exist at revision {rev}")
        # Show paths as "REV:path" so that diagnostics point at the revision.
        return _from_path(target, arg, _at(templates_dir, cwd, here), here, prefix=f"{rev}:")


def _at(templates_dir: Path | None, cwd: Path, here: Path) -> Path | None:
    """An explicit --templates folder, mapped into the revision's copy when it lies in the project."""
    if templates_dir is None:
        return None
    try:
        return here / templates_dir.resolve().relative_to(cwd.resolve())
    except ValueError:
        return templates_dir


def in_git(cwd: Path) -> bool:
    return toplevel(cwd) is not None

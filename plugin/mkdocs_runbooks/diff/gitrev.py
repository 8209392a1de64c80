"""Read a project as it was at a git revision, with the ``git`` command.

Only the files the pipeline reads are written out (mkdocs.yml, the
runbook sources under docs_dir and the templates directory) into a
temporary directory; the normal pipeline then compiles them. Blobs are
read through one ``git cat-file --batch`` process, and ``git archive`` is
avoided on purpose: ``export-ignore`` attributes would silently drop files.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mkdocs_runbooks.errors import RunbooksError
from mkdocs_runbooks.format.names import is_source_name
from mkdocs_runbooks.project.layout import load_project


class GitError(RunbooksError):
    """git is missing, this is not a repository, or the revision does not exist."""


def git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """The output of `git ARGS` run in `cwd`; GitError with git's message when it fails."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (needed to read revisions)") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {' '.join(args)} failed")
    return proc.stdout


def toplevel(cwd: Path) -> Path | None:
    """The work tree root containing ``cwd``, or None outside a repository."""
    try:
        out = git(["rev-parse", "--show-toplevel"], cwd)
    except GitError:
        return None
    return Path(out.decode().strip())


def commit_of(rev: str, cwd: Path) -> str | None:
    """The full commit id that ``rev`` names, or None when it names none."""
    if rev.startswith("-"):
        return None  # never let a "revision" become a git option
    try:
        return git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd).decode().strip()
    except GitError:
        return None


@dataclass
class Blob:
    """A file of a git tree: mode, blob sha and repository-relative path."""
    mode: str
    sha: str
    path: str  # relative to the repository root, POSIX


def list_tree(commit: str, top: Path, prefixes: list[str]) -> list[Blob]:
    """Files under the given repo-relative folders (all when a prefix is '')."""
    specs = [p.rstrip("/") or "." for p in prefixes]
    out = git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs], top)
    blobs = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            blobs.append(Blob(mode, sha, path.decode("utf-8", "surrogateescape")))
    return blobs


def read_objects(top: Path, specs: list[str]) -> list[bytes | None]:
    """Many objects (``sha`` or ``rev:path``) through one ``git cat-file --batch``; None when missing."""
    if not specs:
        return []
    raw = git(["cat-file", "--batch"], top, stdin=("\n".join(specs) + "\n").encode())
    out: list[bytes | None] = []
    pos = 0
    for _ in specs:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split()
        if len(header) < 3 or header[-1] in (b"missing", b"ambiguous"):
            out.append(None)
            pos = end + 1
            continue
        size = int(header[2])
        out.append(raw[end + 1: end + 1 + size])
        pos = end + 1 + size + 1  # contents are followed by a newline
    return out


def read_blobs(top: Path, shas: list[str]) -> list[bytes]:
    """The contents of the blobs `shas`, in order, read with one `git cat-file --batch`."""
    out = []
    for sha, data in zip(shas, read_objects(top, shas)):
        if data is None:
            raise GitError(f"git object {sha} is missing")
        out.append(data)
    return out


def read_file(commit: str, top: Path, path: str) -> bytes | None:
    """One file at a commit (repo-relative path), None when absent."""
    blobs = list_tree(commit, top, [path])
    hit = [b for b in blobs if b.path == path]
    return read_blobs(top, [hit[0].sha])[0] if hit else None


def _write(dest: Path, top: Path, blobs: list[Blob]) -> None:
    for blob, data in zip(blobs, read_blobs(top, [b.sha for b in blobs])):
        target = dest / blob.path
        if not target.resolve().is_relative_to(dest.resolve()):
            continue  # paths come from git and cannot escape, but stay safe
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _rel(path: Path, top: Path) -> str:
    rel = os.path.relpath(path.resolve(), top.resolve())
    return "" if rel == "." else PurePosixPath(Path(rel).as_posix()).as_posix()


def checkout_project(rev: str, cwd: Path, dest: Path) -> Path:
    """Write the project of ``cwd`` as it was at ``rev`` under ``dest``; return its folder there.

    The project is the folder of ``cwd``'s mkdocs.yml at that revision (its
    docs_dir and templates_dir); without one, ``cwd`` is taken as a folder
    of runbook sources with an optional ``templates/`` folder.
    """
    top = toplevel(cwd)
    if top is None:
        raise GitError(f"'{rev}' is not a file or folder, and {cwd} is not in a git repository")
    commit = commit_of(rev, cwd)
    if commit is None:
        raise GitError(f"'{rev}' is neither a file, a folder nor a git revision")
    prefix = _rel(cwd, top)
    here = dest / prefix if prefix else dest
    here.mkdir(parents=True, exist_ok=True)
    config_rel = "/".join(p for p in (prefix, "mkdocs.yml") if p)
    config = read_file(commit, top, config_rel)
    if config is not None:
        (here / "mkdocs.yml").write_bytes(config)
        proj = load_project(here / "mkdocs.yml")
        docs, templates = proj.docs_dir, proj.templates_dir
    else:
        docs, templates = here, here / "templates"
    wanted: list[Blob] = []
    keepers: tuple[tuple[Path, Callable[[str], bool]], ...] = ((docs, is_source_name), (templates, lambda p: True))
    for folder, keep in keepers:
        rel = _rel(folder, dest)
        if rel.startswith(".."):
            continue  # a docs_dir outside the repository cannot be read at a revision
        wanted.extend(b for b in list_tree(commit, top, [rel]) if keep(b.path) and b.mode != "120000")
    unique = {b.path: b for b in wanted}
    _write(dest, top, list(unique.values()))
    return here

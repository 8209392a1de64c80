"""Files the commands write: one set of rules for every ``-o``.

- ``-o -`` (or no ``-o``) is stdout.
- The folder must exist: a missing one is an error, never a silent ``mkdir -p``
  (a typo in a path would otherwise scatter files).
- An existing file is replaced only with ``--force``; a device or pipe
  (``/dev/null``, ``/dev/stdout``) is written to, never replaced.
- The target is checked before any work, so a long build does not end in
  "exists"; the write itself is all or nothing (temp file, then rename).
- A failed write (permission, disk full) is reported as what it is, naming
  the path: :class:`WriteError`, exit 2.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from mkdocs_runbooks.cli.errors import UsageError


class WriteError(UsageError):
    """A file that cannot be written where the user asked; the message names it."""


def _why(e: OSError) -> str:
    return e.strerror or type(e).__name__


def check_target(path: Path, force: bool, *, shown: str | None = None) -> None:
    """Raise UsageError unless ``path`` can be written as a new or (with force) replaced file."""
    name = shown or str(path)
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise UsageError(f"cannot write {name}: {blocker} is a file, not a folder")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {name}: folder {path.parent} does not exist; create it first "
                         f"(mkdir -p {path.parent})")
    if path.is_dir():
        raise UsageError(f"cannot write {name}: it is a folder; name a file")
    if path.exists() and _regular(path) and not force:
        raise UsageError(f"{name} exists; pass --force to overwrite it")


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def output_target(raw: str | None, force: bool, *, name_in_folder: str | None = None,
                  suffix: str | None = None) -> Path | None:
    """The checked file for ``-o RAW``, or None for stdout.

    ``name_in_folder``: a command that can pick the file name (``new``) takes a
    folder as ``-o`` and writes that name in it; other commands refuse a folder.
    ``suffix``: the file must end so (a source not named ``*.runbook.yml`` would be
    ignored by ``check`` and the build).
    """
    if raw is None or raw == "-":
        return None
    path = Path(raw)
    names_folder = raw.endswith(("/", os.sep)) or path.is_dir()
    if names_folder and name_in_folder is not None:
        if not path.is_dir():
            check_target(path / name_in_folder, force, shown=raw)  # says which part is missing
        path = path / name_in_folder
    elif names_folder and not path.exists():
        raise UsageError(f"cannot write {raw}: it names a folder; name a file")
    if suffix and not path.name.endswith(suffix) and _regular(path):
        hint = " or an existing folder" if name_in_folder else ""
        raise UsageError(f"cannot write {raw}: -o must name a *{suffix} file{hint} "
                         f"(other files are not read as runbook sources)")
    check_target(path, force)
    return path


def write_atomic(path: Path, text: str) -> None:
    """Write all or nothing: a failed run never leaves a half-written file.

    Raises WriteError (naming the path) when the system refuses the write.
    """
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder; name a file")
    if path.exists() and not _regular(path):  # /dev/null, a pipe: write to it, never replace it
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as e:
            raise WriteError(f"cannot write {path}: {_why(e)}") from None
        return
    if not path.parent.is_dir():
        check_target(path, force=True)  # raises, saying which folder is missing or a file
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as e:
        raise WriteError(f"cannot write {path}: {_why(e)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask
        os.chmod(tmp, mode)  # mkstemp makes 0600; keep the mode a plain write would give
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"cannot write {path}: {_why(e)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str, target: Path | None) -> None:
    """``text`` to the checked target, or to stdout when it is None."""
    if target is None:
        sys.stdout.write(text)
    else:
        write_atomic(target, text)

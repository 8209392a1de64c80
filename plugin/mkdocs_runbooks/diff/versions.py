"""Version bumps: a runbook whose content changed since a base revision keeps its version.

``check_versions`` (``runbooks check``, which has git at hand): ``--base REV``, default the
last tag; a change outside review bookkeeping with the same ``version`` gets ``version-not-bumped``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs_runbooks.diff.engine import diff_runbooks
from mkdocs_runbooks.diff.inputs import DiffInputError, in_git, load_side
from mkdocs_runbooks.errors import InputError
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.pipeline import Compiled

#: attributes that may change without a new version (review bookkeeping)
BOOKKEEPING = {"version", "meta.last_updated", "meta.next_review"}


def last_tag(cwd: Path) -> str | None:
    """The most recent tag reachable from HEAD, or None (no git, no tags)."""
    try:
        proc = subprocess.run(["git", "describe", "--tags", "--abbrev=0"], cwd=cwd, capture_output=True,
                              text=True, check=False)
    except FileNotFoundError:
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def content_changes(old: Runbook, new: Runbook) -> list[str]:
    """Short descriptions of the changes that call for a new version (bookkeeping excluded)."""
    out = []
    for c in diff_runbooks(old, new).changes:
        attrs = [a for a in c.attributes if not (c.element == "runbook" and a in BOOKKEEPING)]
        if c.change == "changed" and not attrs:
            continue
        detail = f" [{', '.join(attrs)}]" if c.change == "changed" else ""
        out.append(f"{c.change} {c.element} '{c.id}'{detail}")
    return out


def check_versions(compiled: list[Compiled], base: str | None, cwd: Path | None = None) -> str | None:
    """Warn on runbooks changed since ``base`` without a version bump.

    ``base`` None means the last tag; returns a note for the user when the
    check was skipped (no repository, no tags), else None. Raises
    ``InputError`` for an explicit base that cannot be read.
    """
    cwd = cwd or Path.cwd()
    if base is None:
        if not in_git(cwd):
            return None
        base = last_tag(cwd)
        if base is None:
            return None
    elif not in_git(cwd):
        raise InputError(f"--base {base}: {cwd} is not in a git repository")
    try:
        old = load_side(f"{base}:", cwd)
    except DiffInputError:  # a base that does not compile must not break today's check
        return f"version check skipped: the runbooks at {base} do not compile"
    before = old.models()
    for c in compiled:
        rb = c.runbook
        if rb is None or rb.id not in before:
            continue
        prev = before[rb.id]
        if (prev.version or "") != (rb.version or ""):
            continue
        changes = content_changes(prev, rb)
        if not changes:
            continue
        more = f" and {len(changes) - 1} more" if len(changes) > 1 else ""
        where = rb.at.get("version", rb.at.get("id", rb.pos))
        what = f"its version is still {rb.version}" if rb.version else "it has no version"
        c.diagnostics.warning(
            where, "version-not-bumped",
            f"runbook '{rb.id}' changed since {base} ({changes[0]}{more}) but {what}; bump `version`",
        )
    return None

"""Review dates and version bumps.

- ``check_review`` (run by ``check``, so by the CLI and the site build):
  a ``meta.next_review`` date in the past is a warning, ``review-overdue``
  (``--strict`` turns it into a failure).
- ``check_versions`` (``runbooks check``, which has git at hand): a runbook
  whose content changed since a base revision (``--base REV``, default the
  last tag) while its ``version`` stayed the same gets ``version-not-bumped``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostics
from .model import Runbook

if TYPE_CHECKING:  # check.py imports this module, and the pipeline imports check.py
    from .pipeline import Compiled

#: attributes that may change without a new version (review bookkeeping)
BOOKKEEPING = {"version", "meta.last_updated", "meta.next_review"}


def today() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH (reproducible builds) when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def check_review(runbook: Runbook, diags: Diagnostics, on: dt.date | None = None) -> None:
    meta = runbook.meta
    # A next_review that is not a date ("after launch") is prose, not a deadline: nothing to check.
    due = parse_date(meta.next_review) if meta.next_review else None
    now = on or today()
    if due is not None and due < now:
        days = (now - due).days
        diags.warning(
            meta.at.get("next_review", meta.pos), "review-overdue",
            f"runbook '{runbook.id}' was due for review on {due.isoformat()} ({days} day{'s' if days != 1 else ''} ago); "
            "review it, then move meta.next_review forward",
        )


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
    from .diff.engine import diff_runbooks  # the diff package imports the pipeline: import late

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
    ``UsageError`` for an explicit base that cannot be read.
    """
    from .diff.inputs import DiffInputError, in_git, load_side
    from .sources import UsageError

    cwd = cwd or Path.cwd()
    if base is None:
        if not in_git(cwd):
            return None
        base = last_tag(cwd)
        if base is None:
            return None
    elif not in_git(cwd):
        raise UsageError(f"--base {base}: {cwd} is not in a git repository")
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

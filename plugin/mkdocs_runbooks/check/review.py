"""Review dates: a ``meta.next_review`` date in the past is a warning, ``review-overdue``.

Run by ``check`` (so by the CLI and the site build); ``--strict`` turns it into a failure.
"""

from __future__ import annotations

import datetime as dt
import os

from mkdocs_runbooks.diagnostics import Diagnostics
from mkdocs_runbooks.format.model import Runbook


def today() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH (reproducible builds) when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def parse_date(value: object) -> dt.date | None:
    """A review date as a ``date``: a YAML date, or ``YYYY-MM-DD`` text; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def check_review(runbook: Runbook, diags: Diagnostics, on: dt.date | None = None) -> None:
    """Warn when ``meta.next_review`` is past (relative to ``on``, default today) [review-due]."""
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



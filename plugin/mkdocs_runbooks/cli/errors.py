"""Errors of the command line itself."""

from __future__ import annotations

from mkdocs_runbooks.errors import InputError


class UsageError(InputError):
    """Bad paths or options on the command line: reported in one line, exit code 2.

    A kind of ``InputError`` (what library functions raise for unusable input), so one
    ``except InputError`` in ``main`` maps both to exit 2.
    """

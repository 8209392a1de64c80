"""The one base class of every exception the library raises, and the errors shared across layers.

A leaf: it imports nothing of the package. Callers that want "anything mkdocs-runbooks refused"
catch ``RunbooksError``; the CLI maps ``InputError`` (and its own ``UsageError``) to exit code 2.
"""

from __future__ import annotations


class RunbooksError(Exception):
    """Base of every exception defined by mkdocs-runbooks."""


class InputError(RunbooksError):
    """The caller named paths, folders, revisions or options that do not exist or cannot be used.

    Raised by library functions that take what a user typed (``project.sources.select``,
    ``diff.inputs``); the message is one line that names the bad value. The CLI reports it as a
    usage error (exit 2).
    """

"""Subcommands added by later features (import, new, diff, pdf, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def register(sub: Callable[..., Any]) -> None:
    """Add the subcommands defined outside cli.py."""
    from mkdocs_runbooks.cli import import_cmd as cli_import
    from mkdocs_runbooks.cli import new as cli_new

    cli_import.register(sub)
    cli_new.register(sub)
    __import__("mkdocs_runbooks.cli.diff", fromlist=["register"]).register(sub)
    __import__("mkdocs_runbooks.cli.pdf", fromlist=["register"]).register(sub)
    __import__("mkdocs_runbooks.cli.fmt", fromlist=["register"]).register(sub)
    __import__("mkdocs_runbooks.cli.render", fromlist=["register"]).register(sub)

"""Subcommands added by later features (import, new, diff, pdf, ...)."""

from __future__ import annotations

from typing import Any, Callable


def register(sub: Callable[..., Any]) -> None:
    """Add the subcommands defined outside cli.py."""
    from . import cli_import, cli_new

    cli_import.register(sub)
    cli_new.register(sub)
    __import__("mkdocs_runbooks.cli_diff", fromlist=["register"]).register(sub)
    __import__("mkdocs_runbooks.cli_pdf", fromlist=["register"]).register(sub)
    __import__("mkdocs_runbooks.cli_fmt", fromlist=["register"]).register(sub)
    __import__("mkdocs_runbooks.cli_render", fromlist=["register"]).register(sub)

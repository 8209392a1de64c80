"""The CLI's own help as a docs page (``<!-- runbooks:cli-reference -->``).

It lives with the CLI so that the core (project/docs_gen.py) never imports CLI code; the
adapters hand ``doc_generators(parser)`` to ``expand_markers``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from mkdocs_runbooks.project.docs_gen import GENERATORS


def cli_reference(parser: argparse.ArgumentParser) -> str:
    """Markdown: the help of ``runbooks`` and of each subcommand, each in a ``text`` fence."""
    out = ["```text", parser.format_help().rstrip(), "```", ""]
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subs.choices.items():
        out += [f"### `runbooks {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(out)


def doc_generators(parser: argparse.ArgumentParser) -> dict[str, Callable[[], str]]:
    """The core's marker generators plus ``cli-reference`` for ``parser``."""
    return {**GENERATORS, "cli-reference": lambda: cli_reference(parser)}

"""Options every subcommand has (-q/--quiet, -v/--verbose), declared once, and the two
ways of talking to the user that they govern.

Diagnostics and errors are never silenced: ``-q`` drops progress and summary lines
(``info``), ``-v`` adds what the command found and used (``detail``).
"""

from __future__ import annotations

import argparse
import sys

#: -1 quiet, 0 normal, 1 verbose; set by ``configure`` from the parsed arguments
level = 0


def common_options() -> argparse.ArgumentParser:
    """A parent parser holding the options shared by every subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("output")
    chatter = group.add_mutually_exclusive_group()
    chatter.add_argument("-q", "--quiet", action="store_true",
                         help="print only results, diagnostics and errors (no progress or summary lines)")
    chatter.add_argument("-v", "--verbose", action="store_true",
                         help="also say which config, folders and engine were used")
    return common


def configure(args: argparse.Namespace) -> None:
    """Apply the common options (-q, -v) of `args`: how much goes to stderr."""
    global level
    level = -1 if getattr(args, "quiet", False) else 1 if getattr(args, "verbose", False) else 0


def info(message: str) -> None:
    """A progress or summary line on stderr; silenced by -q."""
    if level >= 0:
        print(message, file=sys.stderr)


def detail(message: str) -> None:
    """What was found and used, on stderr; shown with -v only."""
    if level > 0:
        print(message, file=sys.stderr)

"""`runbooks fmt`: rewrite sources and templates in the canonical layout (fmt.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_runbooks.cli.options import detail, info
from mkdocs_runbooks.cli.outputs import write_atomic
from mkdocs_runbooks.load.fmt import FormatError, format_text
from mkdocs_runbooks.pipeline import display_path
from mkdocs_runbooks.project.sources import select


def _targets(args: argparse.Namespace) -> list[Path]:
    """The selected runbook sources, plus every YAML file of the templates folder."""
    sel = select(args.paths, args.templates)
    files = list(sel.files)
    tdir = sel.templates_dir
    if tdir is not None and tdir.is_dir() and (not args.paths or sel.project is not None):
        files += sorted(p for p in tdir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    seen: set[Path] = set()
    unique = []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique


def cmd_fmt(args: argparse.Namespace) -> int:

    """`runbooks fmt`: rewrite sources in canonical form, keeping comments; --check only reports."""
    files = _targets(args)
    changed = failed = 0
    for path in files:
        shown = display_path(path)
        try:
            text = path.read_bytes().decode("utf-8")
            result = format_text(text)
        except UnicodeDecodeError as e:
            print(f"{shown}:1:1: error: file is not valid UTF-8 (byte offset {e.start}) [fmt]")
            failed += 1
            continue
        except FormatError as e:
            print(f"{shown}:{e.line}:{e.col}: error: {e} [fmt]")
            failed += 1
            continue
        if not result.changed:
            detail(f"{shown}: already formatted")
            continue
        changed += 1
        if args.check:
            print(f"would reformat {shown}")
        else:
            write_atomic(path, result.text)
            info(f"reformatted {shown}")
    verb = "would reformat" if args.check else "reformatted"
    info(f"{len(files)} file{'s' if len(files) != 1 else ''}: {changed} {verb}, {failed} not formattable")
    return 1 if failed or (args.check and changed) else 0


def register(sub: Callable[..., Any]) -> None:
    """Add the `fmt` subcommand to the parser (`sub` is get_parser's factory)."""
    p = sub("fmt", "rewrite sources and templates in the canonical YAML layout",
            "Rewrite runbook sources and templates in one layout (2-space mappings, list items\n"
            "indented under their key), keeping comments, key order, quoting and block text\n"
            "(round-trip YAML). A rewrite that would change a file's data is refused. Running it\n"
            "twice changes nothing the second time. With no PATH: the project found from the\n"
            "current folder (its docs_dir sources and templates_dir).\n\n"
            "exit codes: 0 done (with --check: nothing to change), 1 files to reformat (--check)\n"
            "or files that cannot be formatted, 2 bad usage.",
            cmd_fmt)
    p.add_argument("paths", nargs="*", metavar="PATH", help="runbook files, directories, or a project directory")
    p.add_argument("--check", action="store_true",
                   help="change nothing; list the files that would change and exit 1 if any (for CI)")
    p.add_argument("--templates", metavar="DIR", help="templates directory (default: from the site config)")

"""`runbooks import`: Markdown checklists into runbook sources."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from .cli_io import check_target, output_target, write_atomic
from .cli_opts import info
from .importer import import_markdown
from .pipeline import SOURCE_SUFFIX, display_path
from .sources import UsageError


def cmd_import(args: argparse.Namespace) -> int:
    inputs = [Path(p) for p in args.files]
    if len(inputs) > 1 and not args.out_dir:
        raise UsageError("several input files need --out-dir DIR")
    if args.output and args.out_dir:
        raise UsageError("use either -o/--output or --out-dir, not both")
    if args.id and len(inputs) > 1:
        raise UsageError("--id names one runbook; it cannot be used with several input files")
    for path in inputs:
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
    if args.out_dir:
        out_dir = Path(args.out_dir)
        targets: list[Path | None] = [out_dir / f"{p.name.rsplit('.', 1)[0]}{SOURCE_SUFFIX}" for p in inputs]
    else:
        targets = [output_target(args.output, args.force, suffix=SOURCE_SUFFIX)]
    # every target checked before any input is converted: no half-finished batch
    for target in targets:
        if target is not None:
            check_target(target, args.force)
    outputs: list[tuple[Path | None, str]] = []
    for path, target in zip(inputs, targets):
        shown = display_path(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
        result = import_markdown(data, shown, args.id)
        for w in result.warnings:
            print(w.format(shown), file=sys.stderr)
        outputs.append((target, result.yaml))
    for target, text in outputs:
        if target is None:
            sys.stdout.write(text)
        else:
            write_atomic(target, text)
            info(f"wrote {display_path(target)}")
    return 0


def register(sub: Callable[..., Any]) -> None:
    p = sub("import", "convert Markdown checklists into runbook sources",
            "Convert Markdown checklists (- [ ] items, numbered steps with commands, ____ blanks,\n"
            "YES / NO choices, sign-off tables, rollback sections) into runbook source YAML.\n"
            "Lines the importer was unsure about carry an '# import:' comment; nothing is dropped.\n"
            "Warnings go to stderr as path:line:col: warning: message [import].",
            cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE.md", help="Markdown files to convert")
    p.add_argument("-o", "--output", metavar="OUT", help="a *.runbook.yml file for one input (default: stdout); its folder must exist")
    p.add_argument("--out-dir", metavar="DIR", help="write each input as DIR/<name>.runbook.yml (DIR must exist)")
    p.add_argument("--id", help="runbook id (default: from the title)")
    p.add_argument("--force", action="store_true", help="overwrite existing output files")

"""`runbooks import`: Markdown checklists into runbook sources."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Callable

from .cli import write_atomic
from .importer import import_markdown
from .importer.slug import slugify
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
    outputs: list[tuple[Path | None, str]] = []
    taken: dict[str, str] = {}  # runbook id -> the file that has it: ids must be unique in a site
    for path in inputs:
        shown = display_path(path)
        raw = path.read_bytes()
        result = import_markdown(raw, shown, args.id)
        target: Path | None = None
        stem = path.name.rsplit(".", 1)[0]
        if args.out_dir:
            target = Path(args.out_dir) / f"{stem}{SOURCE_SUFFIX}"
        elif args.output and args.output != "-":
            target = Path(args.output)
        if target is not None and not taken:
            taken.update(existing_ids(target.parent, skip=[Path(args.out_dir) / f"{p.name.rsplit('.', 1)[0]}{SOURCE_SUFFIX}"
                                                           for p in inputs] if args.out_dir else [target]))
        rid = result.data["id"]
        if rid in taken and not args.id:
            new = unique_id(rid, slugify(stem) or "import", taken)
            print(f"{shown}:1:1: warning: runbook id '{rid}' is already used by {taken[rid]}; using '{new}' [import]",
                  file=sys.stderr)
            result = import_markdown(raw, shown, new)
            rid = new
        taken[rid] = display_path(target) if target is not None else shown
        for w in result.warnings:
            print(w.format(shown), file=sys.stderr)
        outputs.append((target, result.yaml))
    # write only after every input converted and every target checked: no half-finished batch
    for target, _ in outputs:
        if target is not None and target.exists() and not args.force:
            raise UsageError(f"{target} exists; pass --force to overwrite it")
    for target, text in outputs:
        if target is None:
            sys.stdout.write(text)
        else:
            write_atomic(target, text)
            print(f"wrote {display_path(target)}", file=sys.stderr)
    return 0


_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9-]*)", re.M)


def existing_ids(folder: Path, skip: list[Path]) -> dict[str, str]:
    """Runbook ids of the sources already in ``folder`` (top-level ``id:`` line), but the files in ``skip``."""
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    skipped = {p.resolve() for p in skip}
    for f in sorted(folder.glob(f"*{SOURCE_SUFFIX}")):
        if f.resolve() in skipped:
            continue
        try:
            m = _ID_LINE.search(f.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if m:
            out.setdefault(m.group(1), display_path(f))
    return out


def unique_id(rid: str, stem: str, taken: dict[str, str]) -> str:
    base = stem if stem != rid else f"{rid}-2"
    cand, n = base, 2
    while cand in taken:
        cand, n = f"{base}-{n}", n + 1
    return cand


def register(sub: Callable[..., Any]) -> None:
    p = sub("import", "convert Markdown checklists into runbook sources",
            "Convert Markdown checklists (- [ ] items, numbered steps with commands, ____ blanks,\n"
            "YES / NO choices, sign-off tables, rollback sections) into runbook source YAML.\n"
            "Lines the importer was unsure about carry an '# import:' comment; nothing is dropped.\n"
            "Warnings go to stderr as path:line:col: warning: message [import].",
            cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE.md", help="Markdown files to convert")
    p.add_argument("-o", "--output", metavar="OUT", help="output file for one input (default: stdout)")
    p.add_argument("--out-dir", metavar="DIR", help="write each input as DIR/<name>.runbook.yml")
    p.add_argument("--id", help="runbook id (default: from the title)")
    p.add_argument("--force", action="store_true", help="overwrite existing output files")

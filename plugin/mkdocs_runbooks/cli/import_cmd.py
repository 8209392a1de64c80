"""`runbooks import`: Markdown checklists into runbook sources."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_runbooks.cli.errors import UsageError
from mkdocs_runbooks.cli.options import info
from mkdocs_runbooks.cli.outputs import check_target, output_target, write_atomic
from mkdocs_runbooks.format.names import SOURCE_SUFFIX
from mkdocs_runbooks.importer import import_markdown
from mkdocs_runbooks.importer.slug import id_slug
from mkdocs_runbooks.pipeline import display_path


def cmd_import(args: argparse.Namespace) -> int:
    """`runbooks import`: convert Markdown checklists to runbook sources."""
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
    taken: dict[str, str] = {}  # runbook id -> the file that has it: ids must be unique in a site
    for path, target in zip(inputs, targets):
        shown = display_path(path)
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
        result = import_markdown(raw, shown, args.id)
        stem = path.name.rsplit(".", 1)[0]
        if target is not None and not taken:
            taken.update(existing_ids(target.parent, skip=[t for t in targets if t is not None]))
        rid = result.data["id"]
        if rid in taken and not args.id:
            new = unique_id(rid, id_slug(stem) or "import", taken)
            print(f"{shown}:1:1: warning: runbook id '{rid}' is already used by {taken[rid]}; using '{new}' [import]",
                  file=sys.stderr)
            result = import_markdown(raw, shown, new)
            rid = new
        taken[rid] = display_path(target) if target is not None else shown
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
    """An id for the imported file `stem` that no earlier output in `taken` has (`-2`, `-3` ... appended)."""
    base = stem if stem != rid else f"{rid}-2"
    cand, n = base, 2
    while cand in taken:
        cand, n = f"{base}-{n}", n + 1
    return cand


def register(sub: Callable[..., Any]) -> None:
    """Add the `import` subcommand to the parser (`sub` is get_parser's factory)."""
    p = sub("import", "convert Markdown checklists into runbook sources",
            "Convert Markdown checklists (- [ ] items, numbered steps with commands, ____ blanks,\n"
            "YES / NO choices, sign-off tables, rollback sections) into runbook source YAML.\n"
            "Lines the importer was unsure about carry an '# import:' comment; nothing is dropped.\n"
            "Warnings go to stderr as path:line:col: warning: message [import].",
            cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE.md", help="Markdown files to convert")
    p.add_argument("-o", "--output", metavar="OUT", help=(
                   "a *.runbook.yml file for one input "
                   "(default: stdout); its folder must exist"))
    p.add_argument("--out-dir", metavar="DIR", help="write each input as DIR/<name>.runbook.yml (DIR must exist)")
    p.add_argument("--id", help="runbook id (default: from the title)")
    p.add_argument("--force", action="store_true", help="overwrite existing output files")

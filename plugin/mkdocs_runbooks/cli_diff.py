"""`runbooks diff`, `runbooks textconv` and `runbooks git-setup`."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

from .cli import write_atomic
from .diff import DiffInputError, diff_sides, load_sides
from .diff.formats import FORMATS
from .diff.outline import outline
from .gitrev import toplevel
from .pipeline import compile_source
from .project import find_project
from .resolve import Templates
from .sources import UsageError

GITATTRIBUTES_LINE = "*.runbook.yml diff=runbook"

_DIFF_HELP = """\
OLD and NEW are each a runbook file, a project folder (with mkdocs.yml) or a
folder of sources, or a git revision. An existing path wins over a revision
of the same name; write REV: to force the revision, and REV:path for one file
or folder at a revision (e.g. main:content/app.runbook.yml).

exit codes: 0 done (or no changes with --exit-code), 1 changes found with
--exit-code, 2 bad usage or a side that does not compile."""


def cmd_diff(args: argparse.Namespace) -> int:
    tdir = Path(args.templates) if args.templates else None
    try:
        old, new = load_sides(args.old, args.new, templates_dir=tdir)  # compiles only what can differ
    except DiffInputError as e:
        for d in e.compiled.diagnostics.sorted():
            print(d.format(), file=sys.stderr)
        print(f"runbooks diff: error: {e}", file=sys.stderr)
        return 2
    result = diff_sides(old, new)
    text = FORMATS[args.format](result)
    if args.output and args.output != "-":
        write_atomic(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 1 if args.exit_code and result.has_changes else 0


def cmd_textconv(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        print(f"runbooks textconv: error: cannot read {path}: {e.strerror}", file=sys.stderr)
        return 2
    project = find_project()
    tdir = Path(args.templates) if args.templates else (project.templates_dir if project else None)
    compiled = compile_source(path, Templates(tdir), args.file)
    if compiled.runbook is None:
        # git must still show something: the raw text, never a failed diff
        sys.stdout.write(raw)
        return 0
    sys.stdout.write(outline(compiled.runbook))
    return 0


def _textconv_command() -> str:
    exe = shutil.which("runbooks")
    if exe and Path(exe).resolve().parent == Path(sys.executable).resolve().parent:
        return "runbooks textconv"
    return f'"{sys.executable}" -m mkdocs_runbooks textconv'


def cmd_git_setup(args: argparse.Namespace) -> int:
    top = toplevel(Path.cwd())
    if top is None:
        raise UsageError("not in a git repository; run it inside the repository that holds the runbooks")
    attrs = top / ".gitattributes"
    text = attrs.read_text(encoding="utf-8") if attrs.is_file() else ""
    if GITATTRIBUTES_LINE not in text.splitlines():
        write_atomic(attrs, text + ("" if not text or text.endswith("\n") else "\n") + GITATTRIBUTES_LINE + "\n")
        print(f"added '{GITATTRIBUTES_LINE}' to {attrs}", file=sys.stderr)
    else:
        print(f"{attrs} already has '{GITATTRIBUTES_LINE}'", file=sys.stderr)
    command = args.command_line or _textconv_command()
    proc = subprocess.run(["git", "config", "diff.runbook.textconv", command], cwd=top,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"runbooks git-setup: error: git config failed: {proc.stderr.strip()}", file=sys.stderr)
        return 2
    print(f"set git config diff.runbook.textconv = {command}", file=sys.stderr)
    print("`git diff` and `git log -p` now show runbooks resolved; `git diff --no-textconv` shows raw YAML.",
          file=sys.stderr)
    return 0


def register(sub: Callable[..., Any]) -> None:
    p = sub("diff", "semantic diff of runbooks: files, projects or git revisions",
            "Compare resolved runbooks item by item and report what was added, removed,\n"
            "moved, reworded (word diff) or changed (which attribute), plus sections,\n"
            "procedures, triggers, sign-off, metadata and template impact.\n\n" + _DIFF_HELP,
            cmd_diff)
    p.add_argument("old", metavar="OLD", help="runbook file, folder, or git revision")
    p.add_argument("new", metavar="NEW", help="runbook file, folder, or git revision")
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help="output format (default: text)")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes (like git diff)")
    p.add_argument("--templates", metavar="DIR", help="templates directory (default: from mkdocs.yml)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    p = sub("textconv", "print a runbook resolved, one line per element (git textconv)",
            "Print a runbook resolved (templates applied, vars substituted) as plain text\n"
            "with one line per element, for `git diff`. Sources that do not compile are\n"
            "printed as they are, so git never fails. Set up with `runbooks git-setup`.",
            cmd_textconv)
    p.add_argument("file", metavar="FILE", help="a *.runbook.yml file (git passes a temporary copy)")
    p.add_argument("--templates", metavar="DIR", help="templates directory (default: from ./mkdocs.yml)")

    p = sub("git-setup", "make plain `git diff` show runbooks resolved",
            "Add '*.runbook.yml diff=runbook' to .gitattributes at the repository root and\n"
            "set `git config diff.runbook.textconv` to `runbooks textconv` in this clone.",
            cmd_git_setup)
    p.add_argument("--command", dest="command_line", metavar="CMD",
                   help="textconv command to record (default: this runbooks)")

"""`runbooks diff`, `runbooks textconv` and `runbooks git-setup`."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_runbooks.cli.errors import UsageError
from mkdocs_runbooks.cli.options import info
from mkdocs_runbooks.cli.outputs import emit, output_target, write_atomic
from mkdocs_runbooks.diff import DiffInputError, diff_sides, load_sides
from mkdocs_runbooks.diff.formats import FORMATS
from mkdocs_runbooks.diff.gitrev import toplevel
from mkdocs_runbooks.diff.outline import outline
from mkdocs_runbooks.pipeline import compile_source
from mkdocs_runbooks.project.layout import find_project
from mkdocs_runbooks.project.sources import templates_option
from mkdocs_runbooks.resolve.resolver import Templates

GITATTRIBUTES_LINE = "*.runbook.yml diff=runbook"
GITATTRIBUTES_LINES = (GITATTRIBUTES_LINE, "*.runbook.yaml diff=runbook")  # both source extensions

_DIFF_HELP = """\
OLD and NEW are each a runbook file, a project folder (with mkdocs.yml) or a
folder of sources, or a git revision. An existing path wins over a revision
of the same name; write REV: to force the revision, and REV:path for one file
or folder at a revision (e.g. main:content/app.runbook.yml).

exit codes: 0 done (or no changes with --exit-code), 1 changes found with
--exit-code, 2 bad usage or a side that does not compile."""


def cmd_diff(args: argparse.Namespace) -> int:
    """`runbooks diff OLD NEW`: what changed between runbooks, projects or git revisions.

    Exit 1 with --exit-code when something did.
    """
    target = output_target(args.output, args.force)
    tdir = templates_option(args.templates)
    try:
        old, new = load_sides(args.old, args.new, templates_dir=tdir)  # compiles only what can differ
    except DiffInputError as e:
        for d in e.compiled.diagnostics.sorted():
            print(d.format(), file=sys.stderr)
        print(f"runbooks diff: error: {e}", file=sys.stderr)
        return 2
    result = diff_sides(old, new)
    text = FORMATS[args.format](result)
    emit(text, target)
    return 1 if args.exit_code and result.has_changes else 0


def cmd_textconv(args: argparse.Namespace) -> int:
    """`runbooks textconv FILE`: a runbook resolved, one line per element, for git's textconv."""
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


#: What `git-setup` records: `runbooks textconv` as found on PATH when git runs it, so it
#: survives the virtualenv it was set up from going away; where no `runbooks` is found git
#: shows the raw YAML instead of failing `git diff`/`git log -p` (git runs this with `sh`,
#: passing the file as "$1" of the function).
TEXTCONV_COMMAND = ('rb() { if command -v runbooks >/dev/null 2>&1; then runbooks textconv "$1"; '
                    'else cat "$1"; fi; }; rb')


def cmd_git_setup(args: argparse.Namespace) -> int:
    """`runbooks git-setup`: make plain `git diff` show runbooks resolved (.gitattributes and the textconv driver)."""
    top = toplevel(Path.cwd())
    if top is None:
        raise UsageError("not in a git repository; run it inside the repository that holds the runbooks")
    attrs = top / ".gitattributes"
    text = attrs.read_text(encoding="utf-8") if attrs.is_file() else ""
    missing = [line for line in GITATTRIBUTES_LINES if line not in text.splitlines()]
    if missing:
        write_atomic(attrs, text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(missing) + "\n")
        info(f"added '{' and '.join(missing)}' to {attrs}")
    else:
        info(f"{attrs} already has '{' and '.join(GITATTRIBUTES_LINES)}'")
    command = args.command_line or TEXTCONV_COMMAND
    proc = subprocess.run(["git", "config", "diff.runbook.textconv", command], cwd=top,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"runbooks git-setup: error: git config failed: {proc.stderr.strip()}", file=sys.stderr)
        return 2
    info(f"set git config diff.runbook.textconv = {command}")
    info("`git diff` and `git log -p` now show runbooks resolved; `git diff --no-textconv` shows raw YAML.")
    if args.command_line is None and shutil.which("runbooks") is None:
        info("note: `runbooks` is not on PATH here; git shows raw YAML until it is (e.g. pipx install mkdocs-runbooks)")
    return 0


def register(sub: Callable[..., Any]) -> None:
    """Add the `diff` subcommand to the parser (`sub` is get_parser's factory)."""
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
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (its folder must exist)")
    p.add_argument("--force", action="store_true", help="overwrite an existing FILE")

    p = sub("textconv", "print a runbook resolved, one line per element (git textconv)",
            "Print a runbook resolved (templates applied, vars substituted) as plain text\n"
            "with one line per element, for `git diff`. Sources that do not compile are\n"
            "printed as they are, so git never fails. Set up with `runbooks git-setup`.",
            cmd_textconv)
    p.add_argument("file", metavar="FILE", help="a *.runbook.yml file (git passes a temporary copy)")
    p.add_argument("--templates", metavar="DIR", help="templates directory (default: from ./mkdocs.yml)")

    p = sub("git-setup", "make plain `git diff` show runbooks resolved",
            "Add '*.runbook.yml diff=runbook' to .gitattributes at the repository root and\n"
            "set `git config diff.runbook.textconv` in this clone to run `runbooks textconv` as found\n"
            "on PATH (raw YAML where there is none), so it outlives the virtualenv it came from.",
            cmd_git_setup)
    p.add_argument("--command", dest="command_line", metavar="CMD",
                   help="textconv command to record (default: `runbooks textconv` from PATH, else raw text)")

"""The ``runbooks`` command line. Subcommands call library functions only."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs_runbooks import __version__
from mkdocs_runbooks.cli.errors import UsageError
from mkdocs_runbooks.cli.options import common_options, configure, detail, info
from mkdocs_runbooks.cli.outputs import emit, output_target, write_atomic  # noqa: F401  (write_atomic: used by other commands)
from mkdocs_runbooks.diagnostics import Diagnostic
from mkdocs_runbooks.diff.versions import check_versions
from mkdocs_runbooks.errors import InputError
from mkdocs_runbooks.format.export import runbook_dict
from mkdocs_runbooks.format.schema import schema_text
from mkdocs_runbooks.mkdocs.engine import config_reader
from mkdocs_runbooks.pipeline import all_diagnostics, display_path, find_sources
from mkdocs_runbooks.project.layout import ProjectError, find_project, use_engine_reader
from mkdocs_runbooks.project.sources import Selection, compile_selection, select
from mkdocs_runbooks.render.export_md import runbook_markdown
from mkdocs_runbooks.runs.files import check_runs, find_runs, git_versions, is_run_file, runbooks_by_id

Handler = Callable[[argparse.Namespace], int]

_EPILOG = """\
exit codes: 0 success, 1 problems found in the sources, 2 bad usage, 3 internal error.
docs: the "Command line" page of the example site (content/reference/cli.md)."""


def github_annotation(d: Diagnostic) -> str:
    """One diagnostic as a GitHub Actions workflow command (shown on the PR's changed lines).

    Escaping follows GitHub's workflow-command rules: ``%``, CR and LF in the message;
    also ``:`` and ``,`` in property values.
    """
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    kind = "error" if d.severity == "error" else "warning"
    return (f"::{kind} file={prop(d.path)},line={d.line},col={d.col},title={prop(f'runbooks {d.code}')}"
            f"::{data(d.message)}")


def cmd_check(args: argparse.Namespace) -> int:
    """`runbooks check`: print diagnostics; exit 1 on errors (on warnings too with --strict).

    Run files (``*.run.json``) among the paths are checked against the run format and their runbook."""
    run_paths = [Path(p) for p in args.paths if is_run_file(p)]
    others = [p for p in args.paths if not is_run_file(p)]
    sel = select(others, args.templates) if others or not run_paths else Selection([], None, find_project())
    if not others and run_paths and sel.project is not None:
        sel.templates_dir = sel.project.templates_dir
    if sel.project is not None:
        detail(f"project: {sel.project.config_file} (docs_dir {sel.project.docs_dir}, "
               f"templates_dir {sel.project.templates_dir})")
    detail(f"templates: {sel.templates_dir or 'none'}; {len(sel.files)} source file(s)")
    compiled = compile_selection(sel)
    note = check_versions(compiled, args.base) if args.base != "" else None
    if note:
        print(note, file=sys.stderr)
    if not args.paths and sel.project is not None:  # the project: its committed runs too
        run_paths = find_runs(sel.project.runs_dir)
    for p in run_paths:
        if not p.is_file():
            raise UsageError(f"no such run file: {p}")
    books, sources = runbooks_by_id(compiled, sel.project.docs_dir if sel.project and run_paths else None,
                                    sel.templates_dir)
    at_version, done = git_versions(sel.project.root if sel.project else Path.cwd(), sel.templates_dir, sources, books)
    try:
        checked = check_runs(run_paths, books, {p: display_path(p) for p in run_paths}, at_version)
    finally:
        done()
    errors = warnings = 0
    records = []
    # each once: a template's error recurs in every variant
    for d in all_diagnostics(compiled) + [d for c in checked for d in c.diagnostics.sorted()]:
        errors += d.severity == "error"
        warnings += d.severity == "warning"
        if args.format == "json":
            records.append({"path": d.path, "line": d.line, "col": d.col, "severity": d.severity,
                            "code": d.code, "message": d.message})
        elif args.format == "github":
            print(github_annotation(d))
        else:
            print(d.format())
    if args.format == "json":
        print(json.dumps(records, indent=2))
    n = sum(1 for c in compiled if c.runbook is not None or c.source.name.endswith('.yml'))
    runs = f" and {len(checked)} run file{'s' if len(checked) != 1 else ''}" if checked else ""
    info(f"checked {n} runbook{'s' if n != 1 else ''}{runs}: {errors} error{'s' if errors != 1 else ''}, "
         f"{warnings} warning{'s' if warnings != 1 else ''}")
    return 1 if errors or (args.strict and warnings) else 0


def cmd_export(args: argparse.Namespace) -> int:
    """`runbooks export`: the resolved runbook as JSON (DESIGN.md §5) or Markdown."""
    out_file = output_target(args.output, args.force)
    sel = select([args.source], args.templates)
    if len(sel.files) != 1:
        raise UsageError("export takes one runbook source file")
    target = sel.files[0].resolve()
    if sel.project is not None:  # cross-runbook references need the whole project
        sel.files = [target] + [f for f in find_sources(sel.project.docs_dir) if f.resolve() != target]
    compiled = compile_selection(sel)
    mine = next(c for c in compiled if c.source.resolve() == target)
    for d in mine.diagnostics.sorted():
        print(d.format(), file=sys.stderr)
    if not mine.ok or mine.runbook is None:
        return 1
    if args.format == "json":
        text = json.dumps(runbook_dict(mine.runbook), indent=2, ensure_ascii=False) + "\n"
    else:
        text = runbook_markdown(mine.runbook)
    emit(text, out_file)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """`runbooks schema`: print the JSON Schema of the source format."""
    emit(schema_text(), output_target(args.output, args.force))
    return 0


def get_parser() -> argparse.ArgumentParser:
    """The `runbooks` argument parser with every subcommand (each sets its `handler`)."""
    parser = argparse.ArgumentParser(
        prog="runbooks",
        description="Compile YAML checklists into runbook pages; check, export, import and diff them.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    common = common_options()

    def sub(name: str, help: str, description: str, handler: Handler) -> argparse.ArgumentParser:
        p = subs.add_parser(name, help=help, description=description, epilog=_EPILOG, parents=[common],
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(handler=handler)
        return p

    p = sub("check", "validate runbook sources (ids, references, types, lint rules)",
            "Validate runbook sources and print one line per problem as\n"
            "path:line:col: error|warning: message [code].\n"
            "With no PATH, checks the project of ./mkdocs.yml (its docs_dir and templates_dir).",
            cmd_check)
    p.add_argument("paths", nargs="*", metavar="PATH", help="runbook files, directories, or a project directory")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too (as mkdocs build --strict)")
    p.add_argument("--templates", metavar="DIR", help="templates directory (default: from mkdocs.yml, else ./templates)")
    p.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="output format: text, json, or github (GitHub Actions ::error annotations) (default: text)")
    p.add_argument("--base", metavar="REV", help="warn on runbooks changed since git revision REV whose version "
                   "was not bumped (default: the last tag, when there is one; --base '' turns it off)")

    p = sub("export", "print the resolved runbook as JSON or as plain Markdown",
            "Print a runbook after resolution: templates applied, vars substituted, conditions\n"
            "evaluated. The JSON form is a stable contract for other tools; the Markdown form is a\n"
            "plain task-list checklist for wikis, tickets and email.",
            cmd_export)
    p.add_argument("source", metavar="SOURCE", help="a *.runbook.yml file")
    p.add_argument("--format", choices=("json", "markdown"), default="json", help="output format (default: json)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (its folder must exist)")
    p.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    p.add_argument("--templates", metavar="DIR", help="templates directory (default: from mkdocs.yml)")

    p = sub("schema", "print the JSON Schema of the source format",
            "Print the JSON Schema of runbook sources, for editors and CI validators.", cmd_schema)
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout (its folder must exist)")
    p.add_argument("--force", action="store_true", help="overwrite an existing FILE")

    from mkdocs_runbooks.cli.more import register  # later subcommands live apart to keep this file small
    register(sub)
    parser.set_defaults(parser=parser)  # for commands that print the CLI's own help (render)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI on `argv` (default: sys.argv); the exit code: 0 ok, 1 findings, 2 usage, 3 internal error."""
    parser = get_parser()
    args = parser.parse_args(argv)
    configure(args)
    use_engine_reader(config_reader)  # site configs are read as the engine reads them
    try:
        return int(args.handler(args))
    except (InputError, ProjectError) as e:  # UsageError is an InputError
        print(f"runbooks {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # (after BrokenPipeError, a kind of OSError) a file the system refuses: the user's to fix
        where = f"{e.filename}: " if e.filename else ""
        print(f"runbooks {args.command}: error: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug of ours: say so plainly; RUNBOOKS_DEBUG=1 shows the traceback
        if os.environ.get("RUNBOOKS_DEBUG"):
            raise
        print(f"runbooks {args.command}: internal error: {type(e).__name__}: {e}\n"
              "this is a bug in mkdocs-runbooks; rerun with RUNBOOKS_DEBUG=1 and report the traceback",
              file=sys.stderr)
        return 3

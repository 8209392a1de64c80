"""`runbooks pdf`: print a runbook page to PDF.

Design: the page must look exactly as it does on the site (theme, Markdown
extensions, CSS), so the CLI does not re-create a site of its own. It builds
the project's real site into a temp dir in-process through the MkDocs adapter
(mkdocs/site.py; the core never imports MkDocs), or takes an already
built site with ``--site``. Then pdf.py prints the page with Chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_runbooks.cli.errors import UsageError
from mkdocs_runbooks.cli.options import detail, info
from mkdocs_runbooks.cli.outputs import output_target
from mkdocs_runbooks.diagnostics import once
from mkdocs_runbooks.format.names import is_source_name
from mkdocs_runbooks.project.build import page_uri
from mkdocs_runbooks.project.engines import EngineMissing, engine_name, prefer_for
from mkdocs_runbooks.project.layout import Project, find_config, load_project
from mkdocs_runbooks.project.sources import compile_selection, select
from mkdocs_runbooks.render.pdf import MODES, PAPERS, PdfError, page_url, print_pages, require_browser


def _project_of(source: Path, config: str | None) -> Project:
    if config:
        path = Path(config)
        if not path.is_file():
            raise UsageError(f"no such config file: {config}")
        return load_project(path)
    found = find_config(source.parent)
    if found is not None:
        return load_project(found)
    raise UsageError(
        f"{source} is not inside a MkDocs project (no mkdocs.yml or properdocs.yml in its folder "
        "or above); "
        "pass --config mkdocs.yml, or --site DIR with a site built by `mkdocs build`"
    )


def _build(project: Project, into: Path, language: str | None = None) -> str | None:
    """Build the project's site into ``into`` (in ``language``, if given); the error output on failure, else None."""
    from mkdocs_runbooks.mkdocs.site import build_into  # late: only this command needs MkDocs

    assert project.config_file is not None
    return build_into(project.config_file.resolve(), into, language)


def cmd_pdf(args: argparse.Namespace) -> int:
    """`runbooks pdf`: print runbook pages to PDF with Chromium."""
    source = Path(args.source).resolve()
    if not source.is_file() or not is_source_name(source.name):
        raise UsageError(f"SOURCE must be a *.runbook.yml (or .yaml) file: {args.source}")
    if not args.output.lower().endswith(".pdf"):
        raise UsageError(f"-o must name a .pdf file: {args.output}")
    out = output_target(args.output, args.force)
    if out is None:
        raise UsageError("-o must name a .pdf file, not stdout")
    if args.language and args.site:
        raise UsageError("--language applies to the build; a site given with --site keeps its own language")
    state = Path(args.state) if args.state else None
    if state is not None and not state.is_file():
        raise UsageError(f"no such run file: {args.state}")
    project = _project_of(source, args.config)
    docs_dir = project.docs_dir.resolve()
    if not source.is_relative_to(docs_dir):
        raise UsageError(f"{args.source} is not under the project's docs_dir ({project.docs_dir})")
    uri = page_uri(docs_dir, source)
    # What printing needs is checked before a build that may take a while.
    try:
        require_browser()
        if not args.site:
            assert project.config_file is not None
            detail(f"engine: {engine_name(prefer_for(project.config_file.name))}; config {project.config_file}")
    except PdfError as e:
        print(f"runbooks pdf: error: {e}", file=sys.stderr)
        return 1
    except EngineMissing as e:
        print(f"runbooks pdf: error: building the site {e}; or pass --site DIR with a built site", file=sys.stderr)
        return 1

    # Report source problems the way `runbooks check` does, before a build hides them in a log.
    compiled = compile_selection(select([str(p) for p in [project.root]]))
    errors = once(d for c in compiled for d in c.diagnostics.sorted() if d.severity == "error")
    for d in errors:
        print(d.format(), file=sys.stderr)
    if errors:
        return 1

    try:
        if args.site:
            site = Path(args.site)
            if not site.is_dir():
                raise UsageError(f"no such site directory: {args.site}")
            printed = print_pages(site, [(page_url(site, uri), out)], args.mode, args.paper, state)
        else:
            with tempfile.TemporaryDirectory(prefix="runbooks-pdf-") as tmp:
                site = Path(tmp) / "site"
                info(f"building {project.config_file} ...")
                failure = _build(project, site, args.language)
                if failure is not None:
                    print(f"runbooks pdf: error: the site build failed:\n{failure}", file=sys.stderr)
                    return 1
                printed = print_pages(site, [(page_url(site, uri), out)], args.mode, args.paper, state)
    except PdfError as e:
        print(f"runbooks pdf: error: {e}", file=sys.stderr)
        return 1
    n = printed[0].pages
    pages = f"{n} page{'s' if n != 1 else ''}, " if n is not None else ""
    info(f"wrote {out} ({pages}{args.mode}, {PAPERS[args.paper]})")
    return 0


def register(sub: Callable[..., Any]) -> None:
    """Add the `pdf` subcommand to the parser (`sub` is get_parser's factory)."""
    p = sub("pdf", "print a runbook page to PDF (blank or filled sign-off sheet)",
            "Print a runbook's page to PDF with headless Chromium, laid out for paper: cover page,\n"
            "title/version/environment/date/page x of y on every page, sign-off tables.\n"
            "Builds the project of the mkdocs.yml found in SOURCE's folder or above into a temp\n"
            "dir (in-process, as `mkdocs build` would), or uses an already built site given with --site.\n"
            "Needs Chromium (/usr/bin/chromium, or RUNBOOKS_CHROMIUM) and the playwright package.",
            cmd_pdf)
    p.add_argument("source", metavar="SOURCE", help="a *.runbook.yml file inside a MkDocs project's docs_dir")
    p.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="the PDF to write (its folder must exist)")
    p.add_argument("--force", action="store_true", help="overwrite an existing FILE.pdf")
    p.add_argument("--mode", choices=MODES, default="filled",
                   help="filled: carry the values of --state; blank: an empty form (default: filled)")
    p.add_argument("--paper", choices=tuple(PAPERS), default="a4", help="paper size (default: a4)")
    p.add_argument("--site", metavar="DIR", help="an already built site (skips the build)")
    p.add_argument("--config", metavar="FILE", help="mkdocs.yml to build (default: found from SOURCE)")
    p.add_argument("--language", metavar="LANG", help="build the page in this language (a theme.language tag such as\n"
                   "de, ja or ar; default: the config's theme.language)")
    p.add_argument("--state", metavar="RUN.json", help="a run exported from the page (Export button) to fill in")

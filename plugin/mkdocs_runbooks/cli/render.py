"""`runbooks render --out DIR`: a pre-rendered docs folder for engines without our plugin."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_runbooks.cli.errors import UsageError
from mkdocs_runbooks.cli.options import detail, info
from mkdocs_runbooks.cli.reference import doc_generators
from mkdocs_runbooks.project.docs_gen import GENERATORS
from mkdocs_runbooks.project.layout import find_config, load_project, read_config
from mkdocs_runbooks.project.prerender import ENGINE_CHOICES, RenderError, config_snippet, render_project


def cmd_render(args: argparse.Namespace) -> int:
    """`runbooks render --out DIR`: write the project's pages pre-rendered, for engines without the plugin."""
    config_file = Path(args.config) if args.config else find_config()
    if config_file is None:
        raise UsageError("no mkdocs.yml or properdocs.yml here or above; pass --config FILE")
    if not config_file.is_file():
        raise UsageError(f"no such config file: {args.config}")
    project = load_project(config_file)
    if not project.docs_dir.is_dir():
        raise UsageError(f"docs_dir '{project.docs_dir}' of {config_file} is not a folder")
    detail(f"project: {config_file} (docs_dir {project.docs_dir}, templates_dir {project.templates_dir})")
    out = Path(args.out)
    try:
        parser = getattr(args, "parser", None)  # set by get_parser(): the CLI reference page needs it
        result = render_project(project, read_config(config_file), out, changes=not args.no_changes,
                                engine=args.engine, language=args.language,
                                generators=doc_generators(parser) if parser is not None else GENERATORS)
    except RenderError as e:
        print(f"runbooks render: error: {e}", file=sys.stderr)
        return 1
    for w in result.warnings:
        print(w, file=sys.stderr)
    info(f"wrote {out}: {len(result.pages)} generated page(s), {result.copied} file(s) of docs_dir, assets and schema")
    rel = os.path.relpath(out.resolve(), config_file.parent.resolve())
    info("build it with any MkDocs-compatible engine, without the runbooks plugin; in its config:\n"
         + config_snippet(Path(rel).as_posix()).rstrip()
         + "\n(and nav entries that name *.runbook.yml files name the .md pages instead)")
    return 0


def register(sub: Callable[..., Any]) -> None:
    """Add the `render` subcommand to the parser (`sub` is get_parser's factory)."""
    p = sub("render", "pre-render the project into plain Markdown pages for engines without plugins",
            "Write a complete docs folder in which every runbook, the templates and procedures\n"
            "pages, the run archive (a record page per committed run file, the Runs page), the\n"
            "assets and the JSON Schemas are already rendered: plain Markdown pages\n"
            "(runbook pages as finished HTML) that an engine without the runbooks plugin builds\n"
            "into working runbook pages (forms, progress, rollback links, print); each runbook page\n"
            "links its own CSS and JS. For Zensical, MkDocs 2 or a pipeline that\n"
            "cannot install plugins. See the \"Choosing an engine\" page.\n\n"
            "DIR is replaced as a whole (it must be new, empty, or an earlier render's output).",
            cmd_render)
    p.add_argument("--out", metavar="DIR", required=True, help="the folder to write (beside docs_dir, not inside it)")
    p.add_argument("--config", metavar="FILE", help="site config (default: mkdocs.yml or properdocs.yml found "
                   "from the current folder upward)")
    p.add_argument("--engine", choices=ENGINE_CHOICES, default="mkdocs",
                   help="the engine that will build DIR: links between pages are written as its URLs, or as\n"
                   "*.md links for zensical, which rewrites those itself (default: mkdocs)")
    p.add_argument("--language", metavar="LANG", help="the language of the pages' interface, a theme.language tag\n"
                   "such as de, ja or pt-BR (default: the config's theme.language, else English)")
    p.add_argument("--no-changes", action="store_true", help="leave out the 'Changes' section read from git history")

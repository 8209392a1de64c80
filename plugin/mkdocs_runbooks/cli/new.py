"""`runbooks new`: scaffold a variant of a template."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_runbooks.cli.errors import UsageError
from mkdocs_runbooks.cli.options import info
from mkdocs_runbooks.cli.outputs import output_target, write_atomic
from mkdocs_runbooks.cli.scaffold import variant_source
from mkdocs_runbooks.diagnostics import did_you_mean
from mkdocs_runbooks.format.names import SOURCE_SUFFIX
from mkdocs_runbooks.format.source import SourceRunbook
from mkdocs_runbooks.format.spec import ID_PATTERN
from mkdocs_runbooks.pipeline import display_path
from mkdocs_runbooks.project.layout import find_project
from mkdocs_runbooks.project.sources import templates_option
from mkdocs_runbooks.resolve.templates import Templates, declarations


def cmd_new(args: argparse.Namespace) -> int:
    """`runbooks new`: a new runbook source, from scratch or as a variant of a template."""
    if not re.match(ID_PATTERN, args.id):
        raise UsageError(f"id '{args.id}' is not a slug (lowercase letters, digits and '-')")
    project = find_project()
    tdir = templates_option(args.templates) if args.templates else (project.templates_dir if project else Path("templates"))
    templates = Templates(tdir)
    entry = templates.get(args.template)
    if entry is None or not isinstance(entry.model, SourceRunbook):
        known = [i for i, e in templates.entries().items() if isinstance(e.model, SourceRunbook)]
        raise UsageError(f"unknown template '{args.template}'{templates.where()}"
                         f"{did_you_mean(args.template, known)}" + ("" if known else "; no templates found"))
    target = output_target(args.output, args.force, name_in_folder=f"{args.id}{SOURCE_SUFFIX}", suffix=SOURCE_SUFFIX)
    text = variant_source(entry, declarations(templates, args.template), args.id, args.title)
    if target is None:
        sys.stdout.write(text)
        return 0
    write_atomic(target, text)
    info(f"wrote {display_path(target)}; fill in the vars, then run `runbooks check`")
    return 0


def register(sub: Callable[..., Any]) -> None:
    """Add the `new` subcommand to the parser (`sub` is get_parser's factory)."""
    p = sub("new", "start a project's runbook as a variant of a template",
            "Write a variant file that extends TEMPLATE and lists its parameters: required\n"
            "vars first (fill them in), optional ones commented out with their defaults.",
            cmd_new)
    p.add_argument("--template", required=True, metavar="TEMPLATE", help="template id (see the Templates page)")
    p.add_argument("--id", required=True, metavar="ID", help="the new runbook's id, e.g. acme-production")
    p.add_argument("--title", help="page title (default: the template's)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="a *.runbook.yml file, or an existing folder to write ID.runbook.yml in (default: stdout)")
    p.add_argument("--templates", metavar="DIR", help="templates directory (default: from mkdocs.yml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

"""Build a project's real site in-process with MkDocs or ProperDocs (for `runbooks pdf`).

The PDF must look exactly like the site (theme, extensions, CSS), so the CLI
builds the real site rather than a look-alike. This is an adapter, like
plugin.py: the core never imports MkDocs.
"""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path

from mkdocs_runbooks.project.engines import engine_name, prefer_for


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build_into(config_file: Path, site_dir: Path, language: str | None = None) -> str | None:
    """Build ``config_file``'s site into ``site_dir``; the error text on failure, else None.
    ``language`` (a BCP 47 tag) replaces the config's ``theme.language``: theme and runbooks alike.

    The engine is the one the config is named for (properdocs.yml: ProperDocs), else MkDocs,
    else ProperDocs: whichever is installed (engine.py). Under ProperDocs, `mkdocs.*` imports
    of themes and plugins are redirected to it first, as the `properdocs` command does.
    """
    name = engine_name(prefer_for(config_file.name))
    if name == "properdocs":
        importlib.import_module("properdocs.replacement")
    build = importlib.import_module(f"{name}.commands.build").build
    load_config = importlib.import_module(f"{name}.config").load_config
    MkDocsException = importlib.import_module(f"{name}.exceptions").MkDocsException  # noqa: N806

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    keep = _Keep()
    logger = logging.getLogger(name)
    logger.addHandler(keep)
    cwd = os.getcwd()
    try:
        os.chdir(config_file.parent)  # as `mkdocs build` run beside its mkdocs.yml
        config = load_config(str(config_file), site_dir=str(site_dir))
        if language:
            config.theme["language"] = language
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError) as e:  # Abort, ConfigurationError, PluginError, unreadable files
        detail = "\n".join(keep.lines) or str(e)
        return detail.strip() or type(e).__name__
    finally:
        os.chdir(cwd)
        logger.removeHandler(keep)
    return None

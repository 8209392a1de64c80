"""Build a project's real MkDocs site in-process (for `runbooks pdf`).

The PDF must look exactly like the site (theme, extensions, CSS), so the CLI
builds the real site rather than a look-alike. This is an adapter, like
plugin.py: the core never imports MkDocs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build_into(config_file: Path, site_dir: Path) -> str | None:
    """Build ``config_file``'s site into ``site_dir``; the error text on failure, else None."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    keep = _Keep()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(keep)
    cwd = os.getcwd()
    try:
        os.chdir(config_file.parent)  # as `mkdocs build` run beside its mkdocs.yml
        config = load_config(str(config_file), site_dir=str(site_dir))
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

"""Options of the ``runbooks`` plugin (MkDocs or ProperDocs: whichever runs it, see engine.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_runbooks.mkdocs.engine import engine_module

if TYPE_CHECKING:  # the type checker reads MkDocs' classes; at run time they come from the running engine
    from mkdocs.config import config_options as c
    from mkdocs.config.base import Config
else:
    c = engine_module("config.config_options")
    Config = engine_module("config.base").Config


class RunbooksConfig(Config):
    """The `runbooks` plugin's options in mkdocs.yml (content/configuration.md documents each)."""
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (e.g. `enabled: !ENV [RUNBOOKS, true]`) without removing it."""

    templates_dir = c.Type(str, default="templates")
    """Directory of shared templates (`*.yml`), relative to mkdocs.yml."""

    assets = c.Type(bool, default=True)
    """Add the runbook CSS and JS to every page; turn off to ship your own."""

    template_pages = c.Type(bool, default=True)
    """Generate a page per template that lists the runbooks using it."""

    allow_html = c.Type(bool, default=False)
    """Render raw HTML written in runbook text (`<kbd>`, `<br>`); off, text is text: `<host>` shows as written."""

    cache = c.Type(bool, default=True)
    """Keep compiled pages in `cache_dir` so a rebuild (`mkdocs serve`) recompiles only what changed.
    Safe to delete at any time; `RUNBOOKS_CACHE=off` turns it off too."""

    cache_dir = c.Type(str, default=".cache/runbooks")
    """Folder of the cache, relative to mkdocs.yml."""

"""Options of the ``runbooks`` plugin (MkDocs or ProperDocs: whichever runs it, see engine.py)."""

from __future__ import annotations

from mkdocs_runbooks.mkdocs.engine import engine_module

c = engine_module("config.config_options")
Config = engine_module("config.base").Config


class RunbooksConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (e.g. `enabled: !ENV [RUNBOOKS, true]`) without removing it."""

    templates_dir = c.Type(str, default="templates")
    """Directory of shared templates (`*.yml`), relative to mkdocs.yml."""

    assets = c.Type(bool, default=True)
    """Give each runbook page its CSS and JS bundle (no other page loads them); turn off to ship your own."""

    template_pages = c.Type(bool, default=True)
    """Generate a page per template that lists the runbooks using it."""

    allow_html = c.Type(bool, default=False)
    """Render raw HTML written in runbook text (`<kbd>`, `<br>`); off, text is text: `<host>` shows as written."""

    strings = c.Type(dict, default={})
    """Override texts of the interface (toolbar, labels, notices, print heads): `{key: text}` for every
    language or `{de: {key: text}}` for one. The language is `theme.language`; keys: en.yml (i18n)."""

    cache = c.Type(bool, default=True)
    """Keep compiled pages in `cache_dir` so a rebuild (`mkdocs serve`) recompiles only what changed.
    Safe to delete at any time; `RUNBOOKS_CACHE=off` turns it off too."""

    cache_dir = c.Type(str, default=".cache/runbooks")
    """Folder of the cache, relative to mkdocs.yml."""

    runs_dir = c.Type(str, default="runs")
    """Folder of committed run files (`*.run.json`, the page's Export), relative to mkdocs.yml: each
    becomes a read-only run record page, listed on its runbook's page and on the site's "Runs" page."""

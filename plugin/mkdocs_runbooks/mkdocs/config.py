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
    """Give each runbook page its CSS and JS bundle (no other page loads them); turn off to ship your own."""

    template_pages = c.Type(bool, default=True)
    """Generate a page per template that lists the runbooks using it."""

    allow_html = c.Type(bool, default=False)
    """Render raw HTML written in runbook text (`<kbd>`, `<br>`); off, text is text: `<host>` shows as written."""

    changes = c.Type(bool, default=True)
    """End each runbook page with a "Changes" section read from git history (in a git work tree).
    `false`: no section, and the build never runs git (e.g. `changes: !ENV [RUNBOOKS_CHANGES, true]`)."""

    cache = c.Type(bool, default=True)
    """Keep compiled pages and the "Changes" diffs in `cache_dir`, so a rebuild (`mkdocs serve`) recompiles
    only what changed. Safe to delete at any time. `false` (or `RUNBOOKS_CACHE=off` in the environment,
    which wins): nothing is written, pages are kept in memory for one build."""

    cache_dir = c.Optional(c.Type(str))
    """Folder of that cache, relative to mkdocs.yml unless absolute. Unset: a folder of this project's own
    (its name and a hash of its path) under `$RUNBOOKS_CACHE_DIR` when set, else under the user's cache
    directory (`~/.cache/mkdocs-runbooks/` on Linux, via platformdirs). See project/cache.py `cache_folder`."""

    strings = c.Type(dict, default={})
    """Override texts of the interface (toolbar, labels, notices, print heads): `{key: text}` for every
    language or `{de: {key: text}}` for one. The language is `theme.language`; keys: en.yml (i18n)."""

    runs_dir = c.Type(str, default="runs")
    """Folder of committed run files (`*.run.json`, the page's Export), relative to mkdocs.yml: each
    becomes a read-only run record page, listed on its runbook's page and on the site's "Runs" page."""

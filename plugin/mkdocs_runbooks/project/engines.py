"""Which site engine is there: MkDocs 1.x or ProperDocs (its drop-in continuation).

A leaf that only looks (``importlib.util.find_spec``, ``sys.modules``) and imports no engine:
the project layer uses it to read a config file the engine's way, the adapters
(``mkdocs/engine.py``) to import the engine's modules.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

from mkdocs_runbooks.errors import RunbooksError

ENGINES = ("mkdocs", "properdocs")
#: config file names, in the order each engine looks for them (ProperDocs reads mkdocs.yml too)
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class EngineMissing(RunbooksError, ImportError):
    """Neither MkDocs nor ProperDocs is importable."""


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def engine_name(prefer: str | None = None) -> str:
    """The engine to import from: the one already running (its ``plugins`` module is loaded
    before it loads any plugin), else ``prefer`` if installed, else MkDocs, else ProperDocs."""
    if "properdocs.plugins" in sys.modules:  # also true under `properdocs`, which aliases mkdocs.*
        return "properdocs"
    if "mkdocs.plugins" in sys.modules:
        return "mkdocs"
    for name in (prefer, *ENGINES):
        if name and _installed(name):
            return name
    raise EngineMissing("this needs MkDocs or ProperDocs: pip install properdocs (or mkdocs)")


def prefer_for(config_file: str | None) -> str | None:
    """The engine a config file is named for: properdocs.yml -> ProperDocs."""
    if config_file and config_file.rsplit("/", 1)[-1].startswith("properdocs."):
        return "properdocs"
    return None


def installed_engines() -> list[str]:
    """The engines importable here, MkDocs first."""
    return [name for name in ENGINES if _installed(name)]

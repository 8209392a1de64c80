"""Which site engine the adapters talk to: MkDocs 1.x or ProperDocs (its drop-in continuation).

ProperDocs keeps MkDocs' module layout under ``properdocs.*`` (and its CLI
aliases ``mkdocs.*`` to it), so the adapters (plugin.py, config.py,
adapters/) import ``engine_module("plugins")`` instead of ``mkdocs.plugins``:
the classes then come from the engine that is running the build, and a
machine with only ProperDocs installed works. The core never imports either.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

ENGINES = ("mkdocs", "properdocs")
#: config file names, in the order each engine looks for them (ProperDocs reads mkdocs.yml too)
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class EngineMissing(ImportError):
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


def engine_module(sub: str, prefer: str | None = None) -> ModuleType:
    """``<engine>.<sub>``, e.g. ``engine_module("plugins")``."""
    return importlib.import_module(f"{engine_name(prefer)}.{sub}")


def prefer_for(config_file: str | None) -> str | None:
    """The engine a config file is named for: properdocs.yml -> ProperDocs."""
    if config_file and config_file.rsplit("/", 1)[-1].startswith("properdocs."):
        return "properdocs"
    return None


def installed_engines() -> list[str]:
    return [name for name in ENGINES if _installed(name)]

"""The site engine's modules for the adapters: MkDocs 1.x or ProperDocs (its drop-in continuation).

ProperDocs keeps MkDocs' module layout under ``properdocs.*`` (and its CLI
aliases ``mkdocs.*`` to it), so the adapters (plugin.py, config.py, files.py)
import ``engine_module("plugins")`` instead of ``mkdocs.plugins``: the classes
then come from the engine that is running the build, and a machine with only
ProperDocs installed works. Which engine is there is ``project/engines.py``'s
to say; the core never imports an engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs_runbooks.project.engines import EngineMissing, engine_name, prefer_for
from mkdocs_runbooks.project.layout import TolerantLoader


def engine_module(sub: str, prefer: str | None = None) -> ModuleType:
    """``<engine>.<sub>``, e.g. ``engine_module("plugins")``."""
    return importlib.import_module(f"{engine_name(prefer)}.{sub}")


def config_reader(config_file: Path) -> Callable[[], dict[str, Any]] | None:
    """The engine's own reader of a site config file (INHERIT, ``!ENV``), or None without an engine:
    what the CLI plugs into project/layout.py (``use_engine_reader``).

    The engine's loader is wrapped around the tolerant one: a ``!!python/name:`` tag of a theme
    extension that is not installed here stays plain data instead of failing the CLI.
    """
    try:
        yml = engine_module("utils.yaml", prefer_for(str(config_file)))
    except (EngineMissing, ImportError):
        return None
    loader = yml.get_yaml_loader(loader=TolerantLoader)

    def load() -> dict[str, Any]:
        with open(config_file, "rb") as fh:
            return yml.yaml_load(fh, loader) or {}

    return load

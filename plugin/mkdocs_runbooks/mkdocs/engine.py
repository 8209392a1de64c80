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
from types import ModuleType

from mkdocs_runbooks.project.engines import engine_name


def engine_module(sub: str, prefer: str | None = None) -> ModuleType:
    """``<engine>.<sub>``, e.g. ``engine_module("plugins")``."""
    return importlib.import_module(f"{engine_name(prefer)}.{sub}")

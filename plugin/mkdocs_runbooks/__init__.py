"""mkdocs-runbooks: structured YAML checklists compiled into runbook pages.

The core (load, resolve, check, render, diff, import) runs without MkDocs;
``plugin.py`` and ``config.py`` are the only MkDocs adapter modules.
"""

from __future__ import annotations

__version__ = "0.1.0"

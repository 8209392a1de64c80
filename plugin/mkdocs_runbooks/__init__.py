"""mkdocs-runbooks: structured YAML checklists compiled into runbook pages.

The package reads as the pipeline: ``format`` (the declaration), ``load``, ``resolve``,
``check``, ``render``, ``diff``, ``importer``, ``project`` (a whole docs_dir, cached) and the
adapters ``cli`` and ``mkdocs``. Only ``mkdocs/`` imports an engine (MkDocs 1.x or ProperDocs).
"""

from __future__ import annotations

__version__ = "0.1.0"

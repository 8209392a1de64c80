"""`runbooks new`: start a project's variant from a template."""

from __future__ import annotations

import json
from typing import Any

from mkdocs_runbooks.format.source import SourceRunbook
from mkdocs_runbooks.format.spec import SCHEMA_COMMENT
from mkdocs_runbooks.resolve.templates import Entry


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps("" if value is None else str(value), ensure_ascii=False)  # JSON strings are YAML


def variant_source(entry: Entry, decls: dict[str, dict[str, Any]], runbook_id: str, title: str | None = None) -> str:
    """A variant file that extends ``entry`` and lists its parameters."""
    model = entry.model
    assert isinstance(model, SourceRunbook)
    lines = [SCHEMA_COMMENT, f"# A variant of template '{model.id}' ({entry.display}).",
             "# Add project-specific sections, or change the template's with remove/replace/insert/patch.",
             f"id: {runbook_id}", f"extends: {model.id}"]
    if title:
        lines.append(f"title: {_yaml_scalar(title)}")
    lines.append("version: 1.0.0")
    required = {n: d for n, d in decls.items() if d.get("required")}
    optional = {n: d for n, d in decls.items() if not d.get("required")}
    if decls:
        lines.append("vars:")
        for name, d in required.items():
            about = f"  # required: {d['description']}" if d.get("description") else "  # required"
            lines.append(f"  {name}: {_yaml_scalar(d.get('default', ''))}{about}")  # empty fails check until filled
        for name, d in optional.items():
            if d.get("secret"):
                lines.append(f"  # {name}: secret (always shown masked on pages); keep real secrets out of git")
                continue
            about = f"  # {d['description']}" if d.get("description") else ""
            lines.append(f"  # {name}: {_yaml_scalar(d.get('default'))}{about}")
    lines += ["meta:", "  owner: \"\"", "  environment: \"\"", "  last_updated:       # YYYY-MM-DD",
              "  next_review:        # YYYY-MM-DD",
              "# sections:        # project-only sections, appended after the template's",
              "# remove: []       # template element ids this project does not need",
              "# patch: {}        # e.g. {run-migrations: {command: \"make migrate\"}}", ""]
    return "\n".join(lines)

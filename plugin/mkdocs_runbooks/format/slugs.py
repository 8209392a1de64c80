"""The slug rule of the HTML contract (a leaf module).

Role slugs in ``data-rb-field="<signoff>/<role slug>/<field>"`` (DESIGN.md), contact roles matched
across template layers and the diff's contact keys all use ``slugify``. The importer makes ids with a
rule of its own (ASCII-folded, length-capped: ``importer.slug.id_slug``).
"""

from __future__ import annotations

import re

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ``text`` with every run of other characters than a-z and 0-9 made one ``-``; ``id`` when empty."""
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")
    return slug or "id"

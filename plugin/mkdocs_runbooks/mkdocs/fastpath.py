"""The site's Markdown setup, as render/direct.py needs it (an adapter, like plugin.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_runbooks.render.direct import Direct

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def direct_for(config: MkDocsConfig) -> Direct:
    """What runbook pages may skip of the page's Markdown pass under ``config``: its extensions
    and their options, and the plugins that edit a page's Markdown (``on_page_markdown``)."""
    events = getattr(config.plugins, "events", {}).get("page_markdown", [])
    editors = [type(getattr(handler, "__self__", handler)).__module__ for handler in events]
    return Direct(list(config.markdown_extensions), dict(config.mdx_configs or {}), editors)

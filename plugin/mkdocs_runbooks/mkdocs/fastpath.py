"""The site's Markdown setup, as render/direct.py needs it (an adapter, like plugin.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs_runbooks.render.direct import Direct

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

_last: tuple[str, Direct] | None = None


def direct_for(config: MkDocsConfig) -> Direct:
    """What runbook pages may skip of the page's Markdown pass under ``config``: its extensions
    and their options, and the plugins that edit a page's Markdown (``on_page_markdown``).

    The same setup as the last build (``mkdocs serve`` rebuilding) gets the same ``Direct``,
    with the code blocks it has converted, when nothing they were made from can change between
    builds (``Direct.reusable``)."""
    global _last
    events = getattr(config.plugins, "events", {}).get("page_markdown", [])
    editors = [type(getattr(handler, "__self__", handler)).__module__ for handler in events]
    extensions, configs = list(config.markdown_extensions), dict(config.mdx_configs or {})
    key = repr((extensions, sorted(configs.items(), key=lambda kv: str(kv[0])), editors))
    if _last is None or _last[0] != key or not _last[1].reusable:
        _last = (key, Direct(extensions, configs, editors))
    return _last[1]

"""Living next to other plugins: what generated pages carry so neighbours leave them alone.

Generated Markdown holds text that was already rendered by our own Jinja pass
(``{% raw %}{{ .Names }}{% endraw %}`` is now a literal ``{{ .Names }}``) and
attribute lists. A plugin that renders every page as Jinja again
(mkdocs-macros) would fail on them or eat the literal braces, so every
generated page opts out in its front matter, the switch mkdocs-macros reads
per page. Attribute lists are written ``{: #id }``, never ``{#id}``, which
Jinja would take for the start of a comment.
"""

from __future__ import annotations

#: Front matter of every generated page (runbook pages, template pages, procedures, pre-rendered pages).
GENERATED_FRONT_MATTER = "---\nrender_macros: false\n---\n\n"


def with_front_matter(markdown: str) -> str:
    """``markdown`` with GENERATED_FRONT_MATTER in front (once)."""
    return markdown if markdown.startswith(GENERATED_FRONT_MATTER) else GENERATED_FRONT_MATTER + markdown

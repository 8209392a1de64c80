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


_OPT_OUT = "render_macros: false\n"


def with_front_matter(markdown: str) -> str:
    """``markdown`` with the opt-out in its front matter: one block, merged into the page's own
    front matter when it has one (a second ``---`` block would be shown as text)."""
    if markdown.startswith("---\n"):
        head_end = markdown.find("\n---\n", 3)
        if head_end != -1 and _OPT_OUT not in markdown[4:head_end + 1]:
            return "---\n" + _OPT_OUT + markdown[4:]
        return markdown
    return GENERATED_FRONT_MATTER + markdown

"""Front-end assets shipped with the plugin (plain CSS and JS, no dependencies)."""

from __future__ import annotations

from importlib import resources

PREFIX = "assets/runbooks"
CSS = [f"{PREFIX}/runbooks.css", f"{PREFIX}/forms.css", f"{PREFIX}/runs.css", f"{PREFIX}/rollback.css"]
JS = [f"{PREFIX}/runbooks.js", f"{PREFIX}/runs.js", f"{PREFIX}/rollback.js"]
# print: last, so that paper rules win over the screen styles above
CSS.append(f"{PREFIX}/print.css")
JS.append(f"{PREFIX}/print.js")


#: fetched by runs.js on first use (switching runs, New run, Finish run, Export, Import): not on every page
LAZY = [f"{PREFIX}/runs-more.js"]


def files() -> dict[str, bytes]:
    """Docs-relative path -> content of every asset."""
    root = resources.files(__name__)
    return {uri: (root / uri.rsplit("/", 1)[1]).read_bytes() for uri in CSS + JS + LAZY}

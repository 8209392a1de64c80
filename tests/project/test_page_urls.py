"""Issue 12, building the site: two pages at one URL is a build error naming both sources, and the
generated templates catalog lives where a prose page about templates cannot clash with it."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort

TEMPLATE = "id: base\ntitle: Base\nsections:\n  - id: s\n    title: S\n    items: [{id: a, text: A}]\n"
RUNBOOK = "id: app\ntitle: App\nextends: base\n"


def test_prose_templates_page_and_catalog_both_published(site) -> None:  # type: ignore[no-untyped-def]
    built = site({"docs/templates.md": "# Templates and variants\n\nThe guide.\n", "templates/base.yml": TEMPLATE,
                  "docs/app.runbook.yml": RUNBOOK}, strict=True)
    assert "The guide." in built.html("templates")
    assert "Template: Base" in built.html("runbook-templates/base")
    assert "runbooks" in built.html("runbook-templates")  # the catalog's index


@pytest.mark.parametrize("files, both", [
    ({"docs/a.md": "# A\n", "docs/a/index.md": "# A too\n"}, ("'a.md'", "'a/index.md'")),
    ({"docs/app.runbook.yml": RUNBOOK, "templates/base.yml": TEMPLATE, "docs/app/index.md": "# App\n"},
     ("'docs/app.runbook.yml' (generated app.md)", "'app/index.md'")),
])
def test_two_pages_at_one_url_is_an_error(site, files, both) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Abort) as err:  # MkDocs turns our PluginError into an Abort, after logging it
        site(files)
    message = err.value.logs  # type: ignore[attr-defined]
    assert "two pages at one URL '/a/'" in message or "two pages at one URL '/app/'" in message
    for source in both:
        assert source in message, message

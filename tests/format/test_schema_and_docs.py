"""The shipped JSON Schema, the format reference page and the CLI page stay true to the code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build
from mkdocs_runbooks.format.schema import json_schema, schema_text
from mkdocs_runbooks.format.spec import SHAPES

SHIPPED = REPO / "plugin" / "mkdocs_runbooks" / "runbook.schema.json"


def test_shipped_schema_is_current() -> None:
    assert SHIPPED.read_text() == schema_text(), "run: runbooks schema -o plugin/mkdocs_runbooks/runbook.schema.json"


def test_schema_covers_every_spec_key() -> None:
    schema = json_schema()
    for name, spec in SHAPES.items():
        assert set(schema["$defs"][name]["properties"]) == set(spec), name
    # one schema for every file kind: a fragment is told apart by `fragment: true`
    assert schema["then"] == {"$ref": "#/$defs/fragment"} and schema["else"] == {"$ref": "#/$defs/runbook"}


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real example site, built once, strict."""
    out = tmp_path_factory.mktemp("example")
    import shutil

    for name in ("mkdocs.yml", "content", "templates", "site-overrides", "runs"):  # runs: the committed run records
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, out / name)
        elif src.exists():
            shutil.copy(src, out / name)
    mkdocs_build(out, strict=True)
    return out / "site"


def test_format_reference_page_documents_every_schema_key(example_site: Path) -> None:
    html = (example_site / "reference" / "format" / "index.html").read_text()
    schema = json_schema()
    shapes = {k: v["properties"] for k, v in schema["$defs"].items()}
    for shape, props in shapes.items():
        if shape == "include":
            assert "<code>include</code>" in html
            continue
        assert f'id="{shape}-keys"' in html, shape
        for key in props:
            assert f"<code>{key}</code>" in html, f"{shape}.{key} is not documented"


def test_cli_page_shows_real_help(example_site: Path) -> None:
    from mkdocs_runbooks.cli.main import get_parser

    html = (example_site / "reference" / "cli" / "index.html").read_text()
    sub = next(a for a in get_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        assert f"runbooks {name}" in html


def test_site_serves_its_schema(example_site: Path) -> None:
    served = json.loads((example_site / "schema" / "runbook-v1.json").read_text())
    assert served == json_schema()


def test_format_reference_states_typing_html_policy_limits_and_editor_setup(example_site: Path) -> None:
    """Generated from the code (docs_gen.py): the typing rules, the limits and the editor mapping."""
    import html as h

    from mkdocs_runbooks.format.spec import MAX_ITEMS, TYPING
    from mkdocs_runbooks.pipeline import SOURCE_SUFFIXES

    page = (example_site / "reference" / "format" / "index.html").read_text()
    text = h.unescape(page)
    for rule in TYPING.values():
        assert rule.split("`")[0].strip() in text, rule
    for suffix in SOURCE_SUFFIXES:
        assert f'"**/*{suffix}"' in text
    assert "yaml.schemas" in text and "yaml-language-server: $schema=../runbook-v1.json" in text
    assert f"{MAX_ITEMS:,} items" in text and 'id="text-is-text"' in page and "allow_html" in text
    assert "<!-- runbooks:" not in page  # every marker was expanded

"""Page building blocks from Jinja2 partials that a site's theme overrides (issue 17, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BASE_CONFIG
from mkdocs_runbooks.render.partials import NAMES, TemplateError, partials_for, shipped

RB = """\
id: demo
title: Demo
version: '1.0'
sections:
  - id: s
    title: S
    items:
      - {id: a, text: Do A, severity: critical, owner: Ops}
      - id: b
        text: Do B
        fields: [{id: n, type: number, unit: min}, {id: ok, type: yesno}]
signoff:
  - {id: go, title: Go, roles: [Lead], fields: [name, date]}
contacts:
  - {role: On call, email: oncall@example.com}
"""
THEMED = BASE_CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")


def test_every_partial_ships_and_compiles() -> None:
    partials = shipped()
    for name in NAMES:  # ours are compiled when first used (overrides at once): compile each here
        assert partials.template(name).name == f"runbooks/partials/{name}.html"
    assert set(partials.templates) == set(NAMES)
    root = Path(__file__).resolve().parents[2] / "plugin" / "mkdocs_runbooks" / "templates" / "runbooks" / "partials"
    assert {p.stem for p in root.glob("*.html")} == set(NAMES)


def test_an_override_in_custom_dir_changes_the_page(site) -> None:  # type: ignore[no-untyped-def]
    item = ('<div class="rb-item my-item" id="{{ id }}"><p>'
            '{% if checkable %}<input type="checkbox" data-rb-item="{{ id }}" data-rb-sig="{{ sig }}">{% endif %}'
            '<b>{{ text }}</b>{% if severity %} [{{ severity_label }}]{% endif %}</p>'
            '{{ command }}{{ fields }}{{ details }}{{ children }}</div>')
    built = site({"docs/demo.runbook.yml": RB, "overrides/runbooks/partials/item.html": item}, config=THEMED)
    html = built.html("demo")
    assert '<div class="rb-item my-item" id="a"><p><input type="checkbox" data-rb-item="a"' in html
    assert "<b>Do A</b> [critical]" in html  # the item's text is still the site's Markdown, in our markup
    assert 'data-rb-field="b/n"' in html  # the field partial (not overridden) still renders inside
    assert "rb-badge-critical" not in html
    # the other partials are ours
    assert 'class="rb-signoff-table"' in html and 'data-rb-toolbar' in html


def test_an_override_is_used_again_after_it_changes(tmp_path: Path) -> None:
    (tmp_path / "runbooks" / "partials").mkdir(parents=True)
    target = tmp_path / "runbooks" / "partials" / "fields.html"
    target.write_text("<div class=one>{{ fields }}</div>", encoding="utf-8")
    first = partials_for([str(tmp_path)])
    target.write_text("<div class=two>{{ fields }}</div>", encoding="utf-8")
    second = partials_for([str(tmp_path)])
    assert first.digest != second.digest != shipped().digest
    assert second.render("fields", fields="x") == "<div class=two>x</div>"
    assert partials_for([str(tmp_path)]) is second  # unchanged: compiled once, reused


def test_a_broken_override_fails_the_build_with_its_file_and_line(site, caplog) -> None:  # type: ignore[no-untyped-def]
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((PluginError, Abort)):
        site({"docs/demo.runbook.yml": RB, "overrides/runbooks/partials/cover.html": "<p>\n{% if %}</p>"},
             config=THEMED)
    assert "cover.html:1: error: the partial cannot be read" in caplog.text


def test_partials_compile_errors_are_template_errors(tmp_path: Path) -> None:
    (tmp_path / "runbooks" / "partials").mkdir(parents=True)
    (tmp_path / "runbooks" / "partials" / "item.html").write_text("{% for %}", encoding="utf-8")
    with pytest.raises(TemplateError):
        partials_for([str(tmp_path)])


_NASTY = st.text(st.sampled_from(list("<>&\"'ab {}%#")), min_size=1, max_size=20)


@settings(max_examples=80, deadline=None)
@given(label=_NASTY, unit=_NASTY, placeholder=_NASTY)
def test_autoescape_escapes_every_value_in_text_and_attributes(label: str, unit: str, placeholder: str) -> None:
    from markupsafe import escape

    from mkdocs_runbooks.format.model import Field
    from mkdocs_runbooks.render.controls import field_html

    html = field_html("i", Field(id="f", type="number", label=label, unit=unit, placeholder=placeholder))
    assert f'placeholder="{escape(placeholder)}"' in html
    assert f">{escape(label)}</label>" in html and f">{escape(unit)}</span>" in html
    assert html.count("<") == html.count(">")  # nothing a value holds opens or closes a tag

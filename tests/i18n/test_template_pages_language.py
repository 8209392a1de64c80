"""The template catalog's words come from the string table, shown exactly as the table (or a site) writes them."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from langscan import visible_text

from conftest import write_tree
from mkdocs_runbooks.i18n import Strings, english, strings_for
from mkdocs_runbooks.project.template_pages import render_template_pages
from mkdocs_runbooks.resolve.templates import Templates

TEMPLATE = """\
id: base
title: Deploy of {{ project }}
description: The shared deploy.
vars:
  project: {type: string, required: true, description: Project name}
  token: {type: string, secret: true, default: s3cret}
sections:
  - id: pre
    title: Pre-deploy
    items:
      - {id: health, text: Check health}
      - include: smoke
"""
FRAGMENT = "id: smoke\ntitle: Smoke tests\nitems:\n  - {id: ping, text: Ping}\n"
KEYS = ("templates.index_title", "templates.index_intro", "templates.outline", "templates.parameters",
        "templates.col_var", "templates.yes", "templates.secret", "templates.kind_template")


def _html_of(pages: dict[str, str]) -> str:
    return " ".join(visible_text(markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"]))
                    for text in pages.values())


def _templates(root: Path) -> Templates:
    write_tree(root, {"templates/base.yml": TEMPLATE, "templates/fragments/smoke.yml": FRAGMENT})
    return Templates(root / "templates", root=root)


def test_german_catalog_has_german_words(tmp_path: Path) -> None:
    de = strings_for("de")
    text = _html_of(render_template_pages(_templates(tmp_path), [], {}, de))
    for key in ("templates.index_intro", "templates.parameters", "templates.col_description", "templates.outline",
                "templates.yes", "templates.no", "templates.secret"):
        assert de[key] in text, key
    assert de.get("templates.used_by", n=0) in text and de.plural("templates.items", 1) in text
    assert "Vorlage: Deploy of ‹project›" in text and "Vorlage: Smoke tests" in text
    english_words = ["Parameters", "Used by", "Outline", "Shared templates", "Inherited ones", "(secret)", "No runbook"]
    assert not [w for w in english_words if w in text]
    assert [w for w in english_words if w in _html_of(render_template_pages(_templates(tmp_path), [], {}, english()))]


@settings(max_examples=40, deadline=None)
@given(key=st.sampled_from(KEYS),
       text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30)
       .filter(lambda t: t.strip() and not re.search(r"\{\w+\}", t)))
def test_any_text_is_shown_as_written(tmp_path_factory, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Markup characters in a translation or override are words: no emphasis, link, code or cell break."""
    root = tmp_path_factory.mktemp("tpl")
    strings = Strings("en", {**english().table, key: text})
    shown = _html_of(render_template_pages(_templates(root), [], {}, strings))
    assert " ".join(text.split()) in shown

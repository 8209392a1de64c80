"""The "Changes" section's own words come from the string table, in every language (issue 20, Language).

The example site is built outside git in the language scan, so it has no "Changes" section; this
renders the section directly (tests/diff/test_diff_history.py builds a German one from a real repo).
"""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st
from langscan import english_found, english_pieces, visible_text

from mkdocs_runbooks.diff.changelog import MAX_LISTED, NO_VERSION, UNRELEASED, Entry, changes_markdown
from mkdocs_runbooks.diff.changes import KINDS, AttrChange, Change
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.i18n import LANGUAGES, strings_for

ELEMENTS = ("runbook", "section", "item", "step", "procedure", "trigger", "signoff", "contact")
_ID = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
_OTHERS = [x for x in LANGUAGES if x != "en"]
#: the English pieces of the section's own texts, per language (computing them is the slow part)
_PIECES = {lang: {p: k for p, k in english_pieces(lang).items() if k.startswith("changes.")} for lang in _OTHERS}


@st.composite
def changes(draw: st.DrawFn) -> Change:
    kind = draw(st.sampled_from(KINDS))
    c = Change(kind, draw(st.sampled_from(ELEMENTS)), draw(_ID), before="xq", after="zq")
    if kind == "changed":
        c.attributes, c.details = ["command"], [AttrChange("command", draw(st.sampled_from([None, "df"])), "df -h")]
    if kind == "reworded":
        c.words = [("=", "xq "), ("-", "yq"), ("+", "zq")]
    return c


@settings(max_examples=40, deadline=None)
@given(lang=st.sampled_from(_OTHERS), listed=st.lists(changes(), min_size=1, max_size=8),
       label=st.sampled_from([UNRELEASED, NO_VERSION, "2.0.0"]), overflow=st.booleans())
def test_no_english_word_of_ours_in_the_changes_section(lang: str, listed: list[Change], label: str,
                                                        overflow: bool) -> None:
    entries = [Entry(label, "2026-11-30", "abc1234", [], listed * (MAX_LISTED + 1) if overflow else listed, "def5678")]
    s = strings_for(lang)
    out = changes_markdown(entries, Runbook("app"), s)
    text = visible_text(out.replace("{: #changes }", ""))  # the attribute list is MkDocs' to remove
    assert not english_found(text, _PIECES[lang])
    assert s["changes.title"] in text
    for c in listed:  # every change says what happened in the language's words
        assert html.escape(s.get(f"changes.{c.change}", what="\0", text="\0").split("\0")[0].strip(), quote=False) in text
    if label != "2.0.0":
        assert s["changes.unreleased" if label == UNRELEASED else "changes.no_version"] in text
    if overflow:
        assert "<code>runbooks diff def5678 abc1234</code>" in out
        assert s.get("changes.more", n=len(listed) * (MAX_LISTED + 1) - MAX_LISTED, command="\0").split("\0")[0] in text


def test_the_english_section_is_unchanged_in_shape() -> None:
    """English is the reference: the phrases the diff tests and readers know."""
    c = Change("added", "item", "lock", after="Lock deploys")
    out = changes_markdown([Entry(UNRELEASED, "2026-11-30", "abc1234", [], [c], "def5678")], Runbook("app", "App"))
    assert "## Changes {: #changes }" in out and "<strong>Unreleased</strong>" in out and "· 1 change</summary>" in out
    assert "<li>Added item <code>lock</code>: Lock deploys</li>" in out


def test_a_heading_given_replaces_the_sections_own() -> None:
    c = Change("removed", "section", "old", before="Old")
    out = changes_markdown([Entry("1.0.0", "d", "abc", [], [c], "def")], Runbook("app"), strings_for("de"),
                           heading="## Änderungen seit diesem Lauf {: #changes-since }")
    assert "## Änderungen seit diesem Lauf {: #changes-since }" in out and "#changes }" not in out
    assert "Entfernt: Abschnitt <code>old</code>: Old" in out

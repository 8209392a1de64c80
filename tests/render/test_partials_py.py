"""The Python versions of the hottest partials write exactly what the shipped templates write.

Issue 18 (build time): ``Partials.render`` calls render/partials_py.py for item, field and fields
when the site does not override them. Both must agree on every value, escaping included.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from mkdocs_runbooks.render.partials import partials_for, shipped
from mkdocs_runbooks.render.partials_py import FUNCTIONS

TEXT = st.text(alphabet="ab <>&\"'é-/", max_size=8)
HTML = st.one_of(st.just(""), TEXT.map(lambda t: Markup(f"<b>{t}</b>")))
MAYBE = st.one_of(st.just(""), TEXT)

ITEM = st.fixed_dictionaries({
    "ponr": HTML, "id": TEXT, "classes": TEXT, "origin": MAYBE, "checkable": st.booleans(), "checked": st.booleans(),
    "sig": TEXT, "described": MAYBE, "number": st.one_of(st.just(""), st.integers(1, 99)), "text": HTML,
    "severity": MAYBE, "severity_label": TEXT, "irreversible": st.booleans(), "irreversible_label": TEXT,
    "owner": MAYBE, "estimate": MAYBE, "rollback": HTML, "still_applies": HTML, "command": HTML, "fields": HTML,
    "details": HTML, "children": HTML,
})
FIELD = st.fixed_dictionaries({
    "key": TEXT, "kind": st.sampled_from(["text", "number", "date", "time", "datetime", "yesno", "choice",
                                          "signature", "textarea"]),
    "label": TEXT, "html_id": TEXT, "required": st.booleans(),
    "options": st.one_of(st.none(), st.lists(st.tuples(TEXT, TEXT), max_size=3)), "placeholder": MAYBE,
    "unit": MAYBE, "input_type": st.sampled_from(["text", "number", "date", "time", "datetime-local"]),
    "name_label": TEXT, "date_label": TEXT,
})


@settings(max_examples=300, deadline=None)
@given(values=ITEM)
def test_item_matches_its_template(values: dict[str, object]) -> None:
    p = shipped()
    assert p.render("item", **values) == p.render_template("item", **values)


@settings(max_examples=300, deadline=None)
@given(values=FIELD)
def test_field_matches_its_template(values: dict[str, object]) -> None:
    p = shipped()
    assert p.render("field", **values) == p.render_template("field", **values)


@settings(max_examples=50, deadline=None)
@given(values=st.fixed_dictionaries({"fields": HTML}))
def test_fields_matches_its_template(values: dict[str, object]) -> None:
    p = shipped()
    assert p.render("fields", **values) == p.render_template("fields", **values)


def test_python_is_used_only_where_nothing_is_overridden(tmp_path: Path) -> None:
    assert shipped().overridden == frozenset() and set(FUNCTIONS) <= {"item", "field", "fields"}
    (tmp_path / "runbooks" / "partials").mkdir(parents=True)
    (tmp_path / "runbooks" / "partials" / "item.html").write_text("<p>mine {{ id }}</p>", encoding="utf-8")
    themed = partials_for([str(tmp_path)])
    assert themed.overridden == frozenset({"item"})
    values = dict.fromkeys(("ponr", "origin", "described", "number", "severity", "owner", "estimate", "rollback",
                            "still_applies", "command", "fields", "details", "children"), "")
    values.update(id="x", classes="rb-item", checkable=True, checked=False, sig="s", text="T", severity_label="",
                  irreversible=False, irreversible_label="")
    assert themed.render("item", **values) == "<p>mine x</p>"  # the site's template, not ours in Python
    assert themed.render("fields", fields=Markup("<i>f</i>")) == shipped().render("fields", fields=Markup("<i>f</i>"))

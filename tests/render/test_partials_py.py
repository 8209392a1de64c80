"""The Python versions of the hottest partials write exactly what the shipped templates write.

Issue 18 (build time): ``Partials.render`` calls render/partials_py.py for rollback_map when
the site does not override them. Both must agree on every value, escaping included. (The item is
written straight from the model: tests/render/test_written_in_python.py.)
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

MAP = st.fixed_dictionaries({
    "t": st.fixed_dictionaries({k: TEXT for k in ("map.step", "map.rolled_back_by", "map.started_by",
                                                 "badge.irreversible")}),
    "rows": st.lists(st.tuples(HTML, st.booleans(), HTML, HTML), max_size=4),
})


@settings(max_examples=200, deadline=None)
@given(values=MAP)
def test_rollback_map_matches_its_template(values: dict[str, object]) -> None:
    p = shipped()
    assert p.render("rollback_map", **values) == p.render_template("rollback_map", **values)


def test_python_is_used_only_where_nothing_is_overridden(tmp_path: Path) -> None:
    assert shipped().overridden == frozenset() and set(FUNCTIONS) <= {"rollback_map"}
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

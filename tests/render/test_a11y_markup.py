"""Issue 20, for any runbook (Hypothesis): the accessibility wiring of the page markup holds together.

- every id named by aria-describedby, aria-controls or a label's ``for`` is on the page exactly once;
- a checkable item's box is described by its severity badge, its point-of-no-return badge and banner;
- a field with a unit is described by that unit;
- one live region on the page as built, the progress (notices become their own regions in runbooks.js).
The browser side of the same promises is in tests/browser/test_a11y_*.py.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_runbooks.pipeline import compile_text
from mkdocs_runbooks.render import render_page

SEVERITIES = [None, "critical", "high", "medium", "low"]
_REFS = ("aria-describedby", "aria-controls", "aria-labelledby")


class _Tree(HTMLParser):
    """ids, references and live regions (with their live ancestors) of an HTML text."""

    VOID = {"input", "br", "img", "hr", "meta", "link", "col", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, int] = {}
        self.refs: list[tuple[str, str, dict[str, str]]] = []
        self.live: list[tuple[dict[str, str], int]] = []  # (attrs, live ancestors)
        self.stack: list[bool] = []  # is each open element a live region?
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids[attrs["id"]] = self.ids.get(attrs["id"], 0) + 1
        for name in _REFS:
            for ref in attrs.get(name, "").split():
                self.refs.append((name, ref, attrs))
        if tag == "label" and attrs.get("for"):
            self.refs.append(("for", attrs["for"], attrs))
        is_live = "aria-live" in attrs or attrs.get("role") in ("status", "alert", "log", "marquee", "timer")
        if is_live:
            self.live.append((attrs, sum(self.stack)))
        if tag not in self.VOID:
            self.stack.append(is_live)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()


@st.composite
def runbooks(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 8))
    lines = ["id: rb", "title: A runbook", 'version: "1.0"', "sections:", "  - id: s1", "    title: Steps", "    items:"]
    for i in range(n):
        lines.append(f"      - id: it-{i}")
        lines.append(f"        text: Item {i}")
        kind = draw(st.sampled_from(["check", "step", "note"]))
        lines.append(f"        kind: {kind}")
        sev = draw(st.sampled_from(SEVERITIES))
        if sev:
            lines.append(f"        severity: {sev}")
        if draw(st.booleans()) and kind != "note":
            lines.append("        irreversible: true")
        if draw(st.booleans()):
            lines.append("        rollback: undo")
        if draw(st.booleans()):
            unit = draw(st.sampled_from(["", "MB", "min", "<b>%</b>"]))
            extra = f", unit: {unit!r}" if unit else ""
            lines.append(f"        fields: [{{id: f, type: number, label: Size{extra}}}, {{id: ok, type: yesno}}]")
    lines += ["procedures:", "  - id: undo", "    title: Undo", "    steps: [{id: undo-1, text: Undo it}]",
              "signoff: [{id: so, title: Sign, roles: [QA Lead], fields: [name, date]}]",
              "contacts: [{role: On call, name: '', phone: '', email: ''}]"]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(runbooks())
def test_accessibility_wiring_holds_for_any_runbook(source: str) -> None:
    compiled = compile_text(source, "rb.runbook.yml")
    assert compiled.runbook is not None, compiled.diagnostics
    rb = compiled.runbook
    tree = _Tree()
    tree.feed(render_page(rb).skeleton)
    # every reference resolves to exactly one element
    for name, ref, attrs in tree.refs:
        assert tree.ids.get(ref) == 1, (name, ref, attrs, tree.ids.get(ref))
    # each checkable item's box says its severity and its point of no return
    boxes = {a["data-rb-item"]: a for t, a in tree.elements if t == "input" and "data-rb-item" in a}
    for it in rb.sections[0].items:
        if not it.checkable:
            assert it.id not in boxes
            continue
        said = boxes[it.id].get("aria-describedby", "").split()
        assert (f"rb-sev-{it.id}" in said) == bool(it.severity), (it.id, said)
        assert (f"rb-nr-{it.id}" in said) == bool(it.irreversible), (it.id, said)
        banner = any(a.get("data-rb-ponr") == it.id for _, a in tree.elements)
        assert (f"rb-ponr-{it.id}" in said) == banner, (it.id, said)
        for ref in said:
            assert ref.endswith(it.id)
    # a unit describes its field
    for tag, attrs in tree.elements:
        if tag == "input" and attrs.get("data-rb-field", "").endswith("/f"):
            item = next(i for i in rb.sections[0].items if attrs["data-rb-field"] == f"{i.id}/f")
            unit = item.fields[0].unit
            assert (attrs.get("aria-describedby") == f"{attrs['id']}-unit") == bool(unit), (attrs, unit)
    # one live region, the progress, inside no other
    assert [("data-rb-announce" in a, depth) for a, depth in tree.live] == [(True, 0)]


def test_issue_cases_in_the_markup() -> None:
    """The issue's own cases: a critical box, a unit, the Print menu's semantics, the toolbar's target."""
    compiled = compile_text(
        "id: rb\ntitle: T\nsections:\n  - id: s\n    title: S\n    items:\n"
        "      - {id: go, text: Switch traffic, severity: critical, irreversible: true,"
        " fields: [{id: size, type: number, label: Backup size, unit: MB}]}\n",
        "rb.runbook.yml")
    assert compiled.runbook is not None
    html = render_page(compiled.runbook).skeleton
    assert 'aria-describedby="rb-sev-go rb-nr-go rb-ponr-go"' in html and 'id="rb-ponr-go"' in html
    assert '<span class="rb-badge rb-badge-critical" id="rb-sev-go">critical</span>' in html
    assert 'aria-describedby="rb-f-go--size-unit"' in html and 'id="rb-f-go--size-unit">MB</span>' in html
    assert 'aria-haspopup="menu"' in html and 'role="menu"' in html and html.count('role="menuitem"') == 2
    assert 'id="rb-toolbar"' in html

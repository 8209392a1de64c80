"""Golden files: the HTML of one element per item kind, field type and page block, from a real MkDocs build.

Each case names an element of the built page (by attribute); its outer HTML, normalised to one tag per
line, must equal ``tests/golden/<case>.html``. A change to page markup shows as a reviewable diff of
those files. After an intended change, regenerate them and review the diff:

    ./scripts/test tests/render/test_golden.py --update-golden
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import BASE_CONFIG, REPO, mkdocs_build, write_tree
from mkdocs_runbooks.format.spec import FIELD_TYPES, ITEM_KINDS

GOLDEN = REPO / "tests" / "golden"

RUNBOOK = """\
id: golden
title: Golden deploy
version: 2.0.0
meta:
  owner: Platform team
  environment: production
  last_updated: 2026-01-05
  next_review: 2099-01-01
  ticket: CHG-42
intro: What this runbook is for.
contacts:
  - {role: Primary on-call, name: Ada, phone: "+1 555 0100", email: ada@example.com, notes: 24/7}
triggers:
  - {id: errors-up, text: "Error rate > 1% for **5 minutes**", procedure: undo-deploy}
sections:
  - id: prep
    title: Preparation
    mode: read-do
    owner: SRE
    estimate: 10m
    intro: Before anything else.
    items:
      - {id: a-check, text: "Confirm the *change window*", severity: critical, owner: SRE, estimate: 2m}
      - {id: a-note, kind: note, text: "Traffic is low on Sundays"}
      - id: a-details
        text: Read the release notes
        details: |
          - breaking: none
          - see `CHANGELOG.md`
      - id: a-nested
        text: Check dependencies
        items:
          - {id: a-nested-db, text: Database reachable}
          - {id: a-nested-cache, text: Cache reachable, checked: true}
      - {id: f-text, text: Ticket, fields: [{id: v, type: text, label: Ticket id, placeholder: CHG-123, required: true}]}
      - {id: f-number, text: Error rate, fields: [{id: v, type: number, unit: "%"}]}
      - {id: f-date, text: Date, fields: [{id: v, type: date}]}
      - {id: f-time, text: Start time, fields: [{id: v, type: time}]}
      - {id: f-datetime, text: Freeze, fields: [{id: v, type: datetime}]}
      - {id: f-yesno, text: Backup verified, fields: [{id: v, type: yesno, na: true}]}
      - {id: f-choice, text: Region, fields: [{id: v, type: choice, options: [eu-west-1, us-east-1]}]}
      - {id: f-signature, text: Approved, fields: [{id: v, type: signature, label: Approver}]}
      - {id: f-textarea, text: Notes, fields: [{id: v, type: textarea}]}
  - id: ship
    title: Deploy
    mode: do-confirm
    deploy: true
    items:
      - {id: s-step, kind: step, text: Drain the node, command: "kubectl drain node-1", rollback: undo-deploy}
      - id: s-sql
        kind: step
        text: Migrate
        rollback: none
        rollback_reason: additive migration
        command: {lang: sql, code: "ALTER TABLE t ADD COLUMN c int;"}
      - {id: s-ponr, kind: step, text: Switch DNS, command: "dns switch", irreversible: true, rollback: undo-deploy}
procedures:
  - id: undo-deploy
    title: Undo the deploy
    owner: SRE
    estimate: 5m
    intro: Put the old version back.
    steps:
      - {id: u-one, kind: step, text: Roll back, command: "kubectl rollout undo deploy/app"}
      - {id: u-two, kind: step, text: Check health}
signoff:
  - {id: approvals, title: Approvals, roles: [Change manager, SRE lead]}
"""

#: case -> (attribute, value) of the element whose outer HTML is the golden
CASES: dict[str, tuple[str, str]] = {
    "item-check": ("id", "a-check"),
    "item-step": ("id", "s-step"),
    "item-note": ("id", "a-note"),
    "item-details": ("id", "a-details"),
    "item-nested": ("id", "a-nested"),
    "item-command-sql": ("id", "s-sql"),
    "item-irreversible": ("id", "s-ponr"),
    **{f"field-{t}": ("id", f"f-{t}") for t in FIELD_TYPES},
    "section": ("data-rb-section", "ship"),
    "procedure": ("data-rb-section", "undo-deploy"),
    "trigger": ("id", "errors-up"),
    "signoff": ("id", "approvals"),
    "contacts": ("class", "rb-contacts"),
    "cover": ("class", "rb-cover"),
}


def test_every_item_kind_and_field_type_has_a_golden() -> None:
    """A new kind or field type in the format needs its golden here."""
    covered = {v for a, v in CASES.values() if a == "id"}
    kinds = {"a-check": "check", "s-step": "step", "a-note": "note"}
    assert set(kinds.values()) == set(ITEM_KINDS) and set(kinds) <= covered
    assert {f"f-{t}" for t in FIELD_TYPES} <= covered


class _Outer(HTMLParser):
    """Offsets (start, end) in the text of the first element with ``attr`` equal to (or, for class,
    holding) ``value``."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, attr: str, value: str) -> None:
        super().__init__(convert_charrefs=False)
        self.attr, self.value = attr, value
        self.depth = 0
        self.start: tuple[int, int] | None = None
        self.end: tuple[int, int] | None = None

    def _matches(self, attrs: list[tuple[str, str | None]]) -> bool:
        for name, val in attrs:
            if name == self.attr and val is not None:
                return self.value in val.split() if name == "class" else val == self.value
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.end is not None or tag in self.VOID:
            return
        if self.start is None:
            if self._matches(attrs):
                self.start, self.depth = self.getpos(), 1
            return
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.start is None or self.end is not None or tag in self.VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            self.end = self.getpos()


def outer_html(page: str, attr: str, value: str) -> str:
    """The outer HTML of the first element with ``attr`` = ``value`` in ``page``."""
    parser = _Outer(attr, value)
    parser.feed(page)
    parser.close()
    assert parser.start is not None and parser.end is not None, f"no element with {attr}={value!r} in the page"
    lines = page.splitlines(keepends=True)
    offset = [0]
    for line in lines:
        offset.append(offset[-1] + len(line))
    begin = offset[parser.start[0] - 1] + parser.start[1]
    stop = offset[parser.end[0] - 1] + parser.end[1]
    return page[begin:page.index(">", stop) + 1]


def normalise(fragment: str) -> str:
    """One tag per line, no blank lines, no trailing spaces: diffs of goldens read tag by tag.
    ``<pre>`` blocks are kept as they are (their whitespace is what the reader sees)."""
    parts = re.split(r"(<pre\b.*?</pre>)", fragment.strip(), flags=re.S)
    text = "".join(p if p.startswith("<pre") else re.sub(r">\s*<", ">\n<", p) for p in parts)
    text = re.sub(r"(</pre>)", r"\1\n", re.sub(r"(<pre\b)", r"\n\1", text))
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("golden")
    write_tree(root, {"mkdocs.yml": BASE_CONFIG, "docs/index.md": "# Home\n", "docs/golden.runbook.yml": RUNBOOK})
    logs = mkdocs_build(root, strict=True)
    assert not [r for r in logs if r.levelname in ("WARNING", "ERROR")]
    return (root / "site" / "golden" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_rendered_html_matches_golden(page: str, case: str, request: pytest.FixtureRequest) -> None:
    got = normalise(outer_html(page, *CASES[case]))
    path = GOLDEN / f"{case}.html"
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run ./scripts/test tests/render/test_golden.py --update-golden"
    assert got == path.read_text(encoding="utf-8"), (
        f"{case}: the page's HTML differs from {path.relative_to(REPO)}; if the change is intended, run "
        "./scripts/test tests/render/test_golden.py --update-golden and review the diff")


def test_outer_html_finds_the_whole_element() -> None:
    html = '<div id="x"><div><br><input type="checkbox"></div><p>t</p></div><div id="y"></div>'
    assert outer_html(html, "id", "x") == html[: html.index('<div id="y">')]
    assert outer_html('<p class="a b">one\n<span>two</span></p>', "class", "b") == '<p class="a b">one\n<span>two</span></p>'
    assert normalise('<div>\n  <p>a</p>  \n\n<p>b</p></div>') == "<div>\n<p>a</p>\n<p>b</p>\n</div>\n"
    assert normalise('<div><pre><code>a  <b>x</b>\n  c</code></pre></div>') == (
        "<div>\n<pre><code>a  <b>x</b>\n  c</code></pre>\n</div>\n")

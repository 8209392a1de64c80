"""A run record page: one committed run file as a read-only page (Markdown with HTML blocks).

Every value from the file is escaped: a run file is data, never markup. Times are shown as
written in the file (the operator's local time and offset), so a record reads the same
wherever it is built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from markupsafe import escape

from mkdocs_runbooks.format import estimate as est
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.format.spec import INPUT_REF_PATTERN
from mkdocs_runbooks.render import section_stats
from mkdocs_runbooks.render.text import plain_text
from mkdocs_runbooks.runs.keys import PageKeys, page_keys
from mkdocs_runbooks.runs.read import Entry, RunFile
from mkdocs_runbooks.runs.spec import OUTCOMES

_REF = re.compile(INPUT_REF_PATTERN)

OUTCOME_LABEL = {"completed": "Completed", "aborted": "Aborted", "rolled back": "Rolled back", None: "Open"}
assert set(OUTCOMES) < set(OUTCOME_LABEL)


def _e(value: object) -> str:
    return str(escape(value))


def when(t: str | None) -> str:
    """'2025-01-21 10:02 +01:00' from an ISO time with offset; '' for None."""
    if not t:
        return ""
    try:
        d = datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        return t
    off = d.strftime("%z")
    return d.strftime("%Y-%m-%d %H:%M") + (f" {off[:3]}:{off[3:]}" if off else "")


def minutes_between(a: str | None, b: str | None) -> float | None:
    try:
        da, db = datetime.fromisoformat((a or "").replace("Z", "+00:00")), datetime.fromisoformat((b or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return (db - da).total_seconds() / 60


def duration(minutes: float | None) -> str:
    if minutes is None or minutes < 0:
        return ""
    m = round(minutes)
    return f"{m // 60} h {m % 60:02d} min" if m >= 60 else f"{m} min"


def outcome_badge(outcome: str | None) -> str:
    slug = (outcome or "open").replace(" ", "-")
    return f'<span class="rb-outcome rb-outcome-{slug}">{OUTCOME_LABEL.get(outcome, _e(outcome))}</span>'


def run_end(run: RunFile) -> str | None:
    return run.ended_at or (run.log[-1].at if run.log else None)


@dataclass
class RecordContext:
    runbook: Runbook | None
    runbook_link: str  # relative link from the record page to the runbook page ('' if none)
    run_file_link: str  # relative link to the published run file
    changes: str = ""  # Markdown: what changed in the runbook since the run's version
    allow_html: bool = False


def record_markdown(run: RunFile, ctx: RecordContext) -> str:
    rb = ctx.runbook
    keys = page_keys(rb) if rb is not None else PageKeys()
    title = plain_text(rb.title, ctx.allow_html) if rb is not None else run.title or run.runbook
    # the title as escaped front matter, as runbook pages do (render/fragments.py): Material's <title>
    # would unescape a title taken from the H1
    head = f"{run.name or run.id} · {title}"
    out = ["---", f"title: {json.dumps(_e(head), ensure_ascii=False)}", "---", "",
           f"# {md_text(run.name or run.id)} · {md_text(title)}", ""]
    rows = [
        ("Runbook", f"{_e(title)} · version {_e(run.version)}"),
        ("Outcome", outcome_badge(run.outcome)),
        ("Started", _e(when(run.started_at))),
        ("Ended", _e(when(run.ended_at)) or "not finished"),
        ("Duration", _e(duration(minutes_between(run.started_at, run_end(run))))),
        ("Operators", _e(", ".join(run.operators)) or "not named"),
    ]
    if run.note:
        rows.append(("Note", _e(run.note)))
    if run.site_version:
        rows.append(("Site version", _e(run.site_version)))
    cells = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows)
    out += [f'<div class="rb-run-record" data-rb-run-record="{_e(run.runbook)}" data-rb-run-id="{_e(run.id)}" data-search-exclude>',
            f'<dl class="rb-record-meta">{cells}</dl>', "</div>", ""]
    # Markdown links: the engine checks them and writes each as the site's URL style needs
    book = f"[{md_text(title)}]({ctx.runbook_link})" if ctx.runbook_link else md_text(title)
    out += [f'A run of {book} · [Download the run file]({ctx.run_file_link})', "{: .rb-record-nav }", ""]
    if rb is not None:
        out += _sections(run, rb, keys)
    out += _timeline(run, keys, rb, ctx.allow_html)
    out += _values(run, rb, keys, ctx.allow_html)
    if ctx.changes:
        out += [ctx.changes, ""]
    return "\n".join(out) + "\n"


def md_text(text: str) -> str:
    """Text for a Markdown heading: escaped HTML, Markdown marks taken literally."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!" else c for c in _e(text))


def _sections(run: RunFile, rb: Runbook, keys: PageKeys) -> list[str]:
    """Time per top-level section: first to last change of its items, against its estimate."""
    times: dict[str, list[str]] = {}
    for e in run.log:
        owner = keys.section_of.get(e.key.split("/", 1)[0])
        if owner is not None:
            times.setdefault(owner, []).append(e.at)
    rows = []
    for s in rb.sections:
        st = section_stats(s)
        span = times.get(s.id, [])
        took = minutes_between(min(span), max(span)) if span else None
        over = took is not None and st.estimate is not None and took > st.estimate[1]
        cls = ' class="rb-over"' if over else ""
        rows.append(f"<tr><td>{_e(plain_text(s.title))}</td><td>{_e(est.format_range(st.estimate)) or '–'}</td>"
                    f"<td{cls}>{_e(duration(took)) if span else '–'}</td>"
                    f"<td>{_e(when(min(span))) if span else ''}</td></tr>")
    for p in rb.procedures:  # a procedure the run used (a trigger fired, a rollback ran)
        span = times.get(p.id, [])
        if span:
            rows.append(f"<tr><td>{_e(plain_text(p.title))}</td><td>{_e(p.estimate or '') or '–'}</td>"
                        f"<td>{_e(duration(minutes_between(min(span), max(span))))}</td><td>{_e(when(min(span)))}</td></tr>")
    return ["## Time per section {: #time-per-section }", "",
            '<div class="rb-record-sections"><table><thead><tr><th>Section</th><th>Estimate</th><th>Took</th>'
            f'<th>Started</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>', ""]


def _with_inputs(text: str, run: RunFile) -> str:
    """The item's text as the operator saw it: ``%{id}`` replaced by the run's input values."""
    if "%{" not in text:
        return text

    def value(m: re.Match[str]) -> str:
        v = run.fields.get(f"input:{m.group(1)}")
        return str(v.value) if v is not None and v.value != "" else m.group(0)
    return _REF.sub(value, text)


def _what(e: Entry, keys: PageKeys, rb: Runbook | None, allow_html: bool, run: RunFile) -> str:
    if e.key == "@operator":
        return f"took over as operator: {_e(e.value)}" if e.value else "cleared the operator"
    if e.key == "@trigger":
        t = next((t for t in rb.triggers if t.id == e.value), None) if rb is not None else None
        return "trigger fired: " + (f"“{_e(plain_text(t.text, allow_html))}”" if t else f"<code>{_e(e.value)}</code>")
    if e.key == "@outcome":
        return f"finished the run: {outcome_badge(str(e.value))}" + (f" ({_e(e.note)})" if e.note else "")
    it = keys.items.get(e.key)
    if isinstance(e.value, bool):
        name = f"“{_e(_with_inputs(plain_text(it.text, allow_html), run))}”" if it is not None else f"<code>{_e(e.key)}</code>"
        return ("ticked " if e.value else "unticked ") + name
    label = keys.fields.get(e.key)
    name = f"{_e(label)} (<code>{_e(e.key)}</code>)" if label else f"<code>{_e(e.key)}</code>"
    return f"set {name} to “{_e(e.value)}”" if e.value != "" else f"cleared {name}"


def _timeline(run: RunFile, keys: PageKeys, rb: Runbook | None, allow_html: bool) -> list[str]:
    rows = "".join(f'<tr><td><time datetime="{_e(e.at)}">{_e(when(e.at))}</time></td><td>{_e(e.by) or "–"}</td>'
                   f"<td>{_what(e, keys, rb, allow_html, run)}</td></tr>" for e in run.log)
    return ["## Timeline {: #timeline }", "",
            '<div class="rb-timeline"><table><thead><tr><th>When</th><th>Who</th><th>What</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>" if run.log else "<p>The run file has no log.</p>", ""]


def _values(run: RunFile, rb: Runbook | None, keys: PageKeys, allow_html: bool) -> list[str]:
    def text_of(k: str) -> str:
        it = keys.items.get(k)
        return _e(_with_inputs(plain_text(it.text, allow_html), run)) if it is not None else f"<code>{_e(k)}</code>"

    item_rows = "".join(
        f'<tr><td>{"☑" if v.value else "☐"}</td><td>{text_of(k)}</td><td>{_e(v.by or "")}</td>'
        f"<td>{_e(when(v.at))}</td></tr>" for k, v in run.items.items())
    label: Callable[[str], str] = lambda k: _e(keys.fields.get(k, k))  # noqa: E731
    field_rows = "".join(
        f"<tr><td>{label(k)}</td><td>{_e(v.value)}</td><td>{_e(v.by or '')}</td><td>{_e(when(v.at))}</td></tr>"
        for k, v in run.fields.items() if not _signoff_key(k, rb))
    out = ["## Items {: #items }", "",
           '<div class="rb-record-items"><table><thead><tr><th>Done</th><th>Item</th><th>By</th><th>When</th></tr></thead>'
           f"<tbody>{item_rows}</tbody></table></div>", ""]
    if field_rows:
        out += ["## Values {: #values }", "",
                '<div class="rb-record-values"><table><thead><tr><th>Field</th><th>Value</th><th>By</th><th>When</th></tr>'
                f"</thead><tbody>{field_rows}</tbody></table></div>", ""]
    if rb is not None and rb.signoff:
        out += _signoffs(run, rb)
    return out


def _signoff_key(k: str, rb: Runbook | None) -> bool:
    return rb is not None and any(k.startswith(b.id + "/") for b in rb.signoff)


def _signoffs(run: RunFile, rb: Runbook) -> list[str]:
    """The filled sign-off sheet, in the runbook page's own table classes (print.css styles it)."""
    from mkdocs_runbooks.format.slugs import slugify
    from mkdocs_runbooks.render.controls import Keys

    out = ["## Sign-off {: #sign-off }", "", '<div class="rb-signoffs">']
    for block in rb.signoff:
        roles, cols = Keys(), Keys()
        columns = [(c, cols.take(c)) for c in block.fields]
        head = "".join(f"<th>{_e(c.capitalize())}</th>" for c in block.fields)
        rows = []
        for role in block.roles:
            slug = roles.take(slugify(role))
            cells = []
            for _col, key in columns:
                v = run.fields.get(f"{block.id}/{slug}/{key}")
                cells.append(f"<td>{_e(v.value) if v else ''}</td>")
            rows.append(f'<tr><th scope="row">{_e(role)}</th>{"".join(cells)}</tr>')
        out.append(f'<div class="rb-signoff"><p><strong>{_e(plain_text(block.title))}</strong></p>'
                   f'<div class="rb-table-scroll"><table class="rb-signoff-table"><thead><tr><th>Role</th>{head}</tr>'
                   f'</thead><tbody>{"".join(rows)}</tbody></table></div></div>')
    out += ["</div>", ""]
    return out

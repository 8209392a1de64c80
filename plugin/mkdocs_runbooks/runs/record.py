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

from mkdocs_runbooks.format import estimate as est
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.format.spec import INPUT_REF_PATTERN
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.render import section_stats
from mkdocs_runbooks.render.escaping import escape_html as _e
from mkdocs_runbooks.render.text import plain_text
from mkdocs_runbooks.runs.keys import PageKeys, page_keys
from mkdocs_runbooks.runs.read import Entry, RunFile
from mkdocs_runbooks.runs.spec import OUTCOMES

_REF = re.compile(INPUT_REF_PATTERN)

#: outcome -> its string table key (the run bar's own words: js.runs.*); None is an open run
OUTCOME_KEY = {"completed": "js.runs.completed", "aborted": "js.runs.aborted", "rolled back": "js.runs.rolled_back",
               None: "runs.open"}
assert set(OUTCOMES) < set(OUTCOME_KEY)
_FIELD = re.compile(r"\{(\w+)\}")



def html_text(s: Strings, key: str, /, **values: str) -> str:
    """The text of ``key`` escaped as HTML, its ``{fields}`` filled with ``values`` (already HTML)."""
    return _FIELD.sub(lambda m: values[m.group(1)], _e(s[key]))


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
    """Minutes from ISO time ``a`` to ``b`` (negative if b is earlier); None if either is missing or not a time."""
    try:
        da = datetime.fromisoformat((a or "").replace("Z", "+00:00"))
        db = datetime.fromisoformat((b or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return (db - da).total_seconds() / 60


def duration(minutes: float | None, s: Strings | None = None) -> str:
    """Minutes as "7 min" or "1 h 05 min" in the words of ``s`` (as runs.js says it); '' for None or < 0."""
    if minutes is None or minutes < 0:
        return ""
    s = s or english()
    m = round(minutes)
    return s.get("js.runs.h_min", h=m // 60, m=f"{m % 60:02d}") if m >= 60 else s.get("js.runs.min", m=m)


def outcome_badge(outcome: str | None, s: Strings | None = None) -> str:
    """The outcome as an HTML badge (class rb-outcome-<outcome>); an unknown outcome shown as written."""
    slug = _e((outcome or "open").replace(" ", "-"))
    key = OUTCOME_KEY.get(outcome)
    label = _e((s or english())[key]) if key else _e(outcome)
    return f'<span class="rb-outcome rb-outcome-{slug}">{label}</span>'


def run_end(run: RunFile) -> str | None:
    """When the run ended: its end time, else its last log entry's time; None for an empty open run."""
    return run.ended_at or (run.log[-1].at if run.log else None)


@dataclass
class RecordContext:
    """What a record page needs besides the run file: its runbook (None if gone), links, the site's words."""

    runbook: Runbook | None
    runbook_link: str  # relative link from the record page to the runbook page ('' if none)
    run_file_link: str  # relative link to the published run file
    changes: str = ""  # Markdown: what changed in the runbook since the run's version
    allow_html: bool = False
    strings: Strings | None = None  # the site language's texts; None: English


def record_markdown(run: RunFile, ctx: RecordContext) -> str:
    """The record page of ``run`` as Markdown with HTML blocks: facts, time per section, timeline, values."""
    rb, s = ctx.runbook, ctx.strings or english()
    keys = page_keys(rb) if rb is not None else PageKeys()
    title = plain_text(rb.title, ctx.allow_html) if rb is not None else run.title or run.runbook
    # the title as escaped front matter, as runbook pages do (render/fragments.py): Material's <title>
    # would unescape a title taken from the H1
    head = f"{run.name or run.id} · {title}"
    # the heading as HTML, not "# ...": the engine's permalink (¶) after a long title wrapped onto a
    # line of its own, an empty gap under the title, and a permalink to the page's own top is no use
    out = ["---", f"title: {json.dumps(_e(head), ensure_ascii=False)}", "---", "",
           f"<h1>{_e(run.name or run.id)} · {_e(title)}</h1>", ""]
    rows = [
        ("runs.runbook", html_text(s, "runs.at_version", title=_e(title), version=_e(run.version))),
        ("js.runs.outcome", outcome_badge(run.outcome, s)),
        ("runs.started", _e(when(run.started_at))),
        ("runs.ended", _e(when(run.ended_at)) or _e(s["runs.not_finished"])),
        ("runs.duration", _e(duration(minutes_between(run.started_at, run_end(run)), s))),
        ("runs.operators", _e(", ".join(run.operators)) or _e(s["runs.not_named"])),
    ]
    if run.note:
        rows.append(("js.runs.note", _e(run.note)))
    if run.site_version:
        rows.append(("runs.site_version", _e(run.site_version)))
    cells = "".join(f"<div><dt>{_e(s[k])}</dt><dd>{v}</dd></div>" for k, v in rows)
    out += [f'<div class="rb-run-record" data-rb-run-record="{_e(run.runbook)}" data-rb-run-id="{_e(run.id)}"'
            " data-search-exclude>",
            f'<dl class="rb-record-meta">{cells}</dl>', "</div>", ""]
    # Markdown links: the engine checks them and writes each as the site's URL style needs
    book = f"[{md_text(title)}]({ctx.runbook_link})" if ctx.runbook_link else md_text(title)
    nav = md_text(s["runs.a_run_of"]).replace("\\{book\\}", book)
    out += [f'{nav} · [{md_text(s["runs.download"])}]({ctx.run_file_link})', "{: .rb-record-nav }", ""]
    if rb is not None:
        out += _sections(run, rb, keys, s)
    out += _timeline(run, keys, rb, ctx.allow_html, s)
    out += _values(run, rb, keys, ctx.allow_html, s)
    if ctx.changes:
        out += [ctx.changes, ""]
    return "\n".join(out) + "\n"


def md_text(text: str) -> str:
    """Text for a Markdown heading: escaped HTML, Markdown marks taken literally."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!" else c for c in _e(text))


def _sections(run: RunFile, rb: Runbook, keys: PageKeys, s: Strings) -> list[str]:
    """Time per top-level section: first to last change of its items, against its estimate."""
    times: dict[str, list[str]] = {}
    for e in run.log:
        owner = keys.section_of.get(e.key.split("/", 1)[0])
        if owner is not None:
            times.setdefault(owner, []).append(e.at)
    rows = []
    for sec in rb.sections:
        st = section_stats(sec)
        span = times.get(sec.id, [])
        took = minutes_between(min(span), max(span)) if span else None
        over = took is not None and st.estimate is not None and took > st.estimate[1]
        cls = ' class="rb-over"' if over else ""
        rows.append(f"<tr><td>{_e(plain_text(sec.title))}</td><td>{_e(est.format_range(st.estimate)) or '–'}</td>"
                    f"<td{cls}>{_e(duration(took, s)) if span else '–'}</td>"
                    f"<td>{_e(when(min(span))) if span else ''}</td></tr>")
    for p in rb.procedures:  # a procedure the run used (a trigger fired, a rollback ran)
        span = times.get(p.id, [])
        if span:
            rows.append(f"<tr><td>{_e(plain_text(p.title))}</td><td>{_e(p.estimate or '') or '–'}</td>"
                        f"<td>{_e(duration(minutes_between(min(span), max(span)), s))}</td><td>{_e(when(min(span)))}</td></tr>")
    head = "".join(f"<th>{_e(s[k])}</th>" for k in ("runs.section", "runs.estimate", "runs.took", "runs.started"))
    return [f"## {md_text(s['runs.time_per_section'])} {{: #time-per-section }}", "",
            f'<div class="rb-record-sections"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>', ""]


def _with_inputs(text: str, run: RunFile) -> str:
    """The item's text as the operator saw it: ``%{id}`` replaced by the run's input values."""
    if "%{" not in text:
        return text

    def value(m: re.Match[str]) -> str:
        v = run.fields.get(f"input:{m.group(1)}")
        return str(v.value) if v is not None and v.value != "" else m.group(0)
    return _REF.sub(value, text)


def _what(e: Entry, keys: PageKeys, rb: Runbook | None, allow_html: bool, run: RunFile, s: Strings) -> str:
    if e.key == "@operator":
        return html_text(s, "runs.took_over", name=_e(e.value)) if e.value else _e(s["runs.cleared_operator"])
    if e.key == "@trigger":
        t = next((t for t in rb.triggers if t.id == e.value), None) if rb is not None else None
        return html_text(s, "runs.trigger_fired",
                         trigger=f"“{_e(plain_text(t.text, allow_html))}”" if t else f"<code>{_e(e.value)}</code>")
    if e.key == "@reset":
        return _e(s["runs.reset_run"])
    if e.key == "@outcome":
        return html_text(s, "runs.finished_run", outcome=outcome_badge(str(e.value), s)) + (f" ({_e(e.note)})" if e.note else "")
    it = keys.items.get(e.key)
    if isinstance(e.value, bool):
        name = f"“{_e(_with_inputs(plain_text(it.text, allow_html), run))}”" if it is not None else f"<code>{_e(e.key)}</code>"
        return html_text(s, "runs.ticked" if e.value else "runs.unticked", item=name)
    label = keys.fields.get(e.key)
    name = f"{_e(label)} (<code>{_e(e.key)}</code>)" if label else f"<code>{_e(e.key)}</code>"
    return html_text(s, "runs.set", field=name, value=_e(e.value)) if e.value != "" else html_text(s, "runs.cleared", field=name)


def _timeline(run: RunFile, keys: PageKeys, rb: Runbook | None, allow_html: bool, s: Strings) -> list[str]:
    rows = "".join(f'<tr><td><time datetime="{_e(e.at)}">{_e(when(e.at))}</time></td><td>{_e(e.by) or "–"}</td>'
                   f"<td>{_what(e, keys, rb, allow_html, run, s)}</td></tr>" for e in run.log)
    head = "".join(f"<th>{_e(s[k])}</th>" for k in ("runs.when", "runs.who", "runs.what"))
    return [f"## {md_text(s['runs.timeline'])} {{: #timeline }}", "",
            f'<div class="rb-timeline"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>" if run.log else f"<p>{_e(s['runs.no_log'])}</p>", ""]


def _values(run: RunFile, rb: Runbook | None, keys: PageKeys, allow_html: bool, s: Strings) -> list[str]:
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
    def head(*ks: str) -> str:
        return "".join(f"<th>{_e(s[k])}</th>" for k in ks)
    out = [f"## {md_text(s['runs.items'])} {{: #items }}", "",
           f'<div class="rb-record-items"><table><thead><tr>{head("runs.done", "runs.item", "runs.by", "runs.when")}</tr></thead>'
           f"<tbody>{item_rows}</tbody></table></div>", ""]
    if field_rows:
        out += [f"## {md_text(s['runs.values'])} {{: #values }}", "",
                f'<div class="rb-record-values"><table><thead><tr>{head("runs.field", "runs.value", "runs.by", "runs.when")}</tr>'
                f"</thead><tbody>{field_rows}</tbody></table></div>", ""]
    if rb is not None and rb.signoff:
        out += _signoffs(run, rb, s)
    return out


def _signoff_key(k: str, rb: Runbook | None) -> bool:
    return rb is not None and any(k.startswith(b.id + "/") for b in rb.signoff)


def _signoffs(run: RunFile, rb: Runbook, s: Strings) -> list[str]:
    """The filled sign-off sheet, in the runbook page's own table classes (print.css styles it)."""
    from mkdocs_runbooks.format.slugs import slugify
    from mkdocs_runbooks.render.controls import _SIGNOFF_LABELED, Keys

    out = [f"## {md_text(s['cover.signoff'])} {{: #sign-off }}", "", '<div class="rb-signoffs">']
    for block in rb.signoff:
        roles, cols = Keys(), Keys()
        columns = [(c, cols.take(c)) for c in block.fields]
        head = "".join(f"<th>{_e(s[f'col.{c}'] if c in _SIGNOFF_LABELED else c.capitalize())}</th>" for c in block.fields)
        rows = []
        for role in block.roles:
            slug = roles.take(slugify(role))
            cells = []
            for _col, key in columns:
                v = run.fields.get(f"{block.id}/{slug}/{key}")
                cells.append(f"<td>{_e(v.value) if v else ''}</td>")
            rows.append(f'<tr><th scope="row">{_e(role)}</th>{"".join(cells)}</tr>')
        out.append(f'<div class="rb-signoff"><p><strong>{_e(plain_text(block.title))}</strong></p>'
                   '<div class="rb-table-scroll"><table class="rb-signoff-table">'
                   f'<thead><tr><th>{_e(s["col.role"])}</th>{head}</tr>'
                   f'</thead><tbody>{"".join(rows)}</tbody></table></div></div>')
    out += ["</div>", ""]
    return out

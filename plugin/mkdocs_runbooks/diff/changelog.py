"""The "Changes" section's data and words: one entry per version of a page, and its Markdown.

Only the words are translated (keys ``changes.*`` of the string table); the runbook's own texts,
ids and version names are shown as written.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from enum import Enum

from mkdocs_runbooks.diff.changes import Change
from mkdocs_runbooks.format.model import Runbook, all_items, walk_sections
from mkdocs_runbooks.i18n import Strings, english

#: the newest version's list starts open only when it is this short
OPEN_UP_TO = 15


class Unnamed(Enum):
    """A version of the page with no version string of its own; its value is the string table key
    the page shows it with. A value of its own, never a string: a version literally named
    "Unreleased" is shown as written, not translated."""

    UNRELEASED = "changes.unreleased"  # changes after the last version, not released yet
    NO_VERSION = "changes.no_version"  # a commit that set the version to nothing


UNRELEASED, NO_VERSION = Unnamed.UNRELEASED, Unnamed.NO_VERSION
MAX_LISTED = 40  # changes listed per version; a rewrite would otherwise bury the page


@dataclass
class Entry:
    """One version of the page's history: the changes that led to it."""

    label: str | Unnamed  # the version ("2.1.0"), a tag ("v2.1.0"), or a version without a name
    date: str
    commit: str
    tags: list[str]
    changes: list[Change] = field(default_factory=list)
    since: str = ""  # the previous version's commit


def _say(st: Strings, key: str, /, **markup: str) -> str:
    """Text ``key`` as HTML: its words escaped, its fields filled with ready HTML."""
    marks = {name: f"\x00{name}\x00" for name in markup}
    text = html.escape(st.get(key, **marks), quote=False)
    for name, value in markup.items():
        text = text.replace(marks[name], value)
    return text


def _short(value: str | None, st: Strings) -> str:
    if value is None:
        return f"<em>{html.escape(st['changes.none'])}</em>"
    flat = " ".join(value.split())
    return f"<code>{html.escape(flat if len(flat) <= 60 else flat[:59] + '…')}</code>"


def _describe(c: Change, here: set[str], st: Strings) -> str:
    """One change in the page's language; attribute names and the runbook's own texts stay as written."""
    ident = f'<a href="#{c.id}">{html.escape(c.id)}</a>' if c.id in here and c.change != "removed" else \
        f"<code>{html.escape(c.id)}</code>"
    element = f"changes.element.{c.element}"
    name = html.escape(st[element] if element in st.table else c.element)
    what = f"{name} {ident}" if c.element != "runbook" else name
    if c.change == "reworded":
        text = "".join(html.escape(t) if op == "=" else f"<del>{html.escape(t)}</del>" if op == "-"
                       else f"<ins>{html.escape(t)}</ins>" for op, t in c.words or [])
    elif c.change == "moved":
        text = f"{html.escape(c.before or '')} → {html.escape(c.after or '')}"
    elif c.change == "changed":
        text = "; ".join(f"{html.escape(d.attribute)} {_short(d.before, st)} → {_short(d.after, st)}" for d in c.details)
    else:
        text = html.escape(" ".join(((c.after if c.change == "added" else c.before) or "").split()))
    return _say(st, f"changes.{c.change}", what=what, text=text)


def changes_markdown(entries: list[Entry], runbook: Runbook, strings: Strings | None = None,
                     heading: str | None = None) -> str:
    """The "Changes" section of a runbook page: one entry per version, from its git history.

    Its words come from ``strings`` (keys ``changes.*``; English if None); ``heading`` (a Markdown
    heading line) replaces the section's own ("Changes since this run" on a run record).
    """
    st = strings or english()
    here = {s.id for s in walk_sections(runbook.sections)} | {i.id for i in all_items(runbook)}
    here |= {p.id for p in runbook.procedures} | {t.id for t in runbook.triggers}
    heading = heading or f"## {html.escape(st['changes.title'])} {{: #changes }}"
    lines = ['<div class="rb-block rb-changes" data-search-exclude markdown>', "", heading, ""]
    for n, e in enumerate(entries):
        tag = f" ({html.escape(', '.join(e.tags))})" if e.tags and e.tags[0] != e.label else ""
        # the latest version opens, unless it is a wall (an import or a rewrite): then its count says enough
        opened = " open" if n == 0 and len(e.changes) <= OPEN_UP_TO else ""
        lines.append(f'<details class="rb-change-version"{opened}>')
        label = st[e.label.value] if isinstance(e.label, Unnamed) else e.label
        lines.append(f"<summary><strong>{html.escape(label)}</strong>{tag} · {e.date} · "
                     f"<code>{e.commit}</code> · {html.escape(st.plural('changes.count', len(e.changes)))}</summary>")
        lines.append("<ul>")
        lines.extend(f"<li>{_describe(c, here, st)}</li>" for c in e.changes[:MAX_LISTED])
        if len(e.changes) > MAX_LISTED:
            command = f"<code>runbooks diff {html.escape(e.since)} {html.escape(e.commit)}</code>"
            lines.append(f"<li>{_say(st, 'changes.more', n=str(len(e.changes) - MAX_LISTED), command=command)}</li>")
        lines.append("</ul>")
        lines.append("</details>")
        lines.append("")
    lines += ["</div>", ""]
    return "\n".join(lines)

"""Diff output: text (terminals), Markdown (pull request comments), JSON (contract)."""

from __future__ import annotations

import html
import json
import re

from mkdocs_runbooks.diff.changes import KINDS, Change, ProjectDiff, RunbookDiff
from mkdocs_runbooks.diff.words import plain

_TEXT_MARK = {"added": "+", "removed": "-", "moved": ">", "reworded": "~", "changed": "*"}
_MD_MARK = {"added": "➕", "removed": "➖", "moved": "↕️", "reworded": "✏️", "changed": "🔧"}


def _one_line(text: str | None, limit: int = 160) -> str:
    if text is None:
        return "(none)"
    flat = re.sub(r"\s*\n\s*", " ⏎ ", text.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _versions(r: RunbookDiff) -> str:
    b, a = r.version_before, r.version_after
    if r.status == "added":
        return a or ""
    if r.status == "removed":
        return b or ""
    return f"{b or '-'} → {a or '-'}" if b != a else (a or "")


def _headline(pd: ProjectDiff) -> str:
    changed = pd.changed
    by = {s: sum(1 for r in changed if r.status == s) for s in ("changed", "added", "removed")}
    if not changed:
        return f"no runbook changes between {pd.old_label} and {pd.new_label}"
    parts = [f"{n} {s}" for s, n in by.items() if n]
    n = len(changed)
    return f"{n} runbook{'s differ' if n != 1 else ' differs'} between {pd.old_label} and {pd.new_label}: {', '.join(parts)}"


# -- text ------------------------------------------------------------------------
def _text_change(c: Change, rid: str) -> list[str]:
    where = f" ({c.where})" if c.where and c.change in ("added", "removed") else ""
    origin = f" [template {c.origin}]" if c.origin and c.origin != rid else ""
    head = f"  {_TEXT_MARK[c.change]} {c.change:<8} {c.element} {c.id}{where}{origin}"
    if c.change in ("added", "removed"):
        return [f"{head}: {_one_line(c.after if c.change == 'added' else c.before)}"]
    if c.change == "moved":
        return [f"{head}: {c.before} → {c.after}"]
    if c.change == "reworded":
        return [f"{head}: {_one_line(plain(c.words or []), 400)}"]
    if len(c.details) == 1:
        d = c.details[0]
        return [f"{head} [{d.attribute}]: {_one_line(d.before)} → {_one_line(d.after)}"]
    lines = [f"{head} [{', '.join(c.attributes)}]"]
    lines += [f"      {d.attribute}: {_one_line(d.before)} → {_one_line(d.after)}" for d in c.details]
    return lines


def to_text(pd: ProjectDiff) -> str:
    """The diff as plain text for a terminal."""
    lines = [_headline(pd)]
    for t in pd.templates:
        who = f" ({', '.join(t.runbooks)})" if t.runbooks else ""
        lines.append(t.summary() + who)
    for r in pd.changed:
        ver = _versions(r)
        lines.append("")
        lines.append(f"runbook {r.id} ({r.source}){'  version ' + ver if ver else ''}: {r.status}")
        if r.status in ("added", "removed"):
            continue
        for c in r.changes:
            lines.extend(_text_change(c, r.id))
    return "\n".join(lines) + "\n"


# -- markdown --------------------------------------------------------------------
def _esc(text: str | None) -> str:
    return html.escape(_one_line(text), quote=False)


def _code(text: str | None) -> str:
    if text is None:
        return "*(none)*"
    flat = _one_line(text)
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def _words_html(c: Change) -> str:
    out = []
    for op, text in c.words or []:
        t = html.escape(text, quote=False).replace("\n", " ")
        out.append(t if op == "=" else f"<del>{t}</del>" if op == "-" else f"<ins>{t}</ins>")
    return "".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _md_change(c: Change, rid: str) -> str:
    mark = _MD_MARK[c.change]
    where = f" in {c.where}" if c.where and c.change in ("added", "removed") else ""
    origin = f" *(from template `{c.origin}`)*" if c.origin and c.origin != rid else ""
    head = f"- {mark} **{c.change}** {c.element} `{c.id}`{where}{origin}"
    if c.change in ("added", "removed"):
        return f"{head}: {_esc(c.after if c.change == 'added' else c.before)}"
    if c.change == "moved":
        return f"{head}: {c.before} → {c.after}"
    if c.change == "reworded":
        return f"{head}: {_words_html(c)}"
    return head + "".join(f"\n  - {d.attribute}: {_code(d.before)} → {_code(d.after)}" for d in c.details)


def to_markdown(pd: ProjectDiff) -> str:
    """The diff as Markdown (for pull-request comments)."""
    out = [f"### Runbook changes: `{pd.old_label}` → `{pd.new_label}`", ""]
    changed = pd.changed
    if not changed and not pd.templates:
        out.append("No runbook changes.")
        return "\n".join(out) + "\n"
    if changed:
        out.append("| Runbook | Status | Version | " + " | ".join(k.capitalize() for k in KINDS) + " |")
        out.append("|---|---|---|" + "---:|" * len(KINDS))
        for r in changed:
            counts = r.counts()
            nums = " | ".join(str(counts[k]) if r.status == "changed" else "" for k in KINDS)
            out.append(f"| `{r.id}` | {r.status} | {_cell(_versions(r))} | {nums} |")
        out.append("")
    if pd.templates:
        out.append("**Templates**")
        out.append("")
        for t in pd.templates:
            who = f": {', '.join(f'`{x}`' for x in t.runbooks)}" if t.runbooks else ""
            out.append(f"- {t.summary()}{who}")
        out.append("")
    for r in changed:
        n = len(r.changes)
        summary = f"<b>{html.escape(r.id)}</b> — {html.escape(r.title)}: {r.status}"
        if r.status == "changed":
            summary += f", {n} change{'s' if n != 1 else ''}"
        out.append(f"<details{' open' if len(changed) == 1 else ''}><summary>{summary}</summary>")
        out.append("")
        out.append(f"Source: `{r.source}`")
        out.append("")
        if r.status == "changed":
            out.extend(_md_change(c, r.id) for c in r.changes)
            out.append("")
        out.append("</details>")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- json --------------------------------------------------------------------------
def to_json(pd: ProjectDiff) -> str:
    """The diff as JSON (`runbooks diff --format json`)."""
    return json.dumps(pd.as_json(), indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": to_text, "markdown": to_markdown, "json": to_json}

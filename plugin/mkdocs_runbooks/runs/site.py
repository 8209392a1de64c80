"""The run archive of a site: a record page per committed run file, the "Runs" page, and each
runbook page's list of its past runs. What the plugin calls; knows nothing of MkDocs.

Only runbooks that have runs are compiled again here (a site of 1,000 runbooks and no runs pays
nothing but a folder listing).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from mkdocs_runbooks.diagnostics import Diagnostic
from mkdocs_runbooks.format.model import Runbook
from mkdocs_runbooks.i18n import Strings, english
from mkdocs_runbooks.pipeline import compile_source, display_path
from mkdocs_runbooks.render.text import plain_text
from mkdocs_runbooks.resolve.templates import Templates
from mkdocs_runbooks.runs.files import check_runs, find_runs
from mkdocs_runbooks.runs.read import RunFile
from mkdocs_runbooks.runs.record import (
    RecordContext,
    duration,
    html_text,
    md_text,
    minutes_between,
    outcome_badge,
    record_markdown,
    run_end,
    when,
)

if TYPE_CHECKING:
    from mkdocs_runbooks.diff.changelog import Entry
    from mkdocs_runbooks.diff.history import ChangeHistory
    from mkdocs_runbooks.project.build import SiteBuild

RUNS_PAGE = "runs/index.md"


@dataclass
class RunbookRef:
    """A runbook page of the site, for the runs that name its id."""

    uri: str  # the runbook page, docs-relative: "a/b.md"
    source: Path


@dataclass
class Listed:
    """One run as the lists show it: the run, its record page and its runbook's title."""

    run: RunFile
    uri: str  # the record page, docs-relative
    title: str  # the runbook's title


@dataclass
class RunArchive:
    """What the runs folder adds to a site: pages, files, each runbook page's runs, and what was wrong."""

    pages: dict[str, str] = field(default_factory=dict)  # docs-relative uri -> Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # published run files
    runs: dict[str, list[Listed]] = field(default_factory=dict)  # runbook page uri -> its runs, newest first
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def runbook_refs(build: SiteBuild, root: Path) -> dict[str, RunbookRef]:
    """Runbook id -> its page and source, for every runbook page of ``build`` (the ids runs may name)."""
    display = {p.source: p.src_uri for p in build.pages if p.loader is not None}
    return {s.id: RunbookRef(display[s.id_pos.path], root / s.id_pos.path)
            for s in build.summaries.values() if s.id_pos is not None and s.id_pos.path in display}


def _started(run: RunFile) -> datetime:
    try:
        d = datetime.fromisoformat(run.started_at.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def build_archive(runs_dir: Path | None, refs: dict[str, RunbookRef], templates_dir: Path | None, root: Path,
                  allow_html: bool = False, changes: bool = True, strings: Strings | None = None) -> RunArchive:
    """Every run file under ``runs_dir``, checked against the runbook it names (``refs``: id -> page).

    ``strings``: the site language's texts for the pages (None: English).
    """
    out, s = RunArchive(), strings or english()
    paths = find_runs(runs_dir)
    if not paths:
        return out
    templates = Templates(templates_dir, root=root)
    shown = {p: display_path(p, root) for p in paths}
    first = check_runs(paths, {}, shown)  # read only: which runbooks are needed
    wanted = {c.run.runbook for c in first if c.run is not None}
    books: dict[str, Runbook] = {}
    for rid in sorted(wanted & set(refs)):
        c = compile_source(refs[rid].source, templates, display_path(refs[rid].source, root))
        if c.runbook is not None:
            books[rid] = c.runbook
    history = _history(root, templates) if changes and books else None

    def at_version(rid: str, version: str) -> Runbook | None:
        try:
            return history.runbook_at_version(refs[rid].source, books[rid], version) if history else None
        except Exception:  # noqa: BLE001  (git trouble: check against the current version)
            return None

    checked = check_runs(paths, books, shown, at_version)
    for cr in checked:
        for d in cr.diagnostics.sorted():
            if d.code == "open-run":
                continue  # an open run is listed as open; `runbooks check` still says so
            (out.errors if d.severity == "error" else out.warnings).append(d)
        run = cr.run
        if run is None or cr.diagnostics.errors or run.runbook not in refs:
            continue
        ref, rb = refs[run.runbook], books.get(run.runbook)
        uri = f"runs/{run.runbook}/{run.id}.md"
        file_uri = f"runs/{run.runbook}/{run.id}.run.json"
        ctx = RecordContext(rb, posixpath.relpath(ref.uri, posixpath.dirname(uri)), f"{run.id}.run.json",
                            _changes(history, ref.source, rb, run, s) if rb is not None else "", allow_html, s)
        out.pages[uri] = record_markdown(run, ctx)
        out.files[file_uri] = cr.path.read_bytes()
        title = plain_text(rb.title, allow_html) if rb is not None else run.runbook
        out.runs.setdefault(ref.uri, []).append(Listed(run, uri, title))
    if history is not None:
        history.close()
    for listed in out.runs.values():
        listed.sort(key=lambda x: (_started(x.run), x.run.id), reverse=True)
    if out.runs:
        out.pages[RUNS_PAGE] = runs_page([x for xs in out.runs.values() for x in xs], s)
    return out


def _history(root: Path, templates: Templates) -> ChangeHistory | None:
    """The git history of the pages (as their "Changes" sections use it), or None outside git."""
    from mkdocs_runbooks.project.build import _history as history_of

    return history_of(root, templates, None)  # diffs of this build's "Changes" sections are cached there


def _changes(history: ChangeHistory | None, source: Path, rb: Runbook, run: RunFile, s: Strings) -> str:
    """What changed in the runbook since the run's version, from the pages' own "Changes" history."""
    head = f"## {md_text(s['runs.changes_since'])} {{: #changes-since }}"
    if run.version == (rb.version or ""):
        return f"{head}\n\n{html_text(s, 'runs.unchanged', version=str(escape(run.version)))}\n"
    entries: list[Entry] | None = None
    if history is not None:
        try:
            entries = history.entries_since(source, rb, run.version)
        except Exception:  # noqa: BLE001  (history is a nicety; git trouble never fails a build)
            entries = None
    if not entries:
        text = html_text(s, "runs.not_in_history", then=str(escape(run.version)), now=str(escape(rb.version or "")),
                         command="<code>runbooks diff</code>")
        return f"{head}\n\n{text}\n"
    from mkdocs_runbooks.diff.changelog import changes_markdown

    return changes_markdown(entries, rb, s, heading=head)


def _facts(x: Listed, with_runbook: bool, text: Callable[[str], str], s: Strings) -> str:
    run = x.run
    took = text(duration(minutes_between(run.started_at, run_end(run)), s))
    book = f" · {text(x.title)}" if with_runbook else ""
    return (f"{book} · {outcome_badge(run.outcome, s)} · {text(when(run.started_at))}{' · ' + took if took else ''}"
            f"{' · ' + text(', '.join(run.operators)) if run.operators else ''}")


def past_runs_html(listed: list[Listed], href: Callable[[str], str], strings: Strings | None = None) -> str:
    """The runbook page's "Past runs" block: newest first; ``href`` turns a docs uri into a link."""
    s = strings or english()
    rows = "".join(f'<li><a href="{escape(href(x.uri))}">{escape(x.run.name or x.run.id)}</a>'
                   f"{_facts(x, False, lambda t: str(escape(t)), s)}</li>" for x in listed)
    return (f'<div class="rb-block rb-past-runs" data-search-exclude><h2 id="past-runs">{escape(s["runs.past_runs"])}</h2>'
            f'<ul class="rb-runs-list">{rows}</ul></div>')


def runs_page(listed: list[Listed], strings: Strings | None = None) -> str:
    """The site-wide "Runs" page (Markdown): every run record, newest first, in the words of ``strings``."""
    s = strings or english()
    listed = sorted(listed, key=lambda x: (_started(x.run), x.run.id), reverse=True)
    rows = "\n".join(f"- [{md_text(x.run.name or x.run.id)}]({posixpath.relpath(x.uri, 'runs')})"
                     f"{_facts(x, True, md_text, s)}" for x in listed)
    intro = html_text(s, "runs.intro", file="<code>*.run.json</code>")
    return f"# {md_text(s['runs.title'])}\n\n<p>{intro}</p>\n\n{rows}\n"

"""Issue 15, done-when: runs made in Chromium, exported, committed into a project and built; the run
record page shows the timeline and the values exactly as exported, and the runbook page lists the run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from forms_helpers import PAGE, RUNBOOK, export_run, files, open_page
from test_runs import finish, new_run, runs

from mkdocs_runbooks.runs.record import when

pytestmark = pytest.mark.browser


def test_runs_from_the_page_become_records(context, site, serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    built = site(files())
    page = open_page(context, f"{serve(built.site)}/{PAGE}")
    exported = []
    for n, outcome in enumerate(["completed", "aborted", "rolled back"], 1):
        if n > 1:
            new_run(page)
        page.fill("[data-rb-run-name]", f"REL-{n}")
        page.fill("[data-rb-operator]", "Ada")
        page.keyboard.press("Tab")
        page.check("[data-rb-item=backup]")
        page.fill("[data-rb-field='backup/size'] >> nth=0", f"{n}0")
        page.keyboard.press("Tab")
        page.fill("[data-rb-operator]", "Bob")  # handover
        page.keyboard.press("Tab")
        page.check("[data-rb-item=migrate]")
        page.fill("[data-rb-field='approval/qa-lead/name']", "Grace <Hopper>")
        page.keyboard.press("Tab")
        finish(page, outcome, f"note {n}")
        exported.append(export_run(page))
    assert len(runs(page)) == 3 and not page.rb_errors

    # commit the files into a project (a copy of the test site) and build it
    project = tmp_path / "project"
    shutil.copytree(built.root, project, ignore=shutil.ignore_patterns("site"))
    for run in exported:
        (project / "runs").mkdir(exist_ok=True)
        (project / "runs" / f"deploy-{run['name'].lower()}.run.json").write_text(json.dumps(run, indent=2), encoding="utf-8")
    from conftest import mkdocs_build

    mkdocs_build(project, strict=True)
    site_dir = project / "site"
    for run in exported:
        html = (site_dir / "runs" / "deploy" / run["id"] / "index.html").read_text(encoding="utf-8")
        timeline = re.search(r'<div class="rb-timeline"><table>.*?</table>', html, re.S)
        assert timeline, run["name"]
        rows = re.findall(r'<tr><td><time datetime="([^"]*)">([^<]*)</time></td><td>([^<]*)</td><td>(.*?)</td></tr>',
                          timeline.group(0))
        assert [(at, shown, who) for at, shown, who, _ in rows] == [(e["at"], when(e["at"]), e["by"]) for e in run["log"]]
        whats = [w for *_, w in rows]
        ops = [w for w in whats if w.startswith("took over")]  # from run 2 on, Bob stays on from the run before
        assert ops == (["took over as operator: Ada"] if run["name"] == "REL-1" else
                       ["took over as operator: Bob", "took over as operator: Ada"]) + ["took over as operator: Bob"]
        assert "ticked “Take a backup”" in whats and "ticked “Run migrations”" in whats
        assert any(w.startswith("finished the run") and run["outcome"].capitalize() in w for w in whats)
        # every value, as exported
        for key, v in run["fields"].items():
            shown = v["value"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert f"<td>{shown}</td>" in html, key
        items = re.search(r'<div class="rb-record-items"><table>.*?</table>', html, re.S).group(0)
        for key, v in run["items"].items():
            mark = "☑" if v["checked"] else "☐"
            assert re.search(rf"<tr><td>{mark}</td><td>[^<]*</td><td>{re.escape(v['by'] or '')}</td>", items), key
        assert f"note {run['name'][-1]}" in html
    listing = (site_dir / "deploy" / "index.html").read_text(encoding="utf-8")
    past = re.search(r'<div class="rb-block rb-past-runs".*?</div>', listing, re.S).group(0)
    assert [n for n in re.findall(r">(REL-\d)</a>", past)] == ["REL-3", "REL-2", "REL-1"]
    assert "Rolled back" in past and "Aborted" in past and "Completed" in past
    # the record page prints as the filled sign-off sheet: Chromium's PDF holds the values
    rec = open_page_plain(context, f"{serve(site_dir)}/runs/deploy/{exported[0]['id']}/")
    pdf = rec.pdf(format="A4")
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Grace <Hopper>" in text and "REL-1" in text and "Completed" in text


def open_page_plain(context, url: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(url)
    page.emulate_media(media="print")
    return page


assert RUNBOOK  # the runbook the test site is built from

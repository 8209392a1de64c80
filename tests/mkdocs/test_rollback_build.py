"""Rollback in real MkDocs builds: links both ways, the point of no return, the map,
the site-wide procedures page, procedure forms, and --strict failing on every rule."""

from __future__ import annotations

import re

import pytest
from mkdocs.exceptions import Abort
from test_rollback_rules import CASES, where

DEPLOY = """\
id: deploy
title: Deploy
sections:
  - id: phase-1
    title: "Phase 1: Database migration"
    items:
      - id: run-migrations
        kind: step
        text: Run database **migrations**
        command: ./migrate
        rollback: db-rollback
      - id: drop-columns
        kind: step
        text: Drop the old columns
        irreversible: true
        command: ./drop
      - id: shift-traffic
        kind: step
        text: Shift traffic
        command: ./route green
        rollback: network#route-back
      - id: notify
        kind: step
        text: Notify
        command: ./notify
        rollback: none
        rollback_reason: Only a message
procedures:
  - id: db-rollback
    title: Database Rollback
    steps:
      - id: stop-app
        text: Stop the application
        fields:
          - {id: stopped-at, type: time, label: Stopped at}
          - {id: ok, type: yesno, label: Stopped cleanly}
triggers:
  - {id: error-rate, text: Error rate > 1% for 5 minutes, procedure: db-rollback}
"""

NETWORK = """\
id: network
title: Network
procedures:
  - id: route-back
    title: Route back
    steps: [{id: route-blue, kind: step, text: Route to blue}]
"""


def anchors(html: str) -> dict[str, str]:
    """id -> the whole start tag, for every element with an id."""
    return {m.group(2): m.group(0) for m in re.finditer(r"<(\w+)[^>]*\bid=\"([^\"]+)\"[^>]*>", html)}


def links(html: str, cls: str) -> list[str]:
    tags = re.findall(rf'<a [^>]*class="[^"]*\b{cls}\b[^"]*"[^>]*>', html)
    return [re.search(r'href="([^"]+)"', t).group(1) for t in tags]  # type: ignore[union-attr]


@pytest.fixture
def built(site):  # type: ignore[no-untyped-def]
    return site({"docs/ops/deploy.runbook.yml": DEPLOY, "docs/net/network.runbook.yml": NETWORK}, strict=True)


def test_step_to_rollback_and_back(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("ops/deploy")
    ids = anchors(html)
    # one click: the step's link lands on the procedure's way back to that very step
    assert links(html, "rb-to-rollback")[0] == "#db-rollback--from-run-migrations"
    back = ids["db-rollback--from-run-migrations"]
    assert 'href="#run-migrations"' in back and "rb-back" in back
    assert "run-migrations" in ids and "db-rollback" in ids
    # the way back sits inside the procedure, after its heading
    proc_at = html.index('id="db-rollback"')
    assert proc_at < html.index('id="db-rollback--from-run-migrations"') < html.index('id="stop-app"')
    # the trigger links the same way, and is listed as "Started by"
    assert "#db-rollback--from-error-rate" in links(html, "rb-to-procedure")
    assert 'href="#error-rate"' in ids["db-rollback--from-error-rate"]


def test_cross_runbook_links_both_ways(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("ops/deploy")
    assert "../../net/network/#route-back--from-deploy--shift-traffic" in links(html, "rb-to-rollback")
    other = built.html("net/network")
    back = anchors(other)["route-back--from-deploy--shift-traffic"]
    assert 'href="../../ops/deploy/#shift-traffic"' in back


def test_point_of_no_return_and_what_still_applies(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("ops/deploy")
    banner = html.index('data-rb-ponr="drop-columns"')
    assert banner < html.index('id="drop-columns"')
    ponr = html[banner: html.index('id="drop-columns"')]
    assert "Point of no return" in ponr and 'href="#db-rollback"' in ponr  # db-rollback stops applying
    assert "rb-irreversible" in anchors(html)["drop-columns"]
    # after it: shift-traffic's own rollback still applies; db-rollback does not
    seg = html[html.index('id="shift-traffic"'): html.index('id="notify"')]
    still = seg[seg.index("rb-still-applies"):]
    assert "network/#route-back" in still and "#db-rollback" not in still.split("</div>")[0]
    before = html[html.index('id="run-migrations"'): html.index('data-rb-ponr')]
    assert "rb-still-applies" not in before


def test_rollback_map_table(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("ops/deploy")
    table = html[html.index('id="rollback-map"'):]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    firsts = [re.search(r'href="#([^"]+)"', r).group(1) for r in rows]  # type: ignore[union-attr]
    assert firsts == ["run-migrations", "drop-columns", "shift-traffic", "notify"]
    assert 'href="#db-rollback"' in rows[0] and 'href="#error-rate"' in rows[0]
    assert "point of no return" in rows[1]
    assert "network/#route-back" in rows[2]
    assert "none: Only a message" in rows[3]


def test_procedures_are_forms(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("ops/deploy")
    proc = html[html.index('data-rb-section="db-rollback"'):]
    assert 'data-rb-total="1"' in proc[:200]
    assert 'data-rb-item="stop-app"' in proc
    assert 'data-rb-field="stop-app/stopped-at"' in proc
    assert proc.count('data-rb-field="stop-app/ok"') == 2


def test_site_page_lists_every_procedure(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("procedures")
    assert "Rollback procedures" in html
    for href in ('href="../ops/deploy/#db-rollback"', 'href="../net/network/#route-back"',
                 'href="../ops/deploy/#run-migrations"', 'href="../ops/deploy/#error-rate"',
                 'href="../ops/deploy/#shift-traffic"'):
        assert href in html, href


def test_site_page_names_a_few_steps_then_links_to_the_rest(site) -> None:  # type: ignore[no-untyped-def]
    steps = "".join(f"      - {{id: s{i}, text: Step {i}, kind: step, rollback: undo}}\n" for i in range(5))
    src = ("id: many\ntitle: Many\nsections:\n  - id: go\n    title: Go\n    items:\n" + steps
           + "procedures:\n  - id: undo\n    title: Undo\n    steps: [{id: u1, text: Undo it}]\n")
    built = site({"docs/many.runbook.yml": src}, strict=True)
    html = built.html("procedures")
    assert 'href="../many/#s0"' in html and 'href="../many/#s2"' in html
    assert 'href="../many/#s3"' not in html
    assert ">+2 more</a>" in html and 'href="../many/#undo"' in html
    assert built.html("many").count('class="rb-link rb-to-step rb-back"') == 5  # the page keeps them all


def test_no_site_page_without_procedures(site) -> None:  # type: ignore[no-untyped-def]
    src = "id: plain\ntitle: Plain\nsections:\n  - id: s\n    title: S\n    items: [{id: a, text: A}]\n"
    built = site({"docs/plain.runbook.yml": src}, strict=True)
    assert not (built.site / "procedures").exists()
    assert 'id="rollback-map"' not in built.html("plain")


@pytest.mark.parametrize("taken", ["docs/procedures.md", "docs/procedures/index.md"])
def test_site_page_moves_aside_for_a_user_page(site, taken: str) -> None:  # type: ignore[no-untyped-def]
    built = site({"docs/ops/deploy.runbook.yml": DEPLOY, "docs/net/network.runbook.yml": NETWORK,
                  taken: "# My own procedures page\n"}, strict=True)
    assert "My own procedures page" in built.html("procedures")
    assert 'href="../ops/deploy/#db-rollback"' in built.html("rollback-procedures")


@pytest.mark.parametrize("code", sorted(CASES))
def test_strict_build_fails_on_each_rule(site, code: str) -> None:  # type: ignore[no-untyped-def]
    text, needle, severity = CASES[code]
    line, col = where(text, needle)
    with pytest.raises(Abort) as err:
        site({"docs/app.runbook.yml": text}, strict=True)
    logs = err.value.logs  # type: ignore[attr-defined]
    assert f"docs/app.runbook.yml:{line}:{col}: {severity}: " in logs and f"[{code}]" in logs, logs


@pytest.mark.parametrize("code", [c for c in sorted(CASES) if CASES[c][2] == "warning"])
def test_warnings_build_without_strict(site, code: str) -> None:  # type: ignore[no-untyped-def]
    built = site({"docs/app.runbook.yml": CASES[code][0]})
    assert any(f"[{code}]" in w for w in built.warnings)
    assert (built.site / "app" / "index.html").exists()

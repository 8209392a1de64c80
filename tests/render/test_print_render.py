"""Print support in the rendered HTML (no browser): numbers, cover, running heads, CLI errors."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_runbooks.render.cover import css_string
from mkdocs_runbooks.render.numbers import mark_own_number

RUNBOOK = """\
id: ship
title: Ship "{{ project }}" </style><script>alert(1)</script>
version: 3.1.0
vars: {project: Acme}
meta: {owner: Release Manager, environment: staging, target_date: 2025-07-01}
sections:
  - id: prep
    title: "2.1 Preparation"
    estimate: 10 min
    items:
      - {id: backup, text: Take a backup, rollback: db-rollback}
    sections:
      - id: prep-db
        title: Database
        items: [{id: migrate, text: Migrate, kind: step, rollback: db-rollback}]
  - id: deploy
    title: Deploy
    estimate: 20 min
    items: [{id: flip, text: Flip traffic, rollback: none, rollback_reason: stateless switch}]
procedures:
  - {id: app-rollback, title: App Rollback, steps: [{id: redeploy, text: Redeploy}]}
  - {id: db-rollback, title: Database Rollback, steps: [{id: restore, text: Restore}]}
triggers:
  - {id: errors, text: Errors up, procedure: db-rollback}
signoff:
  - {id: go, title: Go decision, roles: [Engineering Manager, QA Lead], fields: [name, signature, date, time]}
contacts:
  - {role: On-call, name: "", phone: "", email: ""}
"""


def _tight(html: str) -> str:
    """md_in_html re-indents raw HTML; compare without the whitespace between tags."""
    return re.sub(r">\s+<", "><", html)


def _numbers(html: str) -> dict[str, str]:
    out = {}
    for tag in re.findall(r"<h\d [^>]*>", html):
        ident, num = re.search(r' id="([^"]+)"', tag), re.search(r' data-rb-number="([^"]+)"', tag)
        if ident and num:
            out[ident[1]] = num[1]
    return out


def test_sections_and_blocks_are_numbered(site) -> None:
    html = site({"docs/ship.runbook.yml": RUNBOOK}).html("ship")
    nums = _numbers(html)
    assert nums["prep"] == "1" and nums["prep-db"] == "1.1" and nums["deploy"] == "2"
    # the blocks after the sections continue the count; procedures and sign-offs are sub-numbered
    assert nums["rollback-triggers"] == "3" and nums["procedures"] == "4"
    assert nums["app-rollback"] == "4.1" and nums["db-rollback"] == "4.2"
    assert nums["sign-off"] == "5" and nums["go-title"] == "5.1" and nums["contacts"] == "6"
    # cross-references carry the target's number for paper: "(§4.2)"
    refs = re.findall(r'<a [^>]*rb-to-(?:rollback|procedure)[^>]*>', html)
    assert refs and all('data-rb-ref="4.2"' in a for a in refs), refs
    # an author's own leading number is marked so print shows ours instead of both
    assert '<span class="rb-own-number">2.1</span> Preparation' in html


def test_cover_block_and_running_heads(site) -> None:
    html = _tight(site({"docs/ship.runbook.yml": RUNBOOK}).html("ship"))
    cover = html[html.index('<div class="rb-cover"'):]
    for key, value in [("version", "3.1.0"), ("project", "Acme"), ("environment", "staging"),
                       ("owner", "Release Manager"), ("target-date", "2025-07-01"), ("estimate", "30 min")]:
        assert f'data-rb-meta="{key}">{value}</dd>' in cover, key
    assert '<div class="rb-cover-signoffs">' in cover
    assert "<td>5.1</td>" in cover and "Engineering Manager, QA Lead" in cover
    assert "rb-cover-blanks" not in cover  # nothing left to fill in by hand
    # the page's own @page rule: title and version/environment as CSS strings, unable to close <style>
    style = re.search(r'<style class="rb-print-heads" media="print">(.*?)</style>', html, re.S)
    assert style, "no running-heads style"
    # text is text (issue 13): the title as written, escaped so that it cannot close <style>
    assert ('@top-left { content: "Ship \\"Acme\\" \\3c /style\\3e \\3c script\\3e alert(1)\\3c /script\\3e "; }'
            in style[1])
    assert "</style" not in style[1] and "<script>alert" not in html
    assert '@top-right { content: "v3.1.0 · staging"; }' in style[1]
    assert '<p class="rb-cover-title">Ship &#34;Acme&#34; &lt;/style&gt;&lt;script&gt;' in html  # escaped
    # the print rules ship with the plugin in a media=print stylesheet after the screen's, so that they win
    from mkdocs_runbooks import assets

    b = assets.bundle()
    css = re.findall(r'<link rel="stylesheet" href="([^"]*assets/runbooks/[^"]+\.css)"( media="print")?>', html)
    assert [(u.endswith(b.css_uri), u.endswith(b.print_uri), m) for u, m in css] == [
        (True, False, ""), (False, True, ' media="print"')], css
    assert "@page rb-a4{" in b.print_css.decode() and "@page rb-a4{" not in b.css.decode()
    assert "rbPrintPrepare" in b.tools.decode()  # print.js is in the page tools


def test_cover_leaves_blanks_for_missing_meta(site) -> None:
    bare = "id: bare\ntitle: Bare\nsections: [{id: s, title: S, items: [{id: a, text: A}]}]\n"
    html = _tight(site({"docs/bare.runbook.yml": bare}).html("bare"))
    blanks = re.search(r'<div [^>]*class="rb-header rb-cover-blanks"[^>]*>(.*?)</dl>', html, re.S)
    assert blanks, "missing meta should print as lines to fill in"
    assert re.findall(r"<dt>([^<]+)</dt><dd></dd>", blanks[1]) == [
        "Project", "Environment", "Owner", "Target date"]


def test_css_string_and_own_number() -> None:
    assert css_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c d"'
    assert "<" not in css_string("</style>")
    assert mark_own_number("3. Deploy") == '<span class="rb-own-number">3.</span> Deploy'
    assert mark_own_number("10 things to check") == "10 things to check"
    assert mark_own_number("Phase 1: Prep") == "Phase 1: Prep"


def test_pdf_without_browser_says_what_to_install(site, cli, monkeypatch, tmp_path: Path) -> None:
    built = site({"docs/ship.runbook.yml": RUNBOOK})
    monkeypatch.setenv("RUNBOOKS_CHROMIUM", str(tmp_path / "no-such-chromium"))
    out = tmp_path / "out.pdf"
    code, _, err = cli("pdf", str(built.root / "docs/ship.runbook.yml"), "-o", str(out), "--site", str(built.site))
    assert code == 1
    assert "no Chromium browser found" in err and "/usr/bin/chromium" in err and "apt-get install -y chromium" in err
    assert "Traceback" not in err and not out.exists()


def test_pdf_usage_errors(cli, tmp_path: Path) -> None:
    loose = tmp_path / "loose.runbook.yml"
    loose.write_text(RUNBOOK, encoding="utf-8")
    code, _, err = cli("pdf", str(loose), "-o", str(tmp_path / "x.pdf"), cwd=tmp_path)
    assert code == 2 and "not inside a MkDocs project" in err and "--site" in err
    code, _, err = cli("pdf", str(loose), "-o", str(tmp_path / "x.txt"), cwd=tmp_path)
    assert code == 2 and "-o must name a .pdf file" in err

"""Property test: any checklist-shaped Markdown imports into a runbook that checks and builds.

The generator writes documents the way people do: headings (some naming rollback,
triggers, contacts or sign-off), bullet and numbered lists nested two deep, boxes
as ``[ ]``/``[x]`` or glyphs, empty bullets, lines that start with ``>``, tables
with box and contact columns, tagged and untagged fences (commands and prose),
blanks, placeholders (``{{X}}``, ``<x>``, ``____``), choice lines, front matter,
CRLF and text in several languages.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_import_helpers import assert_invariant

from conftest import mkdocs_build
from mkdocs_runbooks.importer import import_markdown

WORDS = ["Deploy", "database", "backup", "verify", "service", "cache", "DNS", "TTL", "replica", "lag", "errors",
         "Datenbank", "sichern", "prüfen", "Bereitstellung", "Rückgängig", "despliegue", "copia", "revisar",
         "señal", "デプロイ", "確認", "バックアップ", "ロールバック", "error", "rate", "latency", "p99", "5%", "10",
         "minutes", "on-call", "owner", "approve", "release", "tag", "v2.1.0", "yes", "no", "NO", "on", "null",
         "true", "1.10", "2025-01-01", "#42", "a:b", "x?", "|", "&", "'q'", '"dq"', "@team", "`kubectl`",
         "{{SERVICE_NAME}}", "{{ env }}", "<host>", "<version>", "{% if x %}", "{{ .Values.tag }}", "ñ", "→",
         "**bold**", "_it_", "C:\\path", "100%", "~", "*", "!", "⬜", "✅", "—"]
HEADINGS = ["Pre-deployment checks", "Deployment", "Phase 1: Database migration (10-15 min)", "Rollback triggers",
            "Rollback procedure", "Release / rollback details", "Backup & recovery", "Emergency contacts",
            "Sign-off", "Approvals", "When to roll back", "Smoke tests", "Vorbereitung", "Verificación",
            "ロールバック手順", "Notes", "Trigger: {{SERVICE_NAME}}", "Contacts & escalation", "Post-deploy"]
BOXES = ["[ ]", "[x]", "[X]", "☐", "☑", "✅", "❌", "⬜"]
FENCES = [("bash", "kubectl rollout undo deploy/app\nkubectl get pods"), ("", "./deploy.sh --env prod"),
          ("", "Hi team, we are deploying now.\nExpect a short downtime."), ("text", "Approved by: ____  Date: ____"),
          ("sql", "SELECT 1;"), ("", "docker inspect --format '{{.State.Running}}' app"), ("yaml", "key: value")]

text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)
nonempty = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


@st.composite
def line_text(draw: st.DrawFn) -> str:
    """An item's text: words, sometimes a field, a choice or a leading '>'."""
    t = draw(text)
    extra = draw(st.sampled_from(["", "", "", ": ____", ": ____ min", ": YES / NO", ": ☐ A / ☑ B / ☐ C",
                                  ": [ ] Major | [ ] Minor", ": BLUE ☐ / GREEN ☐", ": ✅ / ❌", "> 5% for 10 min",
                                  "Owner: ______  Date: ______"]))
    if extra.startswith(">"):
        return f"{extra} {t}".strip()
    return (t + extra).strip() if extra and not extra[0].isalpha() else (f"{t} {extra}".strip() if extra else t)


@st.composite
def a_list(draw: st.DrawFn, depth: int = 0, indent: int = 0) -> list[str]:
    ordered = draw(st.booleans())
    out = []
    pad = " " * indent
    for n in range(draw(st.integers(1, 4))):
        marker = f"{n + 1}." if ordered else draw(st.sampled_from("-*+"))
        box = draw(st.sampled_from(["", "", *BOXES]))
        body = draw(line_text())
        out.append(pad + " ".join(p for p in (marker, box, body) if p))
        inner = indent + len(marker) + 1  # where this item's content starts: children line up there
        if depth < 2 and draw(st.integers(0, 4)) == 0:
            out.extend(draw(a_list(depth + 1, inner)))
        if draw(st.integers(0, 5)) == 0:
            lang, code = draw(st.sampled_from(FENCES))
            fpad = pad if ordered and draw(st.booleans()) else " " * inner  # unindented: after a step
            out += [fpad + "```" + lang, *[fpad + ln for ln in code.split("\n")], fpad + "```"]
    return out


@st.composite
def a_table(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["box", "contacts", "signoff", "plain", "status"]))
    if kind == "contacts":
        head = ["Role", "Name", "Phone", "Email"]
        rows = [[draw(nonempty), "Ana Ruiz", "+34 600 000 000", "ana@example.com"] for _ in range(draw(st.integers(1, 3)))]
    elif kind == "signoff":
        head = ["Role", "Name", "Signature", "Date"]
        rows = [[draw(nonempty), "", "", ""] for _ in range(draw(st.integers(1, 3)))]
    elif kind == "status":
        head = ["Task", "Status"]
        rows = [[draw(nonempty), draw(st.sampled_from(BOXES + ["Done", "Pending"]))] for _ in range(draw(st.integers(1, 3)))]
    elif kind == "box":
        head = ["Done", "Region", "Check"]
        rows = [[draw(st.sampled_from(BOXES)), draw(nonempty), draw(nonempty)] for _ in range(draw(st.integers(1, 3)))]
    else:
        head = ["Step", "Command"]
        rows = [[draw(nonempty), "`make`"] for _ in range(draw(st.integers(1, 3)))]
    esc = lambda c: c.replace("|", "\\|")  # noqa: E731
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + [
        "| " + " | ".join(esc(c) for c in r) + " |" for r in rows]


@st.composite
def a_block(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["list", "list", "list", "heading", "heading", "table", "fence", "para", "empty",
                                 "quote", "field"]))
    if kind == "list":
        return draw(a_list())
    if kind == "heading":
        return ["#" * draw(st.integers(2, 4)) + " " + draw(st.sampled_from(HEADINGS) | nonempty)]
    if kind == "table":
        return draw(a_table())
    if kind == "fence":
        lang, code = draw(st.sampled_from(FENCES))
        return ["```" + lang, *code.split("\n"), "```"]
    if kind == "empty":
        return ["-", "- ", "-"]
    if kind == "quote":
        return ["> " + draw(nonempty), ">", "> - [ ] " + draw(nonempty)]
    if kind == "field":
        return [draw(st.sampled_from(["**Version:** 1.10", "Owner: ____", "Date: ______", "Status: Done / Failed",
                                      "**Critical: roll back at once**", "Medium: fix forward:",
                                      "Roll back if:", "[ ] " + draw(nonempty)]))]
    return [draw(nonempty)]


@st.composite
def document(draw: st.DrawFn) -> str:
    lines: list[str] = []
    if draw(st.integers(0, 4)) == 0:
        lines += ["---", "title: " + draw(st.sampled_from(["Release", "'Über {{X}}'", "Deploy: prod"])), "owner: ops",
                  "---", ""]
    if draw(st.booleans()):
        lines += ["# " + draw(st.sampled_from(HEADINGS) | nonempty), ""]
    for block in draw(st.lists(a_block(), min_size=1, max_size=8)):
        lines += block + [""] * draw(st.integers(1, 2))
    eol = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return eol.join(lines)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(document())
def test_any_checklist_imports_checks_and_keeps_boxes(md: str) -> None:
    assert_invariant(md)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(document(), min_size=4, max_size=4))
def test_generated_imports_build_with_mkdocs(docs: list[str]) -> None:
    """A small batch through a real MkDocs build, all runbooks in one site."""
    files = {"mkdocs.yml": "site_name: T\ndocs_dir: docs\ntheme: {name: material}\nplugins: [search, runbooks]\n",
             "docs/index.md": "# Home\n"}
    for n, md in enumerate(docs):
        yaml_text = import_markdown(md, source=f"doc{n}.md", runbook_id=f"doc-{n}").yaml
        files[f"docs/doc{n}.runbook.yml"] = yaml_text
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, body in files.items():  # write_tree dedents; these must stay byte for byte
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(body, encoding="utf-8")
        mkdocs_build(root, strict=True)
        for n in range(len(docs)):
            assert (root / "site" / f"doc{n}" / "index.html").is_file()



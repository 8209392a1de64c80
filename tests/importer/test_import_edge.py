"""The importer on awkward input: encodings, list shapes, broken Markdown."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from ruamel.yaml import YAML

from conftest import FIXTURES
from mkdocs_runbooks.importer import SCHEMA_COMMENT, import_markdown
from mkdocs_runbooks.importer.emit import dump
from mkdocs_runbooks.importer.slug import IdPool
from mkdocs_runbooks.importer.slug import id_slug as slugify

FIX = FIXTURES / "import"


def load(name: str) -> Any:
    result = import_markdown((FIX / name).read_bytes(), source=name)
    assert result.yaml.startswith(SCHEMA_COMMENT + "\n")
    assert yaml.safe_load(result.yaml) == result.data
    assert YAML(typ="safe", pure=True).load(io.StringIO(result.yaml)) == result.data
    return result


def items_of(data: dict) -> list[dict]:
    out: list[dict] = []
    stack = list(data.get("sections", [])) + list(data.get("procedures", []))
    while stack:
        d = stack.pop(0)
        for key in ("items", "steps"):
            for it in d.get(key, []):
                out.append(it)
                stack.append(it)
        stack.extend(d.get("sections", []))
    return out


@pytest.mark.parametrize("name", sorted(p.name for p in FIX.glob("*.md")))
def test_every_fixture_imports(name: str) -> None:
    load(name)


def test_crlf() -> None:
    r = load("crlf.md")
    items = items_of(r.data)
    assert [i["text"] for i in items] == ["First thing", "Second thing"]
    assert items[1]["checked"] is True and items[1]["command"] == "echo hi\n"
    assert "\r" not in r.yaml


def test_bom_bytes_and_str() -> None:
    raw = (FIX / "bom.md").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    for value in (raw, raw.decode("utf-8")):
        r = import_markdown(value)
        assert r.data["title"] == "BOM runbook"


def test_mojibake_repaired() -> None:
    r = load("mojibake.md")
    sec = r.data["sections"][0]
    assert sec["title"] == "✅ Done (2/2)"
    texts = [i["text"] for i in sec["items"]]
    assert texts[0] == "Café menu checked – “quoted”"
    assert texts[1].startswith("⚠")
    assert any("cp1252" in w.message for w in r.warnings)


def test_genuine_accents_untouched() -> None:
    r = import_markdown("# Menü\n\n## Café\n\n- [ ] naïve façade – ok\n")
    assert r.data["sections"][0]["items"][0]["text"] == "naïve façade – ok"
    assert not r.warnings


def test_nested_and_loose_lists() -> None:
    r = load("lists.md")
    nested = r.data["sections"][0]["items"]
    parent = nested[0]
    assert [c["text"] for c in parent["items"]] == ["Child task one", "Child task two"]
    assert parent["items"][1]["checked"] is True
    assert parent["items"][1]["items"][0]["text"] == "Grandchild task"
    assert "plain detail bullet" in parent["details"]
    loose = nested[1]
    assert "second paragraph" in loose["details"] and loose["items"][0]["text"] == "Loose child"
    assert [i["text"] for i in nested[2:]] == ["Star bullet item", "Plus bullet upper X"]
    assert nested[3]["checked"] is True


def test_ordered_checkboxes_and_steps() -> None:
    r = load("lists.md")
    ordered, steps = r.data["sections"][1]["items"], r.data["sections"][2]["items"]
    assert [i["text"] for i in ordered] == ["Ordered checkbox one", "Ordered checkbox two", "Paren ordered checkbox"]
    assert "kind" not in ordered[0] and ordered[1]["checked"] is True
    assert steps[0] == {"id": "build-it", "text": "Build it", "kind": "step", "command": "make build\n"}
    assert steps[1]["command"] == {"lang": "sql", "code": "SELECT 1;\n"}
    assert steps[2]["kind"] == "step" and "command" not in steps[2]


def test_unclosed_fence_keeps_text_and_warns() -> None:
    r = load("unclosed.md")
    first, second = r.data["sections"][0]["items"]
    # CommonMark closes a fence at the end of its list item; the next item survives.
    assert first["command"] == "./deploy.sh\n" and second["text"] == "This line is swallowed by the fence"
    step = r.data["sections"][1]["items"][0]
    assert "Swallowed checkbox" in step["command"]
    assert any("never closed" in w.message for w in r.warnings)


def test_empty_file() -> None:
    for value in ("", b"", "\n\n", b"\xef\xbb\xbf"):
        r = import_markdown(value, source="notes/empty.md")
        assert r.data["title"] == "empty" and r.data["sections"] == []
        assert yaml.safe_load(r.yaml) == r.data
        assert r.warnings


def test_headings_only() -> None:
    r = load("headings.md")
    secs = r.data["sections"]
    assert [s["title"] for s in secs] == ["Phase 1: First", "Phase 2: Second"]
    assert [s["id"] for s in secs] == ["first", "second"]
    assert secs[0]["sections"][0]["id"] == "sub-one"
    assert secs[0]["sections"][0]["sections"][0]["title"] == "Deep"
    assert secs[1]["sections"][0]["title"] == "Skipped levels"


def test_weird_tables() -> None:
    r = load("tables.md")
    notes = [i for i in items_of(r.data) if i.get("kind") == "note"]
    assert any("| a | b |" in n["text"] and "| only one |" in n["details"] for n in notes)
    assert any("Not | a table" in n["text"] + (n.get("details") or "") for n in notes)
    signoff = {s["title"]: s for s in r.data["signoff"]}
    data_table = signoff["Data"]
    assert data_table["roles"] == ["Ops Lead", "Jane Doe (QA)"] and data_table["fields"] == ["signature", "date"]
    assert "# import: table columns/values kept in a note" in r.yaml
    assert signoff["Sign-off"]["roles"] == ["Release Manager"]


def test_forms_fields_severity_meta() -> None:
    r = load("forms.md")
    d = r.data
    assert d["version"] == "3.1" and d["meta"] == {"last_updated": "2025-02-01", "owner": "Platform Team"}
    run = d["sections"][0]
    assert run["items"][0]["fields"][0]["type"] == "date"
    checks = d["sections"][1]["items"]
    by_text = {i["text"]: i for i in checks}
    backup = by_text["Backup taken"]
    assert backup["severity"] == "critical" and backup["fields"][0] == {
        "id": "backup-taken", "type": "yesno", "label": "Backup taken", "na": True}
    assert by_text["Warm caches"]["severity"] == "low"
    disk = next(i for i in checks if i["text"].startswith("Disk usage"))
    assert [(f["type"], f.get("unit")) for f in disk["fields"]] == [("number", "GB"), ("number", "GB")]
    window = next(i for i in checks if i["text"].startswith("Window"))
    assert [f["label"] for f in window["fields"]] == ["Start", "End"]
    outcome = next(i for i in checks if i["text"].startswith("Outcome"))
    assert outcome["fields"][0]["options"] == ["Success", "Partial", "Rolled Back"]
    result = next(i for i in checks if i["text"].startswith("Result"))
    assert result["fields"][0]["options"] == ["Go", "No-Go"]
    notes = next(i for i in checks if i["text"].startswith("Notes"))
    assert notes["fields"][0]["type"] == "textarea"
    reviewed = next(i for i in checks if i["text"].startswith("Reviewed by"))
    assert [f["type"] for f in reviewed["fields"]] == ["text", "date"]
    assert d["procedures"][0]["title"] == "Rollback Procedure"
    assert d["triggers"] == [{"id": "error-rate-2", "text": "Error rate > 2%", "procedure": "rollback-procedure"}]
    assert d["contacts"][0] == {"role": "Primary", "name": "Jane Roe", "phone": "+1 555 0100", "email": "jane@example.com"}


def test_runbook_id_override_and_no_h1() -> None:
    r = import_markdown("## A\n\n- [ ] x\n", source="dir/my-list.md", runbook_id="custom")
    assert r.data["id"] == "custom" and r.data["title"] == "my-list"


def test_garbage_never_crashes() -> None:
    samples = ["- [", "```", "| |\n|-|", "#", "> - [ ] quoted\n>", "<div>\n- [ ] x", "\x00\x01", "1. [ ]", "- [ ]\n- [x]",
               "* * *\n***\n___", "---\ntitle: FM\n---\n# T\n", "---\n: bad: [\n---\n", "[ ] [ ] [ ]", "##### Deep\n# Top\n"]
    for s in samples:
        r = import_markdown(s)
        assert yaml.safe_load(r.yaml) == r.data, s


def test_slugs() -> None:
    assert slugify("Phase 1: Infrastructure Setup") == "phase-1-infrastructure-setup"
    long = slugify("word " * 30)
    assert len(long) <= 48 and not long.endswith("-") and long.endswith("word")
    pool = IdPool()
    assert [pool.take("1.1 Database Backup", numbered=True) for _ in range(3)] == [
        "database-backup", "database-backup-2", "database-backup-3"]
    assert pool.take("✅✅", fallback="section") == "section"


def test_emitter_quotes_tricky_scalars() -> None:
    tricky = ["yes", "No", "1.0", "2025-01-01", "a: b", "x #y", "- dash", "[list]", "{map}", "'q'", '"dq"', "@at", "`tick`",
              "null", "~", "0x1F", "tab\there", "nl\u2028sep", " lead", "trail ", "multi\nline\n", "  indented\nblock\n",
              "% pct", "*star", "&amp", "!bang", "|pipe", ">gt", "?q", ",comma", "end:", "emoji ✅", "\x7f", ""]
    data = {"id": "x", "list": tricky, "map": {f"k{i}": v for i, v in enumerate(tricky)},
            "fields": [{"id": "f", "label": v} for v in tricky]}
    text = dump(data, ["# header"])
    assert yaml.safe_load(text) == data
    assert YAML(typ="safe", pure=True).load(io.StringIO(text)) == data

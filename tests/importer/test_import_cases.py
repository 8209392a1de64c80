"""The twelve cases of issue 14, one test each; every one also holds the whole invariant."""

from __future__ import annotations

import textwrap
from typing import Any

import yaml
from test_import_helpers import assert_invariant

from mkdocs_runbooks.importer import ImportResult, import_markdown
from mkdocs_runbooks.importer.emit import dump


def imp(md: str) -> tuple[ImportResult, Any]:
    md = textwrap.dedent(md).lstrip("\n")
    result = import_markdown(md, source="case.md")
    compiled = assert_invariant(md, result)
    return result, compiled.runbook


def all_items(data: dict) -> list[dict]:
    out: list[dict] = []

    def walk(items: list[dict]) -> None:
        for it in items:
            out.append(it)
            walk(it.get("items", []))

    def secs(ss: list[dict]) -> None:
        for s in ss:
            walk(s.get("items", []))
            secs(s.get("sections", []))

    secs(data.get("sections", []))
    for p in data.get("procedures", []):
        walk(p.get("steps", []))
    return out


def test_1_checkboxes_in_table_cells() -> None:
    r, _ = imp("""
        # T
        ## Checks
        | Done | Region | Check |
        | --- | --- | --- |
        | [ ] | north | Lower the DNS TTL |
        | [x] | south | Replica lag under 5 s |
        """)
    items = r.data["sections"][0]["items"]
    assert [(i["text"], i.get("checked", False)) for i in items] == [
        ("Lower the DNS TTL (Region: north)", False), ("Replica lag under 5 s (Region: south)", True)]
    assert any("table with checkbox cells" in w.message for w in r.warnings)


def test_2_template_placeholders() -> None:
    r, rb = imp("""
        # Deploy {{SERVICE_NAME}}
        ## Prepare {{ SERVICE_NAME }}
        - [ ] Notify {{TEAM}} in <channel>
        - [ ] Check `docker inspect --format '{{.State.Running}}' app`
        ```bash
        helm upgrade app --set tag={{ .Values.tag }}
        ```
        """)
    assert r.data["vars"] == {"SERVICE_NAME": "{{SERVICE_NAME}}", "TEAM": "{{TEAM}}"}
    assert "# import: placeholder from the Markdown; set its value" in r.yaml
    # The page shows what the Markdown showed: vars are the placeholders, the rest is raw.
    assert rb.title == "Deploy {{SERVICE_NAME}}" and rb.sections[0].title == "Prepare {{SERVICE_NAME}}"
    texts = [i.text for i in rb.sections[0].items]
    assert texts[0] == "Notify {{TEAM}} in <channel>"
    assert texts[1] == "Check `docker inspect --format '{{.State.Running}}' app`"
    assert rb.sections[0].items[-1].command.code == "helm upgrade app --set tag={{ .Values.tag }}\n"
    assert "{% raw %}" in r.yaml


def test_3_empty_bullets_under_trigger_heading() -> None:
    r, rb = imp("""
        # T
        ## Rollback triggers
        Roll back when any of these happen:

        -
        - Error rate above 5%
        -

        ## Rollback procedure
        1. Revert
        """)
    assert [t.text for t in rb.triggers] == ["Error rate above 5%"]
    notes = [i for s in r.data["sections"] for i in s.get("items", [])]
    assert notes[0]["text"] == "Roll back when any of these happen:" and notes[0]["kind"] == "note"
    assert sum("empty bullet" in w.message for w in r.warnings) == 2


def test_4_trigger_line_starting_with_gt() -> None:
    _r, rb = imp("""
        # T
        ## Rollback triggers
        - > 5% errors for 10 minutes
        - >2s p99 latency
        ## Rollback procedure
        1. Revert
        """)
    assert [t.text for t in rb.triggers] == ["> 5% errors for 10 minutes", ">2s p99 latency"]


def test_5_heading_mentioning_rollback_stays_a_section() -> None:
    r, _ = imp("""
        # T
        ## Release / rollback details
        ### Release
        - [ ] Release notes written
        - [ ] Rollback plan reviewed
        ## Backup & recovery
        - [ ] Snapshot taken
        - [x] Restore tested
        ```
        pg_dump app > app.sql
        ```
        ## Rollback procedure
        - [ ] Revert the deploy
        """)
    titles = [s["title"] for s in r.data["sections"]]
    assert titles == ["Release / rollback details", "Backup & recovery"]
    assert r.data["sections"][0]["sections"][0]["items"][1]["text"] == "Rollback plan reviewed"
    assert [p["title"] for p in r.data["procedures"]] == ["Rollback procedure"]


def test_6_trigger_groups_by_severity() -> None:
    r, rb = imp("""
        # T
        ## Deploy
        - [ ] Ship it
        ## Rollback triggers
        **Critical: roll back at once**

        - Error rate above 5%
        - Data corruption

        **Medium: fix forward**

        - Minor UI glitch

        ### High
        - Latency doubled
        ## Rollback procedure
        1. Revert
        ## Release notes procedure
        1. Write notes
        """)
    texts = {t.text: t.procedure for t in rb.triggers}
    assert texts["Critical: roll back at once — Error rate above 5%"] == "rollback-procedure"
    assert texts["High — Latency doubled"] == "rollback-procedure"
    assert not any("glitch" in t for t in texts)  # "fix forward": not linked to a rollback
    glitch = next(i for i in all_items(r.data) if "glitch" in i["text"])
    assert glitch["kind"] == "note" and glitch["severity"] == "medium"
    assert "# import: procedure guessed" in r.yaml and any("by guess" in w.message for w in r.warnings)
    # No guess links a trigger to a section that is not a rollback.
    assert "Release notes procedure" in [s["title"] for s in r.data["sections"]]
    assert {t.procedure for t in rb.triggers} == {"rollback-procedure"}


def test_7_contacts_table() -> None:
    r, _ = imp("""
        # T
        ## Checks
        - [ ] one
        ## Emergency Contacts
        | Role | Name | Phone | Email |
        | --- | --- | --- | --- |
        | On-call | Ana Ruiz | +34 600 000 000 | ana@example.com |
        | DBA | Bo Li | +1 555 0100 | bo@example.com |
        """)
    assert r.data["contacts"] == [
        {"role": "On-call", "name": "Ana Ruiz", "phone": "+34 600 000 000", "email": "ana@example.com"},
        {"role": "DBA", "name": "Bo Li", "phone": "+1 555 0100", "email": "bo@example.com"}]
    assert "signoff" not in r.data


def test_8_choice_lines() -> None:
    r, _ = imp("""
        # T
        ## Checks
        - [ ] Status: ☐ Not started / ☐ In progress / ☑ Done
        - [ ] Type: [ ] Major | [ ] Minor | [ ] Patch
        - [ ] Colour: BLUE ☐ / GREEN ☐
        - [ ] Tests pass: ✅ / ❌
        - [ ] Backup verified: YES ☐ NO ☐
        """)
    fields = [i["fields"][0] for i in r.data["sections"][0]["items"]]
    assert [f.get("options") for f in fields[:3]] == [["Not started", "In progress", "Done"],
                                                      ["Major", "Minor", "Patch"], ["BLUE", "GREEN"]]
    assert [f["type"] for f in fields[3:]] == ["yesno", "yesno"]
    status = r.data["sections"][0]["items"][0]
    assert "Selected in the source: Status: Done" in status["details"] and "ticked in the source" in r.yaml


def test_9_field_types_from_whole_words() -> None:
    r, _ = imp("""
        # T
        ## Metrics
        - PRs auto-assigned: ____
        - Issues triaged: ____
        - Average response time: ____
        - Response time: ____ ms
        - Signed by: ____
        - Start time: ____
        - Issues encountered: ____
        """)
    types = [(i["fields"][0]["type"], i["fields"][0].get("unit")) for i in r.data["sections"][0]["items"]]
    assert types == [("text", None), ("text", None), ("text", None), ("number", "ms"), ("signature", None),
                     ("datetime", None), ("textarea", None)]


def test_10_signoff_list_and_fences_under_items() -> None:
    r, rb = imp("""
        # Release sign-off

        - Product owner: ______  Date: ______
        - QA lead: ______  Date: ______

        ## Comms
        - [ ] Announce in chat

          ```
          Hi team, we are deploying v2 now.
          Expect a short downtime.
          ```

        - [ ] Get sign-off

          ```
          Approved by: ________  Date: ______
          ```

        - [ ] Restart

          ```
          sudo systemctl restart app
          ```
        """)
    assert r.data["signoff"][0]["roles"] == ["Product owner", "QA lead"]
    announce, signoff, restart = rb.sections[0].items
    assert announce.command is None and "Hi team" in announce.details
    assert signoff.command is None and "Approved by" in signoff.details
    assert restart.command.code == "sudo systemctl restart app\n"


def test_11_yaml_loads_with_both_loaders() -> None:
    labels = ["Is the cache warm? ⬜ yes | no", "<?", "a: b", "?x", "[x]", "{{X}}", "key: #1", "end:", "NO", "1.10"]
    data = {"id": "x", "fields": [{"id": "f", "label": v, "options": [v, "b"]} for v in labels], "list": labels}
    text = dump(data, ["h"])
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert yaml.load(text, Loader=loader) == data
    imp("""
        # T
        ## Checks
        - [ ] Is the cache warm? ⬜ yes | no
        - [ ] Mode: [ ] a? | [ ] b|c
        """)


def test_12_unindented_fence_after_numbered_step() -> None:
    r, rb = imp("""
        # T
        ## Deploy
        1. Build the image
        ```bash
        docker build -t app .
        ```
        2. Push the image
        ```bash
        docker push app
        ```
        """)
    steps = rb.sections[0].items
    assert [(s.text, s.command.code if s.command else None) for s in steps] == [
        ("Build the image", "docker build -t app .\n"), ("Push the image", "docker push app\n")]
    assert "Steps" not in r.yaml


def test_many_imports_get_distinct_ids(tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text("# Production deployment\n\n## X\n\n- [ ] y\n", encoding="utf-8")
    out = tmp_path / "docs"
    out.mkdir()
    code, _out, err = cli("import", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--out-dir", str(out))
    assert code == 0 and "already used" in err
    ids = {yaml.safe_load((out / f"{n}.runbook.yml").read_text())["id"] for n in ("a", "b")}
    assert ids == {"production-deployment", "b"}
    # One file at a time into the same folder: the folder's ids are taken too.
    (tmp_path / "c.md").write_text("# Production deployment\n\n- [ ] z\n", encoding="utf-8")
    code, _out, err = cli("import", str(tmp_path / "c.md"), "-o", str(out / "c.runbook.yml"))
    assert code == 0 and yaml.safe_load((out / "c.runbook.yml").read_text())["id"] == "c"


def test_found_by_the_property_test() -> None:
    """Shapes the generator found: a placeholder bullet that opens raw HTML over box lines,
    and sign-off rows that repeat or slug alike (the HTML hook needs distinct role slugs)."""
    r, _ = imp("""
        - <version>
          1. ✅ Rollback: [ ] Major | [ ] Minor
          ```bash
          kubectl get pods
          ```

        ## Sign

        | Role | Name | Signature | Date |
        |---|---|---|---|
        | Deploy | | | |
        | Deploy | | | |
        | 承認者 | | | |
        | 責任者 | | | |
        """)
    item = r.data["sections"][0]["items"][0]
    assert item["text"] == "<version>" and "kubectl get pods" in item["details"]
    assert item["items"][0]["checked"] is True and item["items"][0]["fields"][0]["options"] == ["Major", "Minor"]
    assert r.data["signoff"][0]["roles"] == ["Deploy", "Deploy (2)", "承認者", "責任者 (2)"]


def test_box_lines_markdown_reads_as_code_or_heading() -> None:
    """A list indented four spaces after a paragraph is code to Markdown; '2. [ ]' under an item
    followed by '-' is a setext heading. Both are box lines to a reader: they stay checkable."""
    r, _ = imp("""
        # T
        ## A
        Some text

            - [ ] indented item
            - [x] done item

        - Deploy
          1.
          2. [ ]
             -
        """)
    items = r.data["sections"][0]["items"]
    assert [(i["text"], i.get("checked", False)) for i in items[1:3]] == [("indented item", False), ("done item", True)]
    assert items[3]["text"] == "Deploy" and items[3]["items"][0]["text"] == "(empty)"

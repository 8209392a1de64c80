"""Bugs found while rebuilding the seed runbooks on templates: minimal reproductions.

Each test states the expected behaviour; all four are fixed now and these tests keep them fixed.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_tree
from mkdocs_runbooks.importer import import_markdown

FRAGMENT = "id: frag\nfragment: true\nitems:\n  - {id: f1, text: F1}\n"
BASE = "id: base\ntitle: Base\nsections:\n  - id: s1\n    title: S1\n    items:\n      - {id: a, text: A}\n"


def test_include_inside_insert_is_expanded(tmp_path: Path, cli) -> None:
    # resolve/variants: `- include:` in an insert payload crashed with
    # "internal error: AttributeError: 'Include' object has no attribute 'when'".
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: docs\nplugins: [runbooks]\n",
        "templates/base.yml": BASE,
        "templates/frag.yml": FRAGMENT,
        "docs/v.runbook.yml": "id: v\nextends: base\ninsert:\n  - {after: a, items: [{include: frag}, {id: b, text: B}]}\n",
    })
    rc, out, err = cli("export", "docs/v.runbook.yml", cwd=tmp_path)
    assert rc == 0, err
    items = [i["id"] for i in json.loads(out)["sections"][0]["items"]]
    assert items == ["a", "f1", "b"]


def test_template_yaml_error_is_one_diagnostic(tmp_path: Path, cli) -> None:
    # templates.py: a YAML syntax error in a template also reported "template file is empty" at 1:1.
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: docs\nplugins: [runbooks]\n",
        "templates/base.yml": "id: base\ntitle: Base\nsections:\n  - id: s\n    title: S\n    items:\n      - {id: a, text: A for {{ x }}}\n",
        "docs/index.md": "# Home\n",
    })
    rc, out, _ = cli("check", cwd=tmp_path)
    assert rc == 1
    assert "yaml-syntax" in out
    assert "template file is empty" not in out


def test_importer_keeps_a_prose_lead_in_once() -> None:
    # importer: "Beta deployment is successful if:" (seed 000) came out as two notes,
    # one with and one without the colon.
    r = import_markdown(b"# T\n\n## Success Criteria\n\nBeta deployment is successful if:\n\n- [ ] Zero bugs\n",
                        source="x.md")
    texts = [i["text"] for s in r.data["sections"] for i in s.get("items", [])]
    assert sum("successful if" in t for t in texts) == 1, texts


def test_importer_yesno_label_from_parenthesised_text() -> None:
    # importer: "Error alert configured (email/Slack): YES / NO" (seed 003) gave the label "email/Slack)".
    r = import_markdown(b"# T\n\n## A\n\n- [ ] Error alert configured (email/Slack): YES / NO\n", source="x.md")
    field = r.data["sections"][0]["items"][0]["fields"][0]
    assert field["type"] == "yesno"
    assert field["label"].count("(") == field["label"].count(")"), field["label"]

"""The source format, declared once.

The parser validates against it, ``schema.py`` turns it into the shipped
JSON Schema, and the format reference page is tested against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: List entries of this form pull in a fragment's elements.
INCLUDE_KEY = "include"

#: Bump only with a migration story; sources name it in their $schema line.
FORMAT_VERSION = 1
SCHEMA_URL = "https://mkdocs-runbooks.dev/schema/runbook-v1.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_URL}"

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: HTML ids of a runbook page's own headings (render/page.py, diff/history.py); a runbook
#: id equal to one would give the page two elements with that id (check.py rejects it, the importer avoids it).
PAGE_IDS = ("rollback-map", "rollback-triggers", "procedures", "sign-off", "contacts", "changes")
FIELD_TYPES = ("text", "number", "date", "time", "datetime", "yesno", "choice", "signature", "textarea")
ITEM_KINDS = ("check", "step", "note")
SEVERITIES = ("critical", "high", "medium", "low")
SECTION_MODES = ("read-do", "do-confirm")
SIGNOFF_FIELDS = ("name", "signature", "date", "time", "initials")


@dataclass(frozen=True)
class Key:
    """One key of a mapping in the source format.

    ``type`` is one of: str, text (inline Markdown, vars apply), markdown
    (block Markdown, vars apply), id, ref (an id elsewhere), bool, enum,
    list (of ``shape``; entries may also be ``{include: fragment-id}``),
    strlist, shape (a nested mapping), command, vars, raw (validated later,
    by the variant operations).
    """

    type: str
    doc: str
    required: bool = False
    enum: tuple[str, ...] = ()
    shape: str | None = None
    example: Any = None


_WHEN = Key("str", "Condition on the template vars, e.g. `database == \"mongodb\"`; false drops this element.")
_ESTIMATE = Key("str", "Time estimate such as `10-15 min`, `1-2 hours` or `30s`; summed into section totals.")

SHAPES: dict[str, dict[str, Key]] = {
    "runbook": {
        "id": Key("id", "Unique runbook id; also the key for saved form state.", required=True),
        "title": Key("text", "Page title; a variant may inherit it from its template."),
        "description": Key("markdown", "What a template is for (shown on its generated page)."),
        "version": Key("str", "Runbook version, e.g. `2.0.0`; shown on every page and print."),
        "extends": Key("ref", "Id of a template in `templates_dir` that this runbook is a variant of."),
        "vars": Key("vars", "Variables used as `{{ name }}` in text, titles and commands."),
        "meta": Key("shape", "Ownership and review metadata.", shape="meta"),
        "intro": Key("markdown", "Markdown shown under the title."),
        "sections": Key("list", "Pause points of the checklist; sections nest.", shape="section"),
        "procedures": Key("list", "Rollback (and other) procedures that items and triggers link to.", shape="procedure"),
        "triggers": Key("list", "Conditions that start a procedure.", shape="trigger"),
        "signoff": Key("list", "Sign-off blocks, printed as tables.", shape="signoff"),
        "contacts": Key("list", "Emergency contacts.", shape="contact"),
        "remove": Key("raw", "Variant operation: a list of ids of template elements to drop."),
        "replace": Key("raw", "Variant operation: `{id: element}` puts a whole new element in place of the template's."),
        "insert": Key("raw", "Variant operation: a list of `{before|after: id, items|sections: [...]}` or "
                      "`{start|end: section-id, items: [...]}`."),
        "patch": Key("raw", "Variant operation: `{id: {key: value}}` changes some keys of a template element; "
                     "`fields` merge by field id."),
    },
    "fragment": {
        "id": Key("id", "Fragment id, used as `- include: <id>` in a list of sections, items, steps or procedures.",
                  required=True),
        "fragment": Key("bool", "Marks the file as a fragment rather than a template.", required=True),
        "title": Key("str", "Human name of the fragment (shown on template pages)."),
        "description": Key("markdown", "What the fragment is for."),
        "vars": Key("vars", "Parameters the fragment uses, declared as in templates."),
        "sections": Key("list", "Sections inserted where the fragment is included in a sections list.", shape="section"),
        "items": Key("list", "Items inserted where the fragment is included in an items or steps list.", shape="item"),
        "procedures": Key("list", "Procedures inserted where the fragment is included in a procedures list.",
                          shape="procedure"),
        "triggers": Key("list", "Triggers inserted where the fragment is included in a triggers list.", shape="trigger"),
    },
    "meta": {
        "owner": Key("str", "Role or team that owns the runbook."),
        "environment": Key("str", "Target environment, e.g. `production`."),
        "last_updated": Key("str", "Date of the last content change (`YYYY-MM-DD`)."),
        "next_review": Key("str", "Date by which the runbook must be reviewed (`YYYY-MM-DD`)."),
        "target_date": Key("str", "Planned date of the run (`YYYY-MM-DD`)."),
        "team": Key("str", "Team that runs it."),
        "ticket": Key("str", "Change ticket or issue reference."),
    },
    "section": {
        "id": Key("id", "Section id; the anchor of its heading.", required=True),
        "title": Key("text", "Heading text.", required=True),
        "mode": Key("enum", "How the pause point is worked: READ-DO or DO-CONFIRM.", enum=SECTION_MODES),
        "deploy": Key("bool", "A deployment phase: its steps with a command need a `rollback`. "
                      "Unset: inherited from the parent section, else guessed from the title."),
        "estimate": _ESTIMATE,
        "owner": Key("str", "Role responsible for this section."),
        "intro": Key("markdown", "Markdown shown under the heading."),
        "when": _WHEN,
        "items": Key("list", "Checklist items.", shape="item"),
        "sections": Key("list", "Nested sections.", shape="section"),
    },
    "item": {
        "id": Key("id", "Item id; its anchor (`page/#id`) and state key.", required=True),
        "text": Key("text", "What to do, as one line of inline Markdown.", required=True),
        "kind": Key("enum", "`check` (default), `step` (an action, numbered) or `note` (no checkbox).", enum=ITEM_KINDS),
        "checked": Key("bool", "Pre-ticked in the source."),
        "severity": Key("enum", "How bad skipping it is; `critical` items are killer items.", enum=SEVERITIES),
        "owner": Key("str", "Role that does it."),
        "estimate": _ESTIMATE,
        "command": Key("command", "Shell command as a string, or `{lang, code}` for other languages."),
        "rollback": Key("ref", "Procedure that undoes it: `procedure-id` or `runbook-id#procedure-id`."),
        "irreversible": Key("bool", "Marks a point of no return."),
        "rollback_reason": Key("str", "Why `rollback: none` is right for this step; required with `rollback: none`."),
        "details": Key("markdown", "Markdown shown under the item."),
        "fields": Key("list", "Form fields to fill in.", shape="field"),
        "when": _WHEN,
        "items": Key("list", "Nested items.", shape="item"),
    },
    "command": {
        "code": Key("str", "The code.", required=True),
        "lang": Key("str", "Highlighting language, e.g. `sql`; defaults to `bash`."),
    },
    "field": {
        "id": Key("id", "Field id, unique within its item.", required=True),
        "type": Key("enum", "Control type; defaults to `text`.", enum=FIELD_TYPES),
        "label": Key("str", "Label shown beside the control (plain text); defaults to the id."),
        "unit": Key("str", "Unit shown after a `number` field, e.g. `min`."),
        "options": Key("strlist", "Choices of a `choice` field."),
        "na": Key("bool", "A `yesno` field also offers N/A."),
        "required": Key("bool", "Must be filled before the item counts as done."),
        "placeholder": Key("str", "Hint shown in an empty control."),
    },
    "procedure": {
        "id": Key("id", "Procedure id; the anchor items and triggers link to.", required=True),
        "title": Key("text", "Heading text.", required=True),
        "intro": Key("markdown", "Markdown shown under the heading."),
        "estimate": _ESTIMATE,
        "owner": Key("str", "Role that runs it."),
        "when": _WHEN,
        "steps": Key("list", "The procedure's steps (items).", shape="item"),
    },
    "trigger": {
        "id": Key("id", "Trigger id.", required=True),
        "text": Key("text", "The condition, e.g. `Error rate > 1% for 5 minutes`.", required=True),
        "procedure": Key("ref", "The procedure it starts: `procedure-id` or `runbook-id#procedure-id`."),
        "when": _WHEN,
    },
    "signoff": {
        "id": Key("id", "Sign-off block id.", required=True),
        "title": Key("text", "Block title.", required=True),
        "roles": Key("strlist", "Roles that sign, one row each.", required=True),
        "fields": Key("strlist", "Columns; defaults to `[name, signature, date]`.", enum=SIGNOFF_FIELDS),
        "when": _WHEN,
    },
    "contact": {
        "role": Key("str", "Role, e.g. `Primary on-call`.", required=True),
        "name": Key("str", "Name; leave empty to fill in on the page."),
        "phone": Key("str", "Phone number."),
        "email": Key("str", "Email address."),
        "notes": Key("str", "Hours, escalation rules and the like."),
    },
}

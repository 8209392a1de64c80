"""The source format, declared once.

The parser validates against it, ``schema.py`` turns it into the shipped
JSON Schema, and the format reference page is tested against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

#: List entries of this form pull in a fragment's elements.
INCLUDE_KEY = "include"

#: Bump only with a migration story; sources name it in their $schema line.
FORMAT_VERSION = 1
SCHEMA_URL = "https://mkdocs-runbooks.dev/schema/runbook-v1.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema={SCHEMA_URL}"

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: A run input in text and commands: `%{release-tag}`. Not `{{ }}` (build-time vars) nor `${X}` / `$(x)`
#: (the shell's); assets/runs.js fills it in on the page.
INPUT_REF_PATTERN = r"%\{([a-z0-9]+(?:-[a-z0-9]+)*)\}"
#: HTML ids of a runbook page's own headings (render/page.py, diff/history.py); a runbook
#: id equal to one would give the page two elements with that id (check/rules.py rejects it, the importer avoids it).
PAGE_IDS = ("rollback-map", "rollback-triggers", "procedures", "sign-off", "contacts", "changes")
#: The enumerations of the format as types (the model's fields) and as tuples (the parser, the schema).
FieldType = Literal["text", "number", "date", "time", "datetime", "yesno", "choice", "signature", "textarea"]
ItemKind = Literal["check", "step", "note"]
ItemSeverity = Literal["critical", "high", "medium", "low"]
SectionMode = Literal["read-do", "do-confirm"]
FIELD_TYPES: tuple[FieldType, ...] = get_args(FieldType)
ITEM_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
SEVERITIES: tuple[ItemSeverity, ...] = get_args(ItemSeverity)
SECTION_MODES: tuple[SectionMode, ...] = get_args(SectionMode)
SIGNOFF_FIELDS = ("name", "signature", "date", "time", "initials")


@dataclass(frozen=True)
class Key:
    """One key of a mapping in the source format.

    ``type`` is one of: str, text (inline Markdown, vars apply), markdown
    (block Markdown, vars apply), id, ref (an id elsewhere), bool, enum,
    date (``YYYY-MM-DD``), estimate (``10-15 min``), version (``2.0.0``),
    list (of ``shape``; entries may also be ``{include: fragment-id}``),
    strlist, shape (a nested mapping), command, vars, raw (validated later,
    by the variant operations). How YAML text becomes each type: ``TYPING``.
    """

    type: str
    doc: str
    required: bool = False
    enum: tuple[str, ...] = ()
    shape: str | None = None
    example: Any = None


#: How a YAML scalar is read for each spec type (the Format reference prints this table).
#: "as written" means the text between the quotes, or the plain text itself: YAML's own
#: guess (`NO` is false, `1.10` is 1.1 in YAML 1.1) never applies to these keys.
TYPING: dict[str, str] = {
    "str": "any scalar, kept as written: `NO`, `on`, `1.10` and `2025-01-21` stay text",
    "text": "any scalar, kept as written, then read as inline Markdown",
    "markdown": "any scalar, kept as written, then read as block Markdown",
    "id": "a slug as written: `db-migration`, `007` and `0x1f` are the ids they look like",
    "ref": "any scalar, kept as written; it must name an existing id",
    "enum": "one of the listed words",
    "bool": "`true` or `false` (YAML 1.2: `yes`, `no`, `on`, `off` are text, not booleans)",
    "date": "a calendar date written `YYYY-MM-DD`",
    "estimate": "a number with an optional unit, or a range: `30s`, `10 min`, `10-15 min`, `1-2 hours`",
    "version": "letters, digits and `.`, `-`, `+`, `_`, starting with a letter or digit, "
               "kept as written: `1.10` stays 1.10",
    "strlist": "a list of scalars, each kept as written: `[yes, no, maybe]` is three words",
}

#: Units of ``estimate`` values (estimate.py holds their lengths).
ESTIMATE_UNITS = ("s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes",
                  "h", "hr", "hrs", "hour", "hours", "d", "day", "days")
VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z.+_-]*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: Documented limits, enforced with positioned errors (load/reader.py, load/parse.py).
MAX_FILE_BYTES = 5_000_000
MAX_ITEMS = 10_000


def _ci(word: str) -> str:
    """A case-insensitive regex for ``word`` without flags (JSON Schema patterns have none)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_UNIT_RE = "(?:" + "|".join(_ci(u) for u in sorted(ESTIMATE_UNITS, key=len, reverse=True)) + ")"
_NUM_RE = r"[0-9]{1,6}(?:\.[0-9]{1,3})?"  # no estimate needs more; a 4,000-digit one is not a time
#: An estimate: low, its unit (only before a range), high, unit. estimate.py parses with this
#: very pattern, and the JSON Schema ships it, so the checker and editors agree by construction.
ESTIMATE_PATTERN = (rf"^\s*~?\s*({_NUM_RE})\s*(?:({_UNIT_RE})?\s*(?:-|–|{_ci('to')})\s*({_NUM_RE})\s*)?"
                    rf"({_UNIT_RE})?\s*$")

_WHEN = Key("str", "Condition on the template vars, e.g. `database == \"mongodb\"`; false drops this element.")
_ESTIMATE = Key("estimate", "Time estimate such as `10-15 min`, `1-2 hours` or `30s`; summed into section totals.")

SHAPES: dict[str, dict[str, Key]] = {
    "runbook": {
        "id": Key("id", "Unique runbook id; also the key for saved form state.", required=True),
        "title": Key("text", "Page title; a variant may inherit it from its template."),
        "description": Key("markdown", "What a template is for (shown on its generated page)."),
        "version": Key("version", "Runbook version, e.g. `2.0.0`; shown on every page and print."),
        "extends": Key("ref", "Id of a template in `templates_dir` that this runbook is a variant of."),
        "vars": Key("vars", "Variables used as `{{ name }}` in text, titles and commands."),
        "meta": Key("shape", "Ownership and review metadata.", shape="meta"),
        "intro": Key("markdown", "Markdown shown under the title."),
        "sections": Key("list", "Pause points of the checklist; sections nest.", shape="section"),
        "procedures": Key("list", "Rollback (and other) procedures that items and triggers link to.", shape="procedure"),
        "triggers": Key("list", "Conditions that start a procedure.", shape="trigger"),
        "signoff": Key("list", "Sign-off blocks, printed as tables.", shape="signoff"),
        "contacts": Key("list", "Emergency contacts.", shape="contact"),
        "inputs": Key("list", "Run inputs: values the operator fills in once at the start of a run (a release tag, "
                      "a host), used as `%{id}` in item texts and commands; the page puts the value in as it is typed.",
                      shape="input"),
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
        "last_updated": Key("date", "Date of the last content change (`YYYY-MM-DD`)."),
        "next_review": Key("date", "Date by which the runbook must be reviewed (`YYYY-MM-DD`)."),
        "target_date": Key("date", "Planned date of the run (`YYYY-MM-DD`)."),
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
    "input": {
        "id": Key("id", "Input id, used as `%{id}` in text and commands.", required=True),
        "label": Key("str", "Label of the input box; defaults to the id."),
        "placeholder": Key("str", "Hint shown in the empty box, e.g. `v2.4.0`."),
    },
    "contact": {
        "role": Key("str", "Role, e.g. `Primary on-call`.", required=True),
        "name": Key("str", "Name; leave empty to fill in on the page."),
        "phone": Key("str", "Phone number."),
        "email": Key("str", "Email address."),
        "notes": Key("str", "Hours, escalation rules and the like."),
    },
}

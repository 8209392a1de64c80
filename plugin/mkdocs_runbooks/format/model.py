"""The runbook model: plain dataclasses, no YAML and no MkDocs; and the format's declaration.

Every element keeps ``pos`` (where it was declared) and ``at`` (where each of
its keys' values was declared) so that later stages can point at the source.
``origin`` is the id of the runbook or template it came from.

Each field that is a key of the source format carries its :class:`~keys.Key`
(``field(metadata=key(...))``): ``spec.SHAPES`` is read from these fields, and
the parser, the JSON Schema, the export, the diff and the reference page from
``SHAPES``. Fields without a Key (``pos``, ``at``, ``origin``, ``undoes``) are not
source keys.

Items, sections and procedures are generic in what their lists may hold
besides elements: ``Item[Include]`` (alias ``SourceItem``, source.py) is an item
as parsed, whose lists may hold ``- include:`` entries; plain ``Item`` is
``Item[Never]``, an item of a resolved runbook, whose lists hold items only.
Resolution (resolve/resolver.py) splices fragments in, after which the same
objects are resolved elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from mkdocs_runbooks.diagnostics import Pos
from mkdocs_runbooks.format.keys import (
    FIELD_TYPES,
    ITEM_KINDS,
    SECTION_MODES,
    SEVERITIES,
    SIGNOFF_FIELDS,
    FieldType,
    ItemKind,
    ItemSeverity,
    Key,
    SectionMode,
    key,
    shared,
)

#: the position of an element no source wrote (made in code, or in a test)
NOWHERE = Pos("<unknown>")
#: What an element's lists may hold besides elements: ``Include`` in the source form, nothing once resolved.
#: Its default (PEP 696) makes a bare ``Item`` mean ``Item[Never]`` to type checkers; the runtime needs
#: no default (annotations are not evaluated), so typing_extensions is a type checker's import only.
if TYPE_CHECKING:
    from typing_extensions import Never
    from typing_extensions import TypeVar as TypeVarWithDefault

    Inc = TypeVarWithDefault("Inc", default=Never)
else:
    Inc = TypeVar("Inc")

_WHEN = Key("str", "Condition on the template vars, e.g. `database == \"mongodb\"`; false drops this element.",
            out="-")
_ESTIMATE = Key("estimate", "Time estimate such as `10-15 min`, `1-2 hours` or `30s`; summed into section totals.")


#: A highlighting language a Markdown fence can carry: `sql`, `c++`, `objective-c`, `c#`.
LANG_PATTERN = re.compile(r"[A-Za-z0-9_+#.-]{1,40}")


@dataclass(slots=True)
class Include:
    """``- include: fragment-id`` in a source list, until resolution splices the fragment in."""

    ref: str
    pos: Pos = NOWHERE


@dataclass(slots=True)
class Command:
    """An item's shell command: the text and its language (for highlighting and copy)."""
    code: str = field(metadata=key("str", "The code.", required=True))
    lang: str = field(default="bash", metadata=key("str", "Highlighting language, e.g. `sql`; defaults to `bash`.",
                                                  out="always"))
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)

    @property
    def fence_lang(self) -> str:
        """``lang`` for a code fence: a plain word, else ``text`` (check/rules.py reports the bad one)."""
        lang = self.lang or "bash"
        return lang if LANG_PATTERN.fullmatch(lang) else "text"


@dataclass(slots=True)
class Field:
    """A fillable field of an item (``data-rb-field``): type, label, required, choices, placeholder."""
    id: str = field(metadata=key("id", "Field id, unique within its item.", required=True))
    type: FieldType = field(default="text", metadata=key("enum", "Control type; defaults to `text`.", enum=FIELD_TYPES,
                                                         out="always"))
    label: str | None = field(default=None, metadata=key(
        "str", "Label shown beside the control (plain text); defaults to the id.", out="label"))
    unit: str | None = field(default=None, metadata=key("str", "Unit shown after a `number` field, e.g. `min`."))
    options: list[str] = field(default_factory=list, metadata=key("strlist", "Choices of a `choice` field."))
    na: bool = field(default=False, metadata=key("bool", "A `yesno` field also offers N/A.", out="true"))
    required: bool = field(default=False, metadata=key("bool", "Must be filled before the item counts as done.",
                                                       out="true"))
    placeholder: str | None = field(default=None, metadata=key("str", "Hint shown in an empty control."))
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Item(Generic[Inc]):
    """A checklist entry (step, check, note, ...) with its fields, command, rollback and sub-items."""
    id: str = field(metadata=key("id", "Item id; its anchor (`page/#id`) and state key.", required=True))
    text: str = field(metadata=key("text", "What to do, as one line of inline Markdown.", required=True))
    kind: ItemKind = field(default="check", metadata=key(
        "enum", "`check` (default), `step` (an action, numbered) or `note` (no checkbox).", enum=ITEM_KINDS, out="always"))
    checked: bool = field(default=False, metadata=key("bool", "Pre-ticked in the source.", out="always"))
    severity: ItemSeverity | None = field(default=None, metadata=key(
        "enum", "How bad skipping it is; `critical` items are killer items.", enum=SEVERITIES))
    owner: str | None = field(default=None, metadata=key("str", "Role that does it."))
    estimate: str | None = field(default=None, metadata=shared(_ESTIMATE))
    command: Command | None = field(default=None, metadata=key(
        "command", "Shell command as a string, or `{lang, code}` for other languages."))
    rollback: str | None = field(default=None, metadata=key(
        "ref", "Procedure that undoes it: `procedure-id` or `runbook-id#procedure-id`."))
    irreversible: bool = field(default=False, metadata=key("bool", "Marks a point of no return.", out="true"))
    rollback_reason: str | None = field(default=None, metadata=key(
        "str", "Why `rollback: none` is right for this step; required with `rollback: none`."))
    details: str | None = field(default=None, metadata=key("markdown", "Markdown shown under the item."))
    fields: list[Field] = field(default_factory=list, metadata=key("list", "Form fields to fill in.", shape="field"))
    when: str | None = field(default=None, metadata=shared(_WHEN))
    items: list[Item[Inc] | Inc] = field(default_factory=list, metadata=key("list", "Nested items.", shape="item"))
    origin: str = ""
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)

    @property
    def checkable(self) -> bool:
        """True when the item has a checkbox (notes and headings do not)."""
        return self.kind != "note"


@dataclass(slots=True)
class Section(Generic[Inc]):
    """A titled group of items and sub-sections; one numbered block of the page."""
    id: str = field(metadata=key("id", "Section id; the anchor of its heading.", required=True))
    title: str = field(metadata=key("text", "Heading text.", required=True))
    mode: SectionMode | None = field(default=None, metadata=key(
        "enum", "How the pause point is worked: READ-DO or DO-CONFIRM.", enum=SECTION_MODES))
    # None: inherited, else guessed from the title (resolve/rollback.py)
    deploy: bool | None = field(default=None, metadata=key(
        "bool", "A deployment phase: its steps with a command need a `rollback`. "
        "Unset: inherited from the parent section, else guessed from the title."))
    estimate: str | None = field(default=None, metadata=shared(_ESTIMATE))
    owner: str | None = field(default=None, metadata=key("str", "Role responsible for this section."))
    intro: str | None = field(default=None, metadata=key("markdown", "Markdown shown under the heading."))
    when: str | None = field(default=None, metadata=shared(_WHEN))
    items: list[Item[Inc] | Inc] = field(default_factory=list, metadata=key("list", "Checklist items.", shape="item"))
    sections: list[Section[Inc] | Inc] = field(default_factory=list, metadata=key(
        "list", "Nested sections.", shape="section"))
    origin: str = ""
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Procedure(Generic[Inc]):
    """A named list of steps that items and triggers point at (rollbacks, shared procedures)."""
    id: str = field(metadata=key("id", "Procedure id; the anchor items and triggers link to.", required=True))
    title: str = field(metadata=key("text", "Heading text.", required=True))
    intro: str | None = field(default=None, metadata=key("markdown", "Markdown shown under the heading."))
    estimate: str | None = field(default=None, metadata=shared(_ESTIMATE))
    owner: str | None = field(default=None, metadata=key("str", "Role that runs it."))
    when: str | None = field(default=None, metadata=shared(_WHEN))
    steps: list[Item[Inc] | Inc] = field(default_factory=list, metadata=key(
        "list", "The procedure's steps (items).", shape="item"))
    #: ids of the items whose ``rollback`` names it (resolver.link_undoes); not a source key
    undoes: list[str] = field(default_factory=list)
    origin: str = ""
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Trigger:
    """A rollback trigger: a condition and the procedure it starts."""
    id: str = field(metadata=key("id", "Trigger id.", required=True))
    text: str = field(metadata=key("text", "The condition, e.g. `Error rate > 1% for 5 minutes`.", required=True))
    procedure: str | None = field(default=None, metadata=key(
        "ref", "The procedure it starts: `procedure-id` or `runbook-id#procedure-id`."))
    when: str | None = field(default=None, metadata=shared(_WHEN))
    origin: str = ""
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Signoff:
    """A sign-off table: roles, and the fields each role fills in."""
    id: str = field(metadata=key("id", "Sign-off block id.", required=True))
    title: str = field(metadata=key("text", "Block title.", required=True))
    roles: list[str] = field(default_factory=list, metadata=key(
        "strlist", "Roles that sign, one row each.", required=True))
    fields: list[str] = field(default_factory=lambda: ["name", "signature", "date"], metadata=key(
        "strlist", "Columns; defaults to `[name, signature, date]`.", enum=SIGNOFF_FIELDS, out="always"))
    when: str | None = field(default=None, metadata=shared(_WHEN))
    origin: str = ""
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Contact:
    """Someone to call: role, name, phone, email."""
    role: str = field(metadata=key("str", "Role, e.g. `Primary on-call`.", required=True))
    name: str | None = field(default=None, metadata=key("str", "Name; leave empty to fill in on the page.", out="text"))
    phone: str | None = field(default=None, metadata=key("str", "Phone number.", out="text"))
    email: str | None = field(default=None, metadata=key("str", "Email address.", out="text"))
    notes: str | None = field(default=None, metadata=key("str", "Hours, escalation rules and the like."))
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Input:
    """A run input: filled once per run on the page, used as ``%{id}`` in text and commands."""

    id: str = field(metadata=key("id", "Input id, used as `%{id}` in text and commands.", required=True))
    label: str | None = field(default=None, metadata=key("str", "Label of the input box; defaults to the id.",
                                                           out="given"))
    placeholder: str | None = field(default=None, metadata=key("str", "Hint shown in the empty box, e.g. `v2.4.0`.",
                                                                 out="given"))
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Meta:
    """The ``meta`` block: owner, environment, review dates, team, ticket."""
    owner: str | None = field(default=None, metadata=key("str", "Role or team that owns the runbook.", out="given"))
    environment: str | None = field(default=None, metadata=key("str", "Target environment, e.g. `production`.", out="given"))
    last_updated: str | None = field(default=None, metadata=key(
        "date", "Date of the last content change (`YYYY-MM-DD`).", out="given"))
    next_review: str | None = field(default=None, metadata=key(
        "date", "Date by which the runbook must be reviewed (`YYYY-MM-DD`).", out="given"))
    target_date: str | None = field(default=None, metadata=key("date", "Planned date of the run (`YYYY-MM-DD`).", out="given"))
    team: str | None = field(default=None, metadata=key("str", "Team that runs it.", out="given"))
    ticket: str | None = field(default=None, metadata=key("str", "Change ticket or issue reference.", out="given"))
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


def walk_items(items: Iterable[Item]) -> Iterator[Item]:
    """Yield every item of a resolved list, depth first, nested items included."""
    for item in items:
        yield item
        if item.items:
            yield from walk_items(item.items)


def walk_sections(sections: Iterable[Section]) -> Iterator[Section]:
    """Yield every section of a resolved list, depth first."""
    for section in sections:
        yield section
        if section.sections:
            yield from walk_sections(section.sections)


def all_items(runbook: Runbook) -> Iterator[Item]:
    """Every item of every section, then every procedure step."""
    for section in walk_sections(runbook.sections):
        yield from walk_items(section.items)
    for proc in runbook.procedures:
        yield from walk_items(proc.steps)


@dataclass(slots=True)
class Runbook:
    """A resolved runbook: templates applied, fragments spliced in, vars substituted, conditions evaluated.

    What resolve/resolver.py returns and check, render, diff and export read. Its keys are
    the source format's (source.SourceRunbook declares them) without the variant operations;
    ``extends`` is the chain of templates, nearest first.
    """
    id: str
    title: str = ""
    version: str | None = None
    #: the template ids it was resolved from, nearest first (like an MRO); empty without ``extends``
    extends: tuple[str, ...] = ()
    vars: dict[str, Any] = field(default_factory=dict)
    meta: Meta = field(default_factory=Meta)
    intro: str | None = None
    sections: list[Section] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    signoff: list[Signoff] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)
    description: str | None = None
    inputs: list[Input] = field(default_factory=list)
    #: var names whose values must never be rendered (template ``secret: true``)
    secrets: set[str] = field(default_factory=set)
    #: the rollback map, computed once by resolve.rollback.rollback_map and shared by check and
    #: render (nothing changes a runbook after resolution). Not an __init__ argument, so a copy
    #: made with dataclasses.replace starts without it.
    rollback_cache: RollbackMap | None = field(default=None, init=False, repr=False, compare=False)


# -- rollback relations (computed in resolve/rollback.py, cached on the Runbook) -----------------
#: ``rollback: none`` says "this step needs no rollback" (with ``rollback_reason``).
NONE = "none"


def split_ref(ref: str, own: str) -> tuple[str, str]:
    """``proc`` or ``runbook#proc`` -> (runbook id, procedure id)."""
    if "#" in ref:
        rid, _, pid = ref.partition("#")
        return (rid or own), pid
    return own, ref


def real_ref(ref: str | None) -> bool:
    """True when ``ref`` names a procedure (not empty, not the ``none`` marker)."""
    return bool(ref) and ref != NONE


@dataclass
class Step:
    """One item of the checklist flow (not a procedure step), in page order."""

    item: Item
    section: Section
    deploy: bool  # in a deployment phase
    covered: bool  # an enclosing item has a rollback (or `none`), which covers this one
    ponr: Item | None = None  # the last point of no return before (or at) this item
    #: refs of the rollbacks that undo the work done so far, most recent first
    applies: list[str] = field(default_factory=list)
    #: for a point of no return: the refs that stop applying once it is done
    lost: list[str] = field(default_factory=list)

    @property
    def needs_rollback(self) -> bool:
        """A deploy step with a command and no rollback, not irreversible and not covered by a later one [rollback-missing]."""
        it = self.item
        return (self.deploy and it.kind == "step" and it.command is not None and not it.rollback
                and not it.irreversible and not self.covered)


@dataclass
class RollbackMap:
    # The runbook's id and procedures, not the runbook: the runbook keeps its map
    # (Runbook.rollback_cache), and a map that pointed back would make a reference cycle.
    """Which rollback applies after each step of one runbook, and which steps need one."""
    own: str
    procedures: list[Procedure]
    steps: list[Step] = field(default_factory=list)
    by_item: dict[str, Step] = field(default_factory=dict)
    #: local procedure id -> triggers that start it
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)

    def rows(self) -> list[Step]:
        """The steps a rollback map shows: with a rollback, a point of no return, or a missing rollback."""
        return [s for s in self.steps if s.item.rollback or s.item.irreversible or s.needs_rollback]

    def trigger_only(self) -> list[Procedure]:
        """Procedures that triggers start but no step names."""
        named = {split_ref(s.item.rollback or "", self.own) for s in self.steps if real_ref(s.item.rollback)}
        return [p for p in self.procedures if (self.own, p.id) not in named and self.triggers.get(p.id)]


Element = Item | Section | Procedure | Trigger | Signoff

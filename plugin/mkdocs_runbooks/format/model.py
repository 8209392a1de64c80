"""The runbook model: plain dataclasses, no YAML and no MkDocs.

Every element keeps ``pos`` (where it was declared) and ``at`` (where each of
its keys' values was declared) so that later stages can point at the source.
``origin`` is the id of the runbook or template it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mkdocs_runbooks.diagnostics import Pos
from mkdocs_runbooks.format.spec import FieldType, ItemKind, ItemSeverity, SectionMode

_NOWHERE = Pos("<unknown>")


#: A highlighting language a Markdown fence can carry: `sql`, `c++`, `objective-c`, `c#`.
LANG_PATTERN = re.compile(r"[A-Za-z0-9_+#.-]{1,40}")


@dataclass(slots=True)
class Command:
    """An item's shell command: the text and its language (for highlighting and copy)."""
    code: str
    lang: str = "bash"
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)

    @property
    def fence_lang(self) -> str:
        """``lang`` for a code fence: a plain word, else ``text`` (check/rules.py reports the bad one)."""
        lang = self.lang or "bash"
        return lang if LANG_PATTERN.fullmatch(lang) else "text"


@dataclass(slots=True)
class Field:
    """A fillable field of an item (``data-rb-field``): type, label, required, choices, placeholder."""
    id: str
    type: FieldType = "text"
    label: str | None = None
    unit: str | None = None
    options: list[str] = field(default_factory=list)
    na: bool = False
    required: bool = False
    placeholder: str | None = None
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Item:
    """A checklist entry (step, check, note, ...) with its fields, command, rollback and sub-items."""
    id: str
    text: str
    kind: ItemKind = "check"
    checked: bool = False
    severity: ItemSeverity | None = None
    owner: str | None = None
    estimate: str | None = None
    command: Command | None = None
    rollback: str | None = None
    irreversible: bool = False
    rollback_reason: str | None = None
    details: str | None = None
    fields: list[Field] = field(default_factory=list)
    when: str | None = None
    items: list[Item] = field(default_factory=list)
    origin: str = ""
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)

    @property
    def checkable(self) -> bool:
        """True when the item has a checkbox (notes and headings do not)."""
        return self.kind != "note"


@dataclass(slots=True)
class Section:
    """A titled group of items and sub-sections; one numbered block of the page."""
    id: str
    title: str
    mode: SectionMode | None = None
    deploy: bool | None = None  # None: inherited, else guessed from the title (rollback.py)
    estimate: str | None = None
    owner: str | None = None
    intro: str | None = None
    when: str | None = None
    items: list[Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    origin: str = ""
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Procedure:
    """A named list of steps that items and triggers point at (rollbacks, shared procedures)."""
    id: str
    title: str
    intro: str | None = None
    estimate: str | None = None
    owner: str | None = None
    when: str | None = None
    steps: list[Item] = field(default_factory=list)
    undoes: list[str] = field(default_factory=list)
    origin: str = ""
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Trigger:
    """A rollback trigger: a condition and the procedure it starts."""
    id: str
    text: str
    procedure: str | None = None
    when: str | None = None
    origin: str = ""
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Signoff:
    """A sign-off table: roles, and the fields each role fills in."""
    id: str
    title: str
    roles: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=lambda: ["name", "signature", "date"])
    when: str | None = None
    origin: str = ""
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Contact:
    """Someone to call: role, name, phone, email."""
    role: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    notes: str | None = None
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Input:
    """A run input: filled once per run on the page, used as ``%{id}`` in text and commands."""

    id: str
    label: str | None = None
    placeholder: str | None = None
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Meta:
    """The ``meta`` block: owner, environment, review dates, team, ticket."""
    owner: str | None = None
    environment: str | None = None
    last_updated: str | None = None
    next_review: str | None = None
    target_date: str | None = None
    team: str | None = None
    ticket: str | None = None
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Runbook:
    """One runbook: a source file after loading, and the same object after resolution (templates merged)."""
    id: str
    title: str = ""  # a variant may inherit its template's title
    version: str | None = None
    extends: Any = None  # the source's template id; a list of ids once resolved
    vars: dict[str, Any] = field(default_factory=dict)
    meta: Meta = field(default_factory=Meta)
    intro: str | None = None
    sections: list[Section] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    signoff: list[Signoff] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)
    description: str | None = None
    inputs: list[Input] = field(default_factory=list)
    remove: Any = None  # raw YAML nodes, so each id keeps its position
    replace: Any = None  # raw YAML nodes: their shape depends on the target
    insert: Any = None
    patch: Any = None
    #: var names whose values must never be rendered (template ``secret: true``)
    secrets: set[str] = field(default_factory=set)
    #: views computed from the resolved runbook, shared by check and render (rollback.rollback_map);
    #: nothing changes a runbook after resolution. Not an __init__ argument, so a copy made
    #: with dataclasses.replace starts without them.
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)


@dataclass(slots=True)
class Include:
    """``- include: fragment-id`` in a list, until resolution splices the fragment in."""

    ref: str
    pos: Pos = _NOWHERE


@dataclass(slots=True)
class Fragment:
    """A template file that holds elements to include (``include:``) rather than a whole runbook."""
    id: str
    fragment: bool = True
    title: str | None = None
    description: str | None = None
    vars: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    pos: Pos = _NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


Element = Item | Section | Procedure | Trigger | Signoff

SHAPE_CLASSES: dict[str, type[Any]] = {
    "runbook": Runbook,
    "meta": Meta,
    "section": Section,
    "item": Item,
    "command": Command,
    "field": Field,
    "procedure": Procedure,
    "trigger": Trigger,
    "signoff": Signoff,
    "contact": Contact,
    "input": Input,
    "fragment": Fragment,
}


def walk_items(items: list[Item]):  # type: ignore[no-untyped-def]
    """Yield every item, depth first, nested items included."""
    for item in items:
        yield item
        if item.items:
            yield from walk_items(item.items)


def walk_sections(sections: list[Section]):  # type: ignore[no-untyped-def]
    """Yield every section, depth first."""
    for section in sections:
        yield section
        if section.sections:
            yield from walk_sections(section.sections)


def all_items(runbook: Runbook):  # type: ignore[no-untyped-def]
    """Every item of every section, then every procedure step."""
    for section in walk_sections(runbook.sections):
        yield from walk_items(section.items)
    for proc in runbook.procedures:
        yield from walk_items(proc.steps)

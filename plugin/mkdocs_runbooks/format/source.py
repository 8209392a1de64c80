"""The source form: a runbook, template or fragment as parsed, before resolution.

``SourceRunbook`` and ``Fragment`` are what load/parse.py builds from a file. Their
element lists may hold ``Include`` entries (``- include: fragment-id``), ``extends``
is one template id, and the variant operations are typed (load/ops.py). Resolution
(resolve/resolver.py) turns them into one ``model.Runbook``, which has none of these.

With the element classes of model.py, these dataclasses are the format's declaration:
``spec.SHAPES`` is read from the ``Key`` in each field's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs_runbooks.diagnostics import Pos
from mkdocs_runbooks.format.keys import key
from mkdocs_runbooks.format.model import (
    NOWHERE,
    Command,
    Contact,
    Field,
    Include,
    Input,
    Item,
    Meta,
    Procedure,
    Section,
    Signoff,
    Trigger,
)
from mkdocs_runbooks.load.ops import Insert, Patch, Remove, Replace

#: Elements as parsed: their lists may hold ``- include:`` entries.
SourceItem = Item[Include]
SourceSection = Section[Include]
SourceProcedure = Procedure[Include]


@dataclass(slots=True)
class SourceRunbook:
    """A runbook source or template file as parsed (the runbook shape of the format)."""
    id: str = field(metadata=key("id", "Unique runbook id; also the key for saved form state.", required=True))
    # a variant may inherit its template's title
    title: str = field(default="", metadata=key("text", "Page title; a variant may inherit it from its template.",
                                                out="always"))
    description: str | None = field(default=None, metadata=key(
        "markdown", "What a template is for (shown on its generated page).", out="-"))
    version: str | None = field(default=None, metadata=key(
        "version", "Runbook version, e.g. `2.0.0`; shown on every page and print.", out="always"))
    extends: str | None = field(default=None, metadata=key(
        "ref", "Id of a template in `templates_dir` that this runbook is a variant of.", out="always"))
    vars: dict[str, Any] = field(default_factory=dict, metadata=key(
        "vars", "Variables used as `{{ name }}` in text, titles and commands.", out="always"))
    meta: Meta = field(default_factory=Meta, metadata=key("shape", "Ownership and review metadata.", shape="meta",
                                                                     out="always"))
    intro: str | None = field(default=None, metadata=key("markdown", "Markdown shown under the title."))
    sections: list[SourceSection | Include] = field(default_factory=list, metadata=key(
        "list", "Pause points of the checklist; sections nest.", shape="section"))
    procedures: list[SourceProcedure | Include] = field(default_factory=list, metadata=key(
        "list", "Rollback (and other) procedures that items and triggers link to.", shape="procedure"))
    triggers: list[Trigger | Include] = field(default_factory=list, metadata=key(
        "list", "Conditions that start a procedure.", shape="trigger"))
    signoff: list[Signoff] = field(default_factory=list, metadata=key(
        "list", "Sign-off blocks, printed as tables.", shape="signoff"))
    contacts: list[Contact] = field(default_factory=list, metadata=key("list", "Emergency contacts.", shape="contact"))
    inputs: list[Input] = field(default_factory=list, metadata=key(
        "list", "Run inputs: values the operator fills in once at the start of a run (a release tag, "
        "a host), used as `%{id}` in item texts and commands; the page puts the value in as it is typed.",
        shape="input"))
    remove: Remove | None = field(default=None, metadata=key(
        "raw", "Variant operation: a list of ids of template elements to drop."))
    replace: Replace | None = field(default=None, metadata=key(
        "raw", "Variant operation: `{id: element}` puts a whole new element in place of the template's."))
    insert: Insert | None = field(default=None, metadata=key(
        "raw", "Variant operation: a list of `{before|after: id, items|sections: [...]}` or "
        "`{start|end: section-id, items: [...]}`."))
    patch: Patch | None = field(default=None, metadata=key(
        "raw", "Variant operation: `{id: {key: value}}` changes some keys of a template element; "
        "`fields` merge by field id."))
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


@dataclass(slots=True)
class Fragment:
    """A template file that holds elements to include (``include:``) rather than a whole runbook."""
    id: str = field(metadata=key(
        "id", "Fragment id, used as `- include: <id>` in a list of sections, items, steps or procedures.",
        required=True))
    fragment: bool = field(default=True, metadata=key(
        "bool", "Marks the file as a fragment rather than a template.", required=True))
    title: str | None = field(default=None, metadata=key("str", "Human name of the fragment (shown on template pages)."))
    description: str | None = field(default=None, metadata=key("markdown", "What the fragment is for."))
    vars: dict[str, Any] = field(default_factory=dict, metadata=key(
        "vars", "Parameters the fragment uses, declared as in templates."))
    sections: list[SourceSection | Include] = field(default_factory=list, metadata=key(
        "list", "Sections inserted where the fragment is included in a sections list.", shape="section"))
    items: list[SourceItem | Include] = field(default_factory=list, metadata=key(
        "list", "Items inserted where the fragment is included in an items or steps list.", shape="item"))
    procedures: list[SourceProcedure | Include] = field(default_factory=list, metadata=key(
        "list", "Procedures inserted where the fragment is included in a procedures list.", shape="procedure"))
    triggers: list[Trigger | Include] = field(default_factory=list, metadata=key(
        "list", "Triggers inserted where the fragment is included in a triggers list.", shape="trigger"))
    pos: Pos = NOWHERE
    at: dict[str, Pos] = field(default_factory=dict)


#: The shapes of the format and the dataclass that declares (and the parser builds for) each,
#: in the order of the reference page and the JSON Schema.
SHAPE_CLASSES: dict[str, type[Any]] = {
    "runbook": SourceRunbook,
    "fragment": Fragment,
    "meta": Meta,
    "section": Section,
    "item": Item,
    "command": Command,
    "field": Field,
    "procedure": Procedure,
    "trigger": Trigger,
    "signoff": Signoff,
    "input": Input,
    "contact": Contact,
}


def walk_source_items(items: list[SourceItem | Include]) -> list[SourceItem]:
    """Every item of a source list, depth first, nested items included; includes are skipped."""
    out: list[SourceItem] = []
    for item in items:
        if isinstance(item, Item):
            out.append(item)
            out.extend(walk_source_items(item.items))
    return out

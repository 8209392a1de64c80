"""The vocabulary of the format declaration: ``Key``, and the enumerations as types.

The declaration itself is the model's dataclasses (model.py, source.py): each
declared field carries its ``Key`` in ``field(metadata=...)``, made with
:func:`key`. ``spec.SHAPES`` is read back from them with :func:`declared`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, get_args

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

#: The metadata entry of a dataclass field that holds its Key.
META = "runbooks.key"


@dataclass(frozen=True)
class Key:
    """One key of a mapping in the source format.

    ``type`` is one of: str, text (inline Markdown, vars apply), markdown
    (block Markdown, vars apply), id, ref (an id elsewhere), bool, enum,
    date (``YYYY-MM-DD``), estimate (``10-15 min``), version (``2.0.0``),
    list (of ``shape``; entries may also be ``{include: fragment-id}``),
    strlist, shape (a nested mapping), command, vars, raw (a variant
    operation, load/ops.py). How YAML text becomes each type: ``spec.TYPING``.

    ``out`` says how the key appears in the resolved JSON (format/export.py, DESIGN.md §5):
    ``always``; ``set`` (left out when None, empty text or an empty list); ``given`` (left
    out when None); ``true`` (a flag, only when true); ``text`` (always, None as ``""``);
    ``label`` (always, the id in words when unset); ``-`` (never: resolution consumes it).
    Empty means the default: ``always`` for required keys and lists, ``-`` for variant
    operations, else ``set``.
    """

    type: str
    doc: str
    required: bool = False
    enum: tuple[str, ...] = ()
    shape: str | None = None
    example: Any = None
    out: str = ""

    @property
    def export(self) -> str:
        """The effective ``out`` rule (see the class docstring)."""
        if self.out:
            return self.out
        if self.type == "raw":
            return "-"
        return "always" if self.required or self.type == "list" else "set"


def key(type: str, doc: str, *, required: bool = False, enum: tuple[str, ...] = (), shape: str | None = None,
        example: Any = None, out: str = "") -> dict[str, Key]:
    """Field metadata declaring a source key: ``name: T = field(default=..., metadata=key("str", "doc"))``."""
    return {META: Key(type, doc, required, enum, shape, example, out)}


def shared(k: Key) -> dict[str, Key]:
    """Field metadata for a Key declared once and used by several shapes (``when``, ``estimate``)."""
    return {META: k}


def declared(cls: type[Any]) -> dict[str, Key]:
    """The source keys a model dataclass declares, in field order (fields without a Key are not keys)."""
    return {f.name: f.metadata[META] for f in dataclasses.fields(cls) if META in f.metadata}

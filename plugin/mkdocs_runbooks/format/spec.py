"""The source format: its shapes and keys, patterns, typing rules and limits.

The keys are declared once, on the model's dataclass fields (model.py, source.py);
``SHAPES`` reads them back from there. The parser validates against ``SHAPES``,
``schema.py`` turns it into the shipped JSON Schema, export.py and the diff's
attribute views walk it, and the Format reference page is generated from it.
"""

from __future__ import annotations

from mkdocs_runbooks.format.keys import FIELD_TYPES as FIELD_TYPES
from mkdocs_runbooks.format.keys import ITEM_KINDS as ITEM_KINDS
from mkdocs_runbooks.format.keys import SECTION_MODES as SECTION_MODES
from mkdocs_runbooks.format.keys import SEVERITIES as SEVERITIES
from mkdocs_runbooks.format.keys import SIGNOFF_FIELDS as SIGNOFF_FIELDS
from mkdocs_runbooks.format.keys import FieldType as FieldType
from mkdocs_runbooks.format.keys import ItemKind as ItemKind
from mkdocs_runbooks.format.keys import ItemSeverity as ItemSeverity
from mkdocs_runbooks.format.keys import Key as Key
from mkdocs_runbooks.format.keys import SectionMode as SectionMode
from mkdocs_runbooks.format.keys import declared
from mkdocs_runbooks.format.source import SHAPE_CLASSES

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

#: Shape name -> {key: Key}, in declaration order: read from the model's dataclass fields.
SHAPES: dict[str, dict[str, Key]] = {name: declared(cls) for name, cls in SHAPE_CLASSES.items()}

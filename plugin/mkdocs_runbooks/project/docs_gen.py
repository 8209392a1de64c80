"""Reference material generated from the code, for embedding in docs pages.

A page writes a marker such as ``<!-- runbooks:format-reference -->`` and the
plugin swaps in the Markdown made here, so the manual cannot drift from the
spec or the CLI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from mkdocs_runbooks.format.names import SOURCE_SUFFIXES
from mkdocs_runbooks.format.spec import MAX_FILE_BYTES, MAX_ITEMS, SCHEMA_URL, SHAPES, TYPING, Key

_SHAPE_TITLES = {
    "runbook": "Runbook (top level)", "meta": "meta", "section": "Section", "item": "Item (and procedure step)",
    "command": "command (long form)", "field": "Field", "procedure": "Procedure", "trigger": "Trigger",
    "signoff": "Sign-off block", "contact": "Contact", "fragment": "Fragment file",
}


def _type_text(k: Key) -> str:
    t = k.type
    if t == "list":
        return f"list of [{k.shape}](#{k.shape}-keys)"
    if t == "shape":
        return f"[{k.shape}](#{k.shape}-keys)"
    if t == "enum":
        return " \\| ".join(f"`{v}`" for v in k.enum)
    if t == "strlist":
        return "list of " + (" \\| ".join(f"`{v}`" for v in k.enum) if k.enum else "strings")
    return {"str": "text", "text": "inline Markdown", "markdown": "Markdown", "id": "id (slug)",
            "ref": "reference", "bool": "`true` \\| `false`", "command": "text or [command](#command-keys)",
            "date": "date `YYYY-MM-DD`", "estimate": "estimate", "version": "version",
            "vars": "mapping", "raw": "see [variants](../templates.md)"}.get(t, t)


def format_reference() -> str:
    """The "Format reference" page body: every key of every shape, from format/spec.py."""
    out: list[str] = []
    for name, spec in SHAPES.items():
        out += [f"### {_SHAPE_TITLES.get(name, name)} {{: #{name}-keys }}", "", "| key | type | required | meaning |",
                "| --- | --- | --- | --- |"]
        for key, k in spec.items():
            doc = k.doc.replace("|", "\\|")
            out.append(f"| `{key}` | {_type_text(k)} | {'yes' if k.required else ''} | {doc} |")
        out.append("")
    return "\n".join(out)


def format_typing() -> str:
    """How each kind of key reads its YAML value (spec.TYPING), with the keys of each kind."""
    keys: dict[str, list[str]] = {}
    for shape, spec in SHAPES.items():
        for key, k in spec.items():
            if k.type in TYPING:
                keys.setdefault(k.type, []).append(f"`{key}`" if shape in ("runbook", "item") else f"`{shape}.{key}`")
    out = ["| type | a value is | keys |", "| --- | --- | --- |"]
    for t, rule in TYPING.items():
        shown = sorted(set(keys.get(t, [])), key=lambda x: (x.count("."), x))
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        name = "word" if t == "enum" else _type_text(Key(t, ""))
        out.append(f"| {name} | {rule} | {', '.join(shown[:8])}{more} |")
    return "\n".join(out) + "\n"


def format_limits() -> str:
    """The limits the loader enforces (file size, nesting, expansion, integer digits) as Markdown, each with its code."""
    from mkdocs_runbooks.load.reader import MAX_DEPTH, MAX_EXPANDED_NODES  # late: load imports yaml
    from mkdocs_runbooks.load.scalars import MAX_INT_DIGITS

    rows = [
        ("file size", f"{MAX_FILE_BYTES / 1e6:g} MB per source, template or fragment", "too-big"),
        ("items", f"{MAX_ITEMS:,} items (steps included) in one file", "too-many-items"),
        ("nesting", f"{MAX_DEPTH} levels of YAML mappings and lists (an item level is two)", "too-deep"),
        ("aliases", f"{MAX_EXPANDED_NODES:,} nodes once YAML aliases are expanded", "alias-limit"),
        ("numbers", f"integers of up to {MAX_INT_DIGITS} digits where a number is expected", "wrong-type"),
    ]
    out = ["| limit | at most | code |", "| --- | --- | --- |"]
    out += [f"| {name} | {value} | `{code}` |" for name, value, code in rows]
    return "\n".join(out) + "\n"


def editor_setup() -> str:
    """The `yaml.schemas` setting and the offline modeline, from the names the code uses."""
    globs = [f"**/*{s}" for s in SOURCE_SUFFIXES] + ["templates/**/*.yml", "templates/**/*.yaml"]
    settings = json.dumps({"yaml.yamlVersion": "1.2", "yaml.schemas": {"./runbook-v1.json": globs}}, indent=2)
    return "\n".join([
        "```sh", "runbooks schema -o runbook-v1.json   # at the repository root; commit it", "```", "",
        "```json", settings, "```", "",
        "Or, per file, a modeline that names the local copy (a path relative to the file):", "",
        "```yaml", "# yaml-language-server: $schema=../runbook-v1.json", "```", "",
        f"Online, the modeline may name the published copy instead: `$schema={SCHEMA_URL}`.", "",
    ])


def string_keys() -> str:
    """The string table's keys with their English text (i18n/en.yml), for the Language page."""
    from mkdocs_runbooks.i18n import LANGUAGES, english

    def cell(text: str) -> str:
        return "`" + text.replace("\n", "⏎").replace("|", "\\|") + "`" if text.strip() else f"`{text!r}`"

    out = [f"Shipped tables: {', '.join(f'`{lang}`' for lang in LANGUAGES)}.", "",
           "| key | English |", "| --- | --- |"]
    out += [f"| `{k}` | {cell(v)} |" for k, v in english().table.items()]
    return "\n".join(out) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "string-keys": string_keys,
    "format-reference": format_reference,
    "format-typing": format_typing,
    "format-limits": format_limits,
    "editor-setup": editor_setup,
}
_MARKER = re.compile(r"<!--\s*runbooks:([a-z-]+)\s*-->")


def expand_markers(markdown: str, generators: Mapping[str, Callable[[], str]] = GENERATORS) -> tuple[str, list[str]]:
    """Replace ``<!-- runbooks:NAME -->`` markers by ``generators[NAME]()``; return the text and the unknown names.

    The adapters pass ``GENERATORS`` plus their own (the CLI reference lives with the CLI, so the
    core need not import it).
    """
    unknown: list[str] = []

    def sub(m: re.Match[str]) -> str:
        gen = generators.get(m.group(1))
        if gen is None:
            unknown.append(m.group(1))
            return m.group(0)
        return gen()

    return (_MARKER.sub(sub, markdown) if "runbooks:" in markdown else markdown), unknown

"""Reference material generated from the code, for embedding in docs pages.

A page writes a marker such as ``<!-- runbooks:format-reference -->`` and the
plugin swaps in the Markdown made here, so the manual cannot drift from the
spec or the CLI.
"""

from __future__ import annotations

import re
from typing import Callable

from .spec import SHAPES, Key

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
    return {"str": "string", "text": "inline Markdown", "markdown": "Markdown", "id": "id (slug)",
            "ref": "reference", "bool": "`true` \\| `false`", "command": "string or [command](#command-keys)",
            "vars": "mapping", "raw": "see [variants](../templates.md)"}.get(t, t)


def format_reference() -> str:
    out: list[str] = []
    for name, spec in SHAPES.items():
        out += [f"### {_SHAPE_TITLES.get(name, name)} {{: #{name}-keys }}", "", "| key | type | required | meaning |",
                "| --- | --- | --- | --- |"]
        for key, k in spec.items():
            doc = k.doc.replace("|", "\\|")
            out.append(f"| `{key}` | {_type_text(k)} | {'yes' if k.required else ''} | {doc} |")
        out.append("")
    return "\n".join(out)


def cli_reference() -> str:
    from .cli import get_parser  # late: the CLI imports most of the package

    parser = get_parser()
    out = ["```text", parser.format_help().rstrip(), "```", ""]
    subs = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, sub in subs.choices.items():  # type: ignore[attr-defined]
        out += [f"### `runbooks {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(out)


GENERATORS: dict[str, Callable[[], str]] = {
    "format-reference": format_reference,
    "cli-reference": cli_reference,
}
_MARKER = re.compile(r"<!--\s*runbooks:([a-z-]+)\s*-->")


def expand_markers(markdown: str) -> tuple[str, list[str]]:
    """Replace known markers; return the text and the unknown marker names."""
    unknown: list[str] = []

    def sub(m: re.Match[str]) -> str:
        gen = GENERATORS.get(m.group(1))
        if gen is None:
            unknown.append(m.group(1))
            return m.group(0)
        return gen()

    return (_MARKER.sub(sub, markdown) if "runbooks:" in markdown else markdown), unknown

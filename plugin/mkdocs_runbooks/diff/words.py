"""Word-level diff of two short texts (item text, titles)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# Words, runs of whitespace and single punctuation marks: a changed comma
# does not mark the whole neighbouring word as changed.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

Op = tuple[str, str]  # ("=" | "-" | "+", text)


def tokens(text: str) -> list[str]:
    """`text` cut into words and the spaces and punctuation between them (joined, they give `text` back)."""
    return _TOKENS.findall(text)


def word_diff(before: str, after: str) -> list[Op]:
    """Ops that turn ``before`` into ``after``; adjacent ops of one kind are merged."""
    a, b = tokens(before), tokens(after)
    ops: list[Op] = []

    def add(op: str, parts: list[str]) -> None:
        text = "".join(parts)
        if not text:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + text)
        else:
            ops.append((op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", a[i1:i2])
            continue
        # Whitespace inside a replaced run reads better attached to the removal.
        add("-", a[i1:i2])
        add("+", b[j1:j2])
    return _tidy(ops)


def _tidy(ops: list[Op]) -> list[Op]:
    """Fold a lone whitespace 'equal' between two edits into them ("[-a b-]{+c d+}")."""
    out: list[Op] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        if (op[0] == "=" and not op[1].strip() and 0 < i < len(ops) - 1
                and ops[i - 1][0] != "=" and ops[i + 1][0] != "="):
            out.append(("-", op[1]))
            out.append(("+", op[1]))
        else:
            out.append(op)
        i += 1
    merged: list[Op] = []
    # regroup: all removals of an edit run first, then all additions
    run: dict[str, str] = {}
    for kind, text in out:
        if kind == "=":
            for k in ("-", "+"):
                if run.get(k):
                    merged.append((k, run[k]))
            run = {}
            merged.append((kind, text))
        else:
            run[kind] = run.get(kind, "") + text
    for k in ("-", "+"):
        if run.get(k):
            merged.append((k, run[k]))
    return merged


def plain(ops: list[Op]) -> str:
    """git --word-diff=plain style: ``[-old-]{+new+}``."""
    out = []
    for op, text in ops:
        out.append(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)

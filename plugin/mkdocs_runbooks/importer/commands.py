"""Which code fences are commands.

A fence becomes an item's ``command`` only when it looks like one: a shell or
query/script language tag, or (untagged) lines that read as shell commands.
A fence of prose, a message template, a sign-off form or data (``text``,
``yaml``, ``json``, ``env`` ...) is kept as Markdown in the item's details.
"""

from __future__ import annotations

import re

SHELL_TAGS = frozenset("bash sh shell zsh ksh fish console terminal shell-session shellsession "
                       "powershell ps1 pwsh posh cmd bat batch".split())
# Languages that are run, not read: kept as {lang, code} commands.
CODE_TAGS = frozenset("sql psql pgsql plpgsql mysql tsql plsql sqlite python py python3 javascript js node mjs "
                      "typescript ts ruby rb go perl php lua r redis mongo mongodb mongosh cypher kql promql "
                      "logql groovy kotlin java scala rust csharp cs dotnet makefile make http".split())
_SHELL_LINE = re.compile(
    r"^(?:\$\s+|#\s+(?=sudo\b)|>\s+)?(?:sudo\s+)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)*"
    r"(?:\.{0,2}/|~/)?[a-z0-9_][\w.+/-]*(?:\s|$)"
)
_SENTENCE_END = re.compile(r"[A-Za-z][.!?:]$")


def fence_lang(info: str) -> str:
    """The language of a code fence's info string (```{.bash}` -> `bash`), or ""."""
    return info.split()[0].lower().lstrip("{.") if info.strip() else ""


def is_command(info: str, code: str) -> bool:
    """True when a fence reads as a command to run (a shell language, or a line that starts like one)."""
    lang = fence_lang(info)
    if lang:
        return lang in SHELL_TAGS or lang in CODE_TAGS
    return shell_like(code)


def shell_like(code: str) -> bool:
    """Do most lines of an untagged fence read as shell commands (not prose, forms or data)?"""
    if "___" in code:
        return False
    lines = [ln.strip() for ln in code.split("\n") if ln.strip()]
    body = [ln for ln in lines if not ln.startswith("#")] or []
    if not body:
        return bool(lines)  # only comments: a commented-out command block
    good = 0
    cont = False
    for ln in body:
        if cont or (_SHELL_LINE.match(ln) and not _SENTENCE_END.search(ln)):
            good += 1
        cont = ln.endswith("\\")
    return good * 5 >= len(body) * 3  # at least 60%

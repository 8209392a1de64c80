"""Last passes over the imported tree, so that ``runbooks check`` and a strict build pass.

- Template braces: ``{{ NAME }}`` placeholders become vars whose value is the
  placeholder itself (the page shows what the Markdown showed; the author sets
  the value later); any other ``{{``/``{%`` text is wrapped in ``{% raw %}``.
  Only the keys that variables.py substitutes are touched.
- Rollback wiring: a step with a command in a deployment phase (rollback.py's
  guess from the title) points at the rollback procedure that fits it best, or
  says ``rollback: none`` with a reason that it was not given; a procedure that
  nothing names gets a trigger saying that the checklist gave none.
- Triggers: linked to a rollback procedure by guess (marked), or, when there is
  none, kept as notes of a section.
- A past ``next review`` date is kept in the intro rather than ``meta``.

Every change is marked with an ``# import:`` comment and a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from mkdocs_runbooks.importer.slug import IdPool
from mkdocs_runbooks.resolve.rollback import guess_deploy

_OPENER = re.compile(r"\{[{%#]")
_SIMPLE_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ENDRAW = re.compile(r"\{%-?\s*endraw")
# Names Jinja reads as literals or operators, not variables.
_JINJA_WORDS = frozenset("true false none True False None and or not in is if else loop range self super".split())
_ROLLBACK_WORDS = re.compile(r"roll[- ]?back|revert|back[- ]?out|restore|recovery|undo|r[üu]ckg[äa]ngig|reversi|"
                             r"retour arri[èe]re|zur[üu]ckroll|ロールバック|切り戻し|復旧", re.I)
_GENERIC = frozenset("rollback roll back procedure procedures steps plan full partial immediate emergency if needed "
                     "the a an of and to for with in on revert restore recovery".split())
_WORD = re.compile(r"[^\W_]+")
NO_ROLLBACK_REASON = "The imported checklist gives no rollback for this step; review."

Warn = Callable[[int, str], None]


def _mark(obj: dict[str, Any], key: str, msg: str) -> None:
    c = obj.setdefault("_c", {})
    c[key] = f"{c[key]}; {msg}" if key in c else f"import: {msg}"


# -- template braces --------------------------------------------------------
def protect_templates(tree: dict[str, Any], warn: Warn) -> None:
    """Quote `{{ }}` and `{% %}` in imported text so that resolution does not read them as vars; warn."""
    found: dict[str, str] = {}  # var name -> the placeholder as first written

    def fix(obj: dict[str, Any], key: str) -> None:
        value = obj.get(key)
        if not isinstance(value, str) or ("{{" not in value and "{%" not in value):
            return
        names = _SIMPLE_VAR.findall(value)
        if names and not _OPENER.search(_SIMPLE_VAR.sub("", value)) and not set(names) & _JINJA_WORDS:
            for m in _SIMPLE_VAR.finditer(value):
                found.setdefault(m.group(1), m.group(0))
            return
        if _ENDRAW.search(value):  # cannot be one raw block: escape each opening brace
            obj[key] = _OPENER.sub(lambda m: "{{ '{' }}" + m.group(0)[1], value)
        else:
            obj[key] = "{% raw %}" + value + "{% endraw %}"
        _mark(obj, key, "template braces kept as literal text with {% raw %}")

    def items(lst: list[dict[str, Any]]) -> None:
        for it in lst:
            fix(it, "text")
            fix(it, "details")
            cmd = it.get("command")
            if isinstance(cmd, dict):
                fix(cmd, "code")
                if "_c" in cmd:  # flow records carry no comments of their own
                    _mark(it, "command", cmd.pop("_c")["code"].removeprefix("import: "))
            else:
                fix(it, "command")
            for f in it.get("fields", []):
                fix(f, "label")
            items(it.get("items", []))

    def sections(lst: list[dict[str, Any]]) -> None:
        for s in lst:
            fix(s, "title")
            fix(s, "intro")
            items(s.get("items", []))
            sections(s.get("sections", []))

    fix(tree, "title")
    fix(tree, "intro")
    sections(tree.get("sections", []))
    for p in tree.get("procedures", []):
        fix(p, "title")
        fix(p, "intro")
        items(p.get("steps", []))
    for t in tree.get("triggers", []):
        fix(t, "text")
    for s in tree.get("signoff", []):
        fix(s, "title")
    if not found:
        return
    vars_ = tree.setdefault("vars", {})
    for name, shown in found.items():
        if name not in vars_:
            vars_[name] = shown
            _mark(vars_, name, "placeholder from the Markdown; set its value")
            warn(1, f"placeholder '{shown}' declared as a var with itself as value; set its value under 'vars'")


# -- rollback wiring ----------------------------------------------------------
def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _GENERIC and len(w) > 2}


def is_rollback_title(title: str) -> bool:
    """True when a heading reads as a rollback (roll back, revert, undo, ... in the languages we have seen)."""
    return bool(_ROLLBACK_WORDS.search(title))


def _deploy_steps(sections: list[dict[str, Any]], trail: str = "",
                  out: list[Any] | None = None) -> list[tuple[dict[str, Any], str]]:
    """(item, context words) of the items that rollback.py would ask a rollback of: steps with
    a command, in a section whose title reads as a deployment phase (a guess it does not pass
    on to subsections), not under an item that has a rollback."""
    out = [] if out is None else out
    for s in sections:
        title = s.get("title", "")
        ctx = f"{trail} {title}"
        if guess_deploy(title):
            stack = list(reversed(s.get("items", [])))
            while stack:
                it = stack.pop()
                if it.get("kind") == "step" and "command" in it and not it.get("rollback"):
                    out.append((it, ctx))
                if "items" in it and not it.get("rollback"):
                    stack.extend(reversed(it["items"]))
        if "sections" in s:
            _deploy_steps(s["sections"], ctx, out)
    return out


def wire_rollbacks(tree: dict[str, Any], warn: Warn, ids: IdPool) -> None:
    """Point deploy steps at the rollback procedure that undoes them, where the titles say so; warn for each guess."""
    procs = [p for p in tree.get("procedures", []) if is_rollback_title(p.get("title", ""))]
    used: set[str] = set()  # the importer writes no `rollback:` but here
    for it, ctx in _deploy_steps(tree.get("sections", [])):
        if procs:
            want = _words(f"{ctx} {it['text']}")
            best = max(procs, key=lambda p: len(want & _words(p["title"])))  # ties: the first
            it["rollback"] = best["id"]
            used.add(best["id"])
            _mark(it, "rollback", "rollback guessed")
        else:
            it["rollback"] = "none"
            it["rollback_reason"] = NO_ROLLBACK_REASON
            _mark(it, "rollback", "the checklist gives no rollback procedure")
    used |= {t.get("procedure") for t in tree.get("triggers", [])}
    for p in tree.get("procedures", []):
        if p["id"] not in used:
            cond = _condition(p)
            t = {"id": ids.take(f"when {p['id']}", "trigger"),
                 "text": cond or f"When '{p['title']}' is needed (the imported checklist names no trigger for it)",
                 "procedure": p["id"]}
            _mark(t, "id", "condition taken from the procedure's title or intro" if cond else
                  "made up so that the procedure is reachable; write its condition")
            tree.setdefault("triggers", []).append(t)
            warn(1, f"procedure '{p['id']}' had no trigger; one was added, write its condition")


_IF = re.compile(r"\((?P<a>(?:if|when|only if)\b[^()]{2,80})\)|(?:^|\s|\*)(?P<b>(?:only if|if|when)\s[^\n]{4,100}?)[:.*\s]*$",
                 re.I)
_VAGUE = re.compile(r"^(?:only )?(?:if|when) (?:needed|necessary|required|applicable)$", re.I)


def _condition(proc: dict[str, Any]) -> str | None:
    """'Cache Flush (If Corrupted Data)' -> 'If Corrupted Data'; an intro '**If critical issues detected:**' too."""
    for text in (proc.get("title", ""), (proc.get("intro") or "").split("\n")[0]):
        m = _IF.search(text)
        if m:
            got = (m.group("a") or m.group("b")).strip(" *_:")
            if not _VAGUE.match(got):
                return got[:1].upper() + got[1:]
    return None


# -- review date ----------------------------------------------------------------
def past_review(tree: dict[str, Any], today: dt.date | None = None) -> str | None:
    """Take a ``meta.next_review`` that is already past out of meta; return it."""
    meta = tree.get("meta") or {}
    value = meta.get("next_review")
    if not isinstance(value, str):
        return None
    try:
        due = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    if due >= (today or dt.date.today()):
        return None
    del meta["next_review"]
    if not meta:
        tree.pop("meta", None)
    return value

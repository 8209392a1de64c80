"""Recognise fill-in blanks, YES/NO answers, choices, severities and estimates
inside one line of inline Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mkdocs_runbooks.importer.choices import find_choice
from mkdocs_runbooks.importer.slug import id_slug

# "___", "**___**", "********_********" (prettier's mangling of a long blank).
_BLANK = r"(?:\*{2,}_+\*{2,}|\*{0,2}_{3,}\*{0,2})"
BLANK_RE = re.compile(_BLANK)
_YESNO = re.compile(
    r"(?<!\w)(?P<y>YES|Yes|yes|JA|Ja|ja|SÍ|Sí|sí|SI|Si|OUI|Oui|oui|はい)\s*/\s*(?P<n>NO|No|no|NEIN|Nein|nein|NON|Non|non|いいえ)"
    r"(?!\w)(?:\s*/\s*(?P<x>N/?A\b|n/a\b|[A-Za-z][A-Za-z-]*))?"
)
_UNIT = re.compile(
    r"\s*(%|[KMGT]i?B(?:/[A-Za-z]+)?|[KMG]?bps|ms|µs|ns|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?"
    r"|req/s|reqs?/s|requests?/(?:s|sec|min)|rps|qps|ops/s|x|users?|connections?)(?![\w/])",
    re.IGNORECASE,
)
_VERDICTS = {
    "success", "successful", "partial", "failed", "failure", "fail", "pass", "passed", "rolled back",
    "approved", "rejected", "blocked", "go", "no-go", "done", "pending", "complete", "completed",
    "incomplete", "aborted", "skipped", "deferred", "ok", "not ok",
}
_SLASH_CHOICE = re.compile(r"(?P<label>[^:]{1,60}):\**\s*(?P<opts>[A-Za-z][\w -]{0,20}(?:\s*/\s*[A-Za-z][\w -]{0,20}){1,6})\s*$")
_EMPH = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_NA = re.compile(r"N/?A", re.I)
# tidy()'s steps, in order.
_T_EMPTY_BOLD = re.compile(r"\*\*\s*\*\*")
_T_SPACES = re.compile(r"[ \t]+")
_T_SLASH_BEFORE = re.compile(r"\s+/\s+(?=\(|$)")
_T_SPACE_PUNCT = re.compile(r"\s+([,;)])")
_T_OPEN_SEP = re.compile(r"([(])\s*[,;/]\s*")
_T_COLON = re.compile(r":\s*(?=[,;)/]|$)")
_T_SLASH = re.compile(r"\s*/\s*(?=[,;)]|$)")
_T_SEP_CLOSE = re.compile(r"[,;]\s*\)")
_T_EMPTY_PARENS = re.compile(r"\(\s*\)")
_T_WHITESPACE = re.compile(r"\s{2,}")

# Field types from whole words and phrases of the label; when unsure, text (a number
# when a unit follows the blank). "PRs auto-assigned" is not a signature, "Issues
# triaged" not a textarea, "Average response time" not a time of day.
_SIGN = re.compile(r"\b(?:sign[- ]?off|signature|signed(?: by)?|sign here|initials|unterschrift|firma|署名|サイン)\b", re.I)
_DATE = re.compile(r"\b(?:date|dated|deadline|due|expiry|expires|expiration|day|datum|fecha|termin)\b|日付|期日", re.I)
_TIME = re.compile(r"\b(?:time|uhrzeit|hora)\b|時刻", re.I)
_DURATION_WORDS = re.compile(r"\b(?:response|duration|elapsed|latency|uptime|downtime|taken|spent|average|avg|mean|median|"
                             r"total|build|run|p\d\d|time to|lead time|cycle time|dauer|duraci[óo]n)\b|所要", re.I)
_WINDOW = re.compile(r"^(?:start|end|begin|finish|started|ended|from|until)(?:ed)?(?: time)?$", re.I)
_LONG = re.compile(r"(?:^|\b)(?:notes?|comments?|remarks|observations|reason|description|summary|lessons learned|"
                   r"what went well|what could be improved|to improve|action items|issues (?:encountered|found|seen)|"
                   r"bemerkungen|notizen|anmerkungen|notas|comentarios|observaciones|備考|メモ|コメント)$", re.I)

SEVERITY = {
    "critical": "critical", "blocker": "critical", "high": "high", "required": "high", "must": "high",
    "medium": "medium", "normal": "medium", "low": "low", "optional": "low", "nice to have": "low",
}
_SEV = re.compile(r"^\s*(?:\*\*|__)?\s*(critical|blocker|high|required|must|medium|low|optional|nice to have)\s*:\s*(?:\*\*|__)?:?\s*", re.I)  # noqa: E501 (one regex)
_SEV_BOLD = re.compile(r"^\s*(?:\*\*|__)\s*(critical|blocker|high|required|medium|low|optional)\s*(?:\*\*|__)\s*:\s*", re.I)

_DURATION = re.compile(
    r"(?:~|approx\.?\s*|about\s*|[<≤>≥]=?\s*)?(?P<a>\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to)\s*(?P<b>\d+(?:\.\d+)?))?\s*"
    r"(?P<u>minutes?|mins?|m\b|hours?|hrs?|h\b|seconds?|secs?|s\b|days?)",
    re.I,
)
_PAREN_EST = re.compile(r"\s*\(([^()]*\d[^()]*)\)\s*$")
_EST_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:time estimate|estimated time|estimated duration|time required|estimate|duration|eta)"
    r"\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<v>.+?)\s*$",
    re.I,
)


def plain(text: str) -> str:
    """Inline Markdown to a label: no emphasis markers, no trailing colon."""
    text = text.replace("\\_", "_")
    if "_" in text:
        text = _EMPH.sub("", text)
    elif "*" in text:
        # Only even runs of '*' (the usual **bold**): the regex would drop them all.
        bare = text.replace("**", "")
        text = bare if "*" not in bare else _EMPH.sub("", text)
    # split/join == re.sub(r"\s+", " ") here: the strip below drops edge spaces anyway.
    return " ".join(text.split()).strip(" :-–—=\t")


def estimate_of(text: str) -> tuple[str, bool] | None:
    """'10-15 minutes' -> ('10-15 min', exact). exact is False for '< 5 minutes'."""
    m = _DURATION.search(text)
    if not m:
        return None
    unit = m.group("u").lower()
    num = m.group("a") + (f"-{m.group('b')}" if m.group("b") else "")
    if unit.startswith("m"):
        unit = "min"
    elif unit.startswith("h"):
        unit = "hour" if num == "1" else "hours"
    elif unit.startswith("s"):
        unit = "s"
    else:
        unit = "day" if num == "1" else "days"
    exact = not re.match(r"\s*[<≤>≥~]|\s*(?:approx|about)", m.group(0), re.I)
    return (f"{num}s" if unit == "s" else f"{num} {unit}"), exact


def heading_estimate(title: str) -> tuple[str, str | None, bool]:
    """'Phase 1: Setup (45-60 minutes)' -> ('Phase 1: Setup', '45-60 min', True)."""
    m = _PAREN_EST.search(title)
    if m:
        est = estimate_of(m.group(1))
        # Only a pure duration in the parentheses, not "(10-20 users recommended)".
        if est and re.fullmatch(r"[\s<≤>≥~]*(?:approx\.?|about)?[\s\d.\-–—to]*(?:minutes?|mins?|hours?|hrs?|h|seconds?|secs?|s|days?)\s*", m.group(1), re.I):  # noqa: E501 (one regex)
            return title[: m.start()].rstrip(), est[0], est[1]
    return title, None, True


def estimate_line(line: str) -> tuple[str, bool] | None:
    """'**Time Estimate**: 10-15 minutes' -> ('10-15 min', True)."""
    m = _EST_LABEL.match(line)
    return estimate_of(m.group("v")) if m else None


def severity_of(text: str) -> tuple[str | None, str]:
    """'**CRITICAL:** Do x' -> ('critical', 'Do x')."""
    m = (_SEV.match(text) or _SEV_BOLD.match(text)) if ":" in text else None  # both need a ':'
    if not m:
        return None, text
    rest = text[m.end():].strip()
    return (SEVERITY[m.group(1).lower()], rest) if rest else (None, text)


@dataclass
class Fields:
    """An item's text with its inline fields taken out, the fields, and what the importer was unsure of."""
    text: str
    fields: list[dict[str, Any]] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    selected: list[tuple[str, str]] = field(default_factory=list)  # (field label, option ticked in the source)


def _last_separator(seg: str) -> int:
    """Index of the last top-level ',', ';', ':' or still-open '(' (a closed '(...)' is part of a label)."""
    if "(" not in seg and ")" not in seg:  # every separator is top-level
        return max(seg.rfind(","), seg.rfind(";"), seg.rfind(":"))
    depth = 0
    for i in range(len(seg) - 1, -1, -1):
        c = seg[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in ",;:":
            return i
    return -1


_FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def _label(segment: str) -> str:
    seg = plain(segment.translate(_FULL_WIDTH) if not segment.isascii() else segment)
    seg = seg.rstrip(" (/[,;")
    while seg:
        cut = _last_separator(seg)
        if cut < 0:
            break
        tail = seg[cut + 1 :].strip(" :-")
        if tail:
            return tail
        seg = seg[:cut].strip()
    return seg.strip(" :-")


def _blank_type(label: str, width: int) -> str:
    if _SIGN.search(label):
        return "signature"
    if _DATE.search(label):
        return "datetime" if _TIME.search(label) else "date"
    if _WINDOW.match(label):
        return "datetime"
    if _TIME.search(label):
        return "text" if _DURATION_WORDS.search(label) else "time"
    if _LONG.search(label) or width >= 40:
        return "textarea"
    return "text"


def _slash_choice(src: str) -> tuple[str, list[str]] | None:
    """'Status: Success / Partial / Rolled Back' -> a choice, only for verdict-like words."""
    m = _SLASH_CHOICE.search(plain(src))
    if not m:
        return None
    opts = list(dict.fromkeys(o.strip() for o in m.group("opts").split("/")))  # once each
    if len(opts) < 2:
        return None
    if sum(o.lower() in _VERDICTS for o in opts) * 2 < len(opts):
        return None
    return plain(m.group("label")), opts


def has_fields(text: str) -> bool:
    """True when `text` may hold inline fields (blanks, "Name: ____"), a cheap test before extract_fields."""
    return bool(
        "_" in text and BLANK_RE.search(text.replace("\\_", "_"))
        or "/" in text and (_YESNO.search(text) or _slash_choice(text))
        or ("[" in text or not text.isascii()) and find_choice(text) is not None  # boxes: '[ ]' or ☐ ☑ ...
    )


def extract_fields(text: str) -> Fields:
    """Find blanks and answers; return the text without them plus field specs."""
    src = text.replace("\\_", "_")
    spans: list[tuple[int, int, dict[str, Any]]] = []
    # Each pattern needs a character that is often absent: test for it first.
    choice = find_choice(src) if "[" in src or not src.isascii() else None
    if choice is not None:
        spans.append((choice.start, choice.end, dict(choice.field, _selected=choice.selected)))
    for m in _YESNO.finditer(src) if "/" in src else ():
        x = m.group("x")
        if x is None:
            f: dict[str, Any] = {"type": "yesno"}
        elif _NA.fullmatch(x):
            f = {"type": "yesno", "na": True}
        else:
            f = {"type": "choice", "options": [m.group("y"), m.group("n"), x]}
            if x.lower() in (m.group("y").lower(), m.group("n").lower()):  # "YES / NO / NO"
                f = {"type": "yesno"}
        spans.append((m.start(), m.end(), f))
    for m in BLANK_RE.finditer(src) if "_" in src else ():
        end = m.end()
        f = {"type": "text", "_width": m.group(0).count("_")}
        u = _UNIT.match(src, end)
        if u:
            f = {"type": "number", "unit": u.group(1)}
            end = u.end()
        spans.append((m.start(), end, f))
    if not spans:
        got = _slash_choice(src) if "/" in src else None
        if got:
            label, opts = got
            out = Fields(f"**{label}**" if "**" in src else label)
            out.fields.append({"id": id_slug(label) or "choice", "type": "choice", "label": label, "options": opts})
            out.unsure.append("choice options guessed from 'a / b' text")
            return out
        return Fields(text)
    spans.sort(key=lambda s: s[0])
    kept: list[tuple[int, int, dict[str, Any]]] = []
    for s in spans:  # drop overlaps (a blank inside a choice option, ...)
        if not kept or s[0] >= kept[-1][1]:
            kept.append(s)
    result = Fields("")
    pieces: list[str] = []
    pos, prev_label, ids = 0, "", set()
    for start, end, f in kept:
        pieces.append(src[pos:start])
        own = _label(src[pos:start])
        label = own or (f"{prev_label} (2)" if prev_label else "")
        if not label:
            label = "Value"
            result.unsure.append("blank without a label")
        elif not own:
            result.unsure.append(f"second blank labelled '{label}'")
        width = f.pop("_width", 0)
        sel = f.pop("_selected", None)
        if sel:
            result.selected.append((label, sel))
        if f["type"] == "text":
            f["type"] = _blank_type(label, width)
        fid = base = id_slug(label, 32) or "field"
        n = 2
        while fid in ids:
            fid, n = f"{base}-{n}", n + 1
        ids.add(fid)
        result.fields.append({"id": fid, "type": f["type"], "label": label, **{k: v for k, v in f.items() if k != "type"}})
        prev_label, pos = label, end
    pieces.append(src[pos:])
    result.text = tidy("".join(pieces))
    return result


def tidy(text: str) -> str:
    """Clean what is left once blanks are cut out: '(a: , b: )' -> '(a, b)'."""
    # Each step runs only when the text holds a character its pattern needs:
    # `in` is far cheaper than a regex scan that finds nothing.
    # In printable ASCII the only whitespace is ' ': cheaper necessary conditions.
    simple = text.isascii() and text.isprintable()
    if "**" in text and ("****" in text or "** " in text or not simple):
        text = _T_EMPTY_BOLD.sub("", text)
    if "  " in text or "\t" in text:  # a lone space would be replaced by itself
        text = _T_SPACES.sub(" ", text)
    if "/" in text:
        text = _T_SLASH_BEFORE.sub(" ", text)
    if "," in text or ";" in text or ")" in text:
        text = _T_SPACE_PUNCT.sub(r"\1", text)
    if "(" in text:
        text = _T_OPEN_SEP.sub(r"\1", text)
    if ":" in text:
        text = _T_COLON.sub("", text)
    if "/" in text:
        text = _T_SLASH.sub("", text)
    if ")" in text:
        text = _T_SEP_CLOSE.sub(")", text)
    if "(" in text:
        text = _T_EMPTY_PARENS.sub("", text)
    if "  " in text or not simple:
        text = _T_WHITESPACE.sub(" ", text)
    return text.strip(" ,;")


_SIGNOFF_EXTRA = {"date": "date", "time": "time", "signature": "signature", "name": "name", "initials": "initials",
                  "datum": "date", "fecha": "date", "日付": "date", "uhrzeit": "time", "hora": "time", "heure": "time",
                  "unterschrift": "signature", "firma": "signature", "署名": "signature", "nombre": "name", "nom": "name",
                  "名前": "name", "kürzel": "initials"}


def signoff_line(text: str) -> tuple[str, list[str]] | None:
    """'Engineering Lead: ____ Date: ____' -> ('Engineering Lead', [name, signature, date])."""
    parsed = extract_fields(text)
    if not parsed.fields or any(f["type"] in ("yesno", "choice", "number") for f in parsed.fields):
        return None
    first, rest = parsed.fields[0], parsed.fields[1:]
    if first["type"] not in ("text", "signature"):
        return None
    cols = ["name", "signature"]
    for f in rest:
        key = _SIGNOFF_EXTRA.get(f["label"].lower())
        if key is None:
            return None
        if key not in cols:
            cols.append(key)
    role = first["label"]
    leftover = plain(parsed.text)
    if _SIGN.search(role) or role.lower() in ("approved by", "signed by", "name"):
        m = re.fullmatch(r"[^()]*\(([^()]{2,60})\)", leftover)
        if not m:
            return None
        role = m.group(1).strip()
    elif plain(leftover) not in (role, "", plain(role) + " Date", plain(role) + " Date Time"):
        if not re.fullmatch(re.escape(role) + r"(?:\s*:?\s*(?:" + "|".join(_SIGNOFF_EXTRA) + "))*", leftover, re.I):
            return None
    if len(role.split()) > 8:
        return None
    return role, cols

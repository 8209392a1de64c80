"""Choice lines: boxes that offer options on one line.

``Status: ☐ Not started / ☐ In progress / ☑ Done``, ``Type: [ ] Major | [ ] Minor``,
``Colour: BLUE ☐ / GREEN ☐`` (box after the label), ``Tests pass: ✅ / ❌`` and
``Backup verified: YES ☐ NO ☐``. Separators (``/ | , ;``) between options are
not part of them; a ticked box marks the option selected in the source; a
yes/no pair (in a few languages) gives a ``yesno`` field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

BOX = re.compile(r"\[[ xX✓✔]\]|[☐□⬜🔲☑☒✅❌✔✓]\ufe0f?")
_TICKED = re.compile(r"\[[xX✓✔]\]|[☑☒✅✔✓]")
_PAIR = re.compile(r"✅\ufe0f?\s*(?:/|\||,|or|oder|o)?\s*❌\ufe0f?")
_SEPS = " \t/|,;·:-–—"
_YES = {"yes", "y", "ja", "sí", "si", "oui", "はい", "有", "✅", "ok"}
_NO = {"no", "n", "nein", "non", "いいえ", "無", "❌"}
_NA = re.compile(r"^(?:n/?a|not applicable|k\.?\s?a\.?|entfällt|no aplica|該当なし)$", re.I)
_EMPH = re.compile(r"\*\*|__|`")


@dataclass
class Choice:
    """An inline choice (`[ ] A / [ ] B`, `yes / no`) found in an item's text: its span and the field it makes."""
    start: int  # span of the options in the line, cut out of the item text
    end: int
    field: dict[str, Any]  # {"type": "choice", "options": [...]} or {"type": "yesno"[, "na": True]}
    selected: str | None


def _clean(opt: str) -> str:
    return _EMPH.sub("", opt).strip(_SEPS + "*_()[]")


def find_choice(src: str) -> Choice | None:
    """The one-line choice in ``src`` (at least two options), or None."""
    pair = _PAIR.search(src)
    if pair:
        return Choice(pair.start(), pair.end(), {"type": "yesno"}, None)
    boxes = list(BOX.finditer(src))
    if len(boxes) < 2:
        return None
    after_last = src[boxes[-1].end():]
    before_first = src[: boxes[0].start()]
    # Box after its label ("BLUE ☐ / GREEN ☐"): nothing but separators after the last box,
    # and a word right before the first one.
    label_first = not after_last.strip(_SEPS) and bool(re.search(r"\w\W{0,2}$", before_first))
    opts: list[tuple[str, bool]] = []
    if label_first:
        colon = before_first.rfind(":")
        start = colon + 1 if colon >= 0 else 0
        prev = start
        for m in boxes:
            opts.append((_clean(src[prev:m.start()]), bool(_TICKED.fullmatch(m.group(0)))))
            prev = m.end()
        end = boxes[-1].end()
        start += len(src[start:]) - len(src[start:].lstrip())
    else:
        start = boxes[0].start()
        for i, m in enumerate(boxes):
            stop = boxes[i + 1].start() if i + 1 < len(boxes) else len(src)
            if i + 1 == len(boxes):
                # the last option runs to a '(' or the end: "☐ Done (see notes)" keeps the note
                paren = src.find("(", m.end())
                stop = paren if paren > 0 else stop
            opts.append((_clean(src[m.end():stop]), bool(_TICKED.fullmatch(m.group(0)))))
        end = stop
    names = [o for o, _t in opts]
    if len([o for o in names if o]) < 2 or len(set(names)) < len(names):
        return None
    selected = next((o for o, t in opts if t), None)
    low = [o.lower() for o in names]
    if len(low) in (2, 3) and low[0] in _YES and low[1] in _NO and (len(low) == 2 or _NA.match(low[2])):
        f: dict[str, Any] = {"type": "yesno", **({"na": True} if len(low) == 3 else {})}
    else:
        f = {"type": "choice", "options": names}
    return Choice(start, end, f, selected)

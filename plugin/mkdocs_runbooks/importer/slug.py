"""Readable, stable, unique ids from free text."""

from __future__ import annotations

import re
import unicodedata

from mkdocs_runbooks.format.spec import PAGE_IDS

MAX_LEN = 48

# "1.", "1.1", "2)", "Phase 2:", "Step 1.1:", "Action 3 -": numbering that belongs
# in a title but would make ids shift whenever a document is renumbered.
_NUMBERING = re.compile(
    r"""^\s*(?:
        (?:phase|step|stage|part|section|action|task|chapter|day|week|appendix)\s+
            [0-9ivxlc]+(?:\.[0-9]+)*[a-z]?\s*[.):\-–—]?\s*
      | [0-9]+(?:\.[0-9]+)+\.?\s+
      | [0-9]+[.):]\s+
      | [a-z][.)]\s+
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_LEAD_SYMBOLS = re.compile(r"^[^\w(\[]+")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# ASCII code -> itself for a-z and 0-9, else a space: translate + split + join
# does what re.sub("[^a-z0-9]+", "-", ...).strip("-") does, in half the time.
_TO_SPACE = "".join(chr(i) if chr(i).isdigit() or "a" <= chr(i) <= "z" else " " for i in range(128))


def strip_numbering(title: str) -> str:
    """Drop a leading outline number so ids survive renumbering."""
    m = _LEAD_SYMBOLS.match(title)  # emoji / bullets before "Phase 1:"
    if m:
        title = title[m.end():]
    m = _NUMBERING.match(title)
    out = title[m.end():] if m else title
    return out if out.strip() else title


def id_slug(text: str, max_len: int = MAX_LEN) -> str:
    """Lowercase ASCII letters, digits and '-', cut on a word boundary."""
    if "](" in text:  # every match of _MD_LINK contains "]("
        text = _MD_LINK.sub(r"\1", text)
    if not text.isascii():  # NFKD + ASCII-only is the identity on ASCII text
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.replace("'", "").replace("’", "")
    slug = "-".join(text.lower().translate(_TO_SPACE).split())  # text is ASCII here
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        # Keep whole words; fall back to a hard cut for one giant word.
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_len]
    return slug.strip("-")


class IdPool:
    """One namespace for a whole runbook: sections, items, procedures, ..."""

    def __init__(self) -> None:
        self._used: set[str] = set(PAGE_IDS)  # the page's own heading ids: `runbooks check` rejects them
        self._next: dict[str, int] = {}  # next suffix per base: O(1) on long runs of repeats

    def take(self, text: str, fallback: str = "item", numbered: bool = False) -> str:
        """A new unique id made from `text` (`fallback` when it has no letters); `numbered` gives fallback-N."""
        base = id_slug(strip_numbering(text) if numbered else text) or fallback
        candidate, n = base, self._next.get(base, 2)
        while candidate in self._used:
            suffix = f"-{n}"
            candidate = base[: MAX_LEN + 8 - len(suffix)].rstrip("-") + suffix
            n += 1
        self._used.add(candidate)
        if candidate != base:
            self._next[base] = n
        return candidate

    def __contains__(self, key: str) -> bool:
        return key in self._used

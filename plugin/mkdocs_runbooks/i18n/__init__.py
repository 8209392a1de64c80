"""One string table for every user-facing string of ours, keyed on the site's language.

The tables are ``<lang>.yml`` files beside this module (``en.yml`` is the reference:
every key, with what it is for). A site picks one with ``theme.language`` (MkDocs /
Material); ``pt-BR`` falls back to ``pt``, then to English, key by key. A site can
override any key from ``mkdocs.yml`` (the plugin's ``strings`` option): ``{key: text}``
for every language, or ``{lang: {key: text}}`` for one.

Keys are dotted names; ``{name}`` in a text is filled in at use. A key ending in a CLDR
plural category (``.one``, ``.other``, ...) is one form of a counted text (``plural``).
The page carries what the browser needs: the ``js.*`` texts as JSON for runbooks.js and
the ``css.*`` texts as custom properties for the stylesheets' ``content`` labels.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources

import yaml

__all__ = ["LANGUAGES", "Strings", "StringsError", "base_language", "english", "strings_for"]

#: languages with a table of their own (English is the reference)
LANGUAGES = ("en", "de", "fr", "es", "pt", "ja", "zh", "ar")
#: languages written right to left (the table's ``dir``; a site's override wins)
_RTL = frozenset({"ar", "he", "fa", "ur"})
_PLURALS = ("zero", "one", "two", "few", "many", "other")
_FIELD = re.compile(r"\{(\w+)\}")


class StringsError(ValueError):
    """A ``strings`` override names a key no table has, or is not text; the message says which."""


def base_language(tag: str) -> str:
    """``pt-BR`` / ``pt_BR`` / ``PT`` -> ``pt``; the part of a BCP 47 tag that picks a table."""
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


@cache
def _table(lang: str) -> dict[str, str]:
    """The shipped table of ``lang`` (``{}`` if none); read once per process."""
    ref = resources.files(__name__) / f"{lang}.yml"
    if not ref.is_file():
        return {}
    # the C loader where PyYAML has it (same YAML rules as safe_load, ~10x faster: every build reads en.yml)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(ref.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 (a safe loader)
    return {str(k): str(v) for k, v in data.items()}


def plural_category(lang: str, n: int) -> str:
    """The CLDR plural category of ``n`` in ``lang``, for the languages we ship (integers only).

    Source: CLDR plural rules (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html).
    """
    n = abs(n)
    if lang in ("ja", "zh"):
        return "other"
    if lang == "fr" or lang == "pt":  # pt (Brazilian) and fr: 0 and 1 are "one"
        return "one" if n in (0, 1) else "other"
    if lang == "ar":
        if n == 0:
            return "zero"
        if n in (1, 2):
            return "one" if n == 1 else "two"
        return "few" if 3 <= n % 100 <= 10 else "many" if 11 <= n % 100 <= 99 else "other"
    return "one" if n == 1 else "other"


@dataclass(frozen=True)
class Strings:
    """The texts of one language: the shipped table, English under it, the site's overrides over it.

    ``get(key, **values)`` fills ``{name}`` fields; ``plural(key, n, **values)`` picks the
    form for ``n``. A key no table has is a programming error (KeyError), never shown.
    """

    lang: str = "en"
    table: Mapping[str, str] = field(default_factory=dict)
    #: (key, n) -> the counted text without other values (``plural``); the table never changes once made
    _counted: dict[tuple[str, int], str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def get(self, key: str, /, **values: object) -> str:
        """The text of ``key`` with its ``{fields}`` filled from ``values``; KeyError for an unknown key or field."""
        text = self.table[key]
        return _FIELD.sub(lambda m: str(values[m.group(1)]), text) if values else text

    def plural(self, key: str, n: int, /, **values: object) -> str:
        """The form of counted text ``key`` for ``n`` (CLDR category, else ``.other``), ``{n}`` filled with n."""
        if not values and type(n) is int:  # a page's counts repeat (every section of 8 items): made once per table
            done = self._counted.get((key, n))
            if done is None:
                done = self._counted[(key, n)] = self._plural(key, n, {})
            return done
        return self._plural(key, n, values)

    def _plural(self, key: str, n: int, values: dict[str, object]) -> str:
        form = f"{key}.{plural_category(base_language(self.lang), n)}"
        text = self.table.get(form) or self.table[f"{key}.other"]
        return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) != "n" else str(n), text)

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``."""
        return "rtl" if self.table.get("dir") == "rtl" else "ltr"

    @property
    def locale(self) -> str:
        """The BCP 47 tag dates and times are formatted by (Intl, in the browser)."""
        return self.table.get("locale") or self.lang

    def prefixed(self, prefix: str) -> dict[str, str]:
        """The texts under ``prefix`` (``js.``), keyed without it."""
        n = len(prefix)
        return {k[n:]: v for k, v in self.table.items() if k.startswith(prefix)}

    @cached_property  # once per table: every page writes it (the table never changes once made)
    def js_json(self) -> str:
        """The ``js.*`` texts and the locale as JSON, for runbooks.js (read from the page)."""
        data = {"locale": self.locale, "lang": self.lang, "export": self.table["toolbar.export"],
                "printed": self.table["cover.printed"], **self.prefixed("js.")}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @cached_property  # twice per page in a site build (the page cache's keys)
    def digest(self) -> str:
        """Changes whenever any text changes: part of a cached page's key."""
        text = json.dumps([self.lang, sorted(self.table.items())], ensure_ascii=False)
        return hashlib.blake2s(text.encode(), digest_size=8).hexdigest()


def _check_override(key: str, text: object, where: str) -> str:
    known = _table("en")
    stem, _, form = key.rpartition(".")
    if form in _PLURALS and f"{stem}.other" in known:  # any plural form of a counted text
        known = {**known, key: known[f"{stem}.other"]}
    if key not in known:
        near = difflib.get_close_matches(key, list(known), n=1)
        hint = f"; did you mean '{near[0]}'?" if near else "; the keys are listed in the 'Language' section of the manual"
        raise StringsError(f"{where}: unknown string key '{key}'{hint}")
    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
        raise StringsError(f"{where}: the text of '{key}' must be a string")
    want, got = set(_FIELD.findall(known[key])), set(_FIELD.findall(str(text)))
    if got - want:
        raise StringsError(f"{where}: the text of '{key}' uses {{{sorted(got - want)[0]}}}, which it is not given; "
                           f"it can use {', '.join('{' + w + '}' for w in sorted(want)) or 'no fields'}")
    return str(text)


def strings_for(language: str | None, overrides: Mapping[str, object] | None = None) -> Strings:
    """The texts for ``language`` (a ``theme.language`` tag; None: English).

    ``overrides`` is the plugin's ``strings`` option: ``{key: text}`` for every language and
    ``{lang: {key: text}}`` for one (its base language or the full tag). Raises StringsError
    for an unknown key, a non-text value or a ``{field}`` the key is not given.
    """
    tag = (language or "en").strip() or "en"
    lang = base_language(tag)
    merged = dict(_table("en"))
    merged.update(_table(lang))
    merged["dir"] = "rtl" if lang in _RTL else merged.get("dir", "ltr")
    per_lang: dict[str, str] = {}
    for key, value in (overrides or {}).items():
        if isinstance(value, Mapping):
            mine = base_language(str(key)) == lang or str(key).lower() == tag.lower()
            for k, v in value.items():  # every language's overrides are checked, this one's used
                text = _check_override(str(k), v, f"strings.{key}")
                if mine:
                    per_lang[str(k)] = text
        else:
            merged[str(key)] = _check_override(str(key), value, "strings")
    merged.update(per_lang)  # one language's text wins over the all-language one
    return Strings(lang=tag, table=merged)


@lru_cache(maxsize=1)
def english() -> Strings:
    """The English texts without overrides: the default wherever no site language is known."""
    return strings_for("en")

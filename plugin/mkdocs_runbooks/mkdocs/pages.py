"""Runbook pages that do not hold their text while MkDocs holds every page (an adapter, like plugin.py).

MkDocs converts every page before it writes any (``commands/build.py``: all pages are
populated, then all are built) and keeps each page's Markdown and HTML on its ``Page``
object until the build ends. A runbook page carries several times the HTML of the same
checklist written in Markdown (form controls, cover, sign-off sheets), so at 1,000
runbooks the pages' text was most of a build's memory (issue 18).

- :func:`pack`: the page keeps ``markdown`` and ``content`` zlib-compressed, except
  for the page in hand (the last one whose text was read or set). Every reader still gets
  the same text at any time (search, the theme, other plugins, ``on_post_build``);
  a page's text is compressed once when the build moves on to the next page, and
  decompressed once when the build comes back to it.
- :class:`AnchorIds`: the ids a runbook page's skeleton puts on the page (deep-link
  targets MkDocs checks links against), compressed, next to MkDocs' own set.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, MutableSet
from typing import Any

#: shorter texts are kept as they are: compressing them saves nothing worth the time
_SMALL = 2048
_KEY = {name: f"_rb_packed_{name}" for name in ("markdown", "content")}


class _Hand:
    """The one page whose text is kept uncompressed (a build handles one page at a time)."""

    page: Any = None

    def take(self, page: Any) -> None:
        """Make ``page`` the page in hand; the previous one's texts are compressed."""
        if page is self.page:
            return
        before, self.page = self.page, page
        if before is not None:
            for key in _KEY.values():
                value = before.__dict__.get(key)
                if isinstance(value, str) and len(value) > _SMALL:
                    before.__dict__[key] = zlib.compress(value.encode("utf-8", "surrogatepass"), 1)


_HAND = _Hand()


class _Packed:
    """A data descriptor for one text attribute of a packed page (``markdown`` or ``content``)."""

    def __init__(self, name: str) -> None:
        self.key = _KEY[name]

    def __get__(self, page: Any, owner: type | None = None) -> Any:
        if page is None:
            return self
        value = page.__dict__.get(self.key)
        if isinstance(value, bytes):
            value = zlib.decompress(value).decode("utf-8", "surrogatepass")
            page.__dict__[self.key] = value
            _HAND.take(page)  # (a text kept as it is stays so: reading it moves nothing)
        return value

    def __set__(self, page: Any, value: Any) -> None:
        page.__dict__[self.key] = value
        _HAND.take(page)


class _Title:
    """``Page.title`` without unpacking the page's Markdown to see that it is not None.

    MkDocs' title (a ``weak_property``) starts with ``if self.markdown is None``, and every page
    of the site reads the title of every page in its navigation: that must not decompress. Written
    the same way as that property: a value set on the page wins; then the title of its metadata,
    then the one its rendering found; anything else is asked of the engine's own property.
    """

    def __init__(self, base: Any) -> None:
        self.base = base

    def __get__(self, page: Any, owner: type | None = None) -> Any:
        if page is None:
            return self
        if isinstance(page.__dict__.get(_KEY["markdown"]), bytes):  # read, so not None
            if "title" in page.meta:
                return page.meta["title"]
            if page._title_from_render:
                return page._title_from_render
        return self.base.__get__(page, owner)


_classes: dict[type, type] = {}


def _packed_class(base: Any) -> type:
    """``base`` (the engine's Page class, or a plugin's subclass of it) with packed texts."""
    cls = _classes.get(base)
    if cls is None:
        def __eq__(self: Any, other: object) -> bool:  # noqa: N807
            # as the engine's Page compares (same title and file), to a plain Page too
            return isinstance(other, base) and bool(base.__eq__(other, self))

        cls = type(base.__name__, (base,), {
            "markdown": _Packed("markdown"), "content": _Packed("content"),
            "title": _Title(next(c.__dict__["title"] for c in base.__mro__ if "title" in c.__dict__)),
            "__eq__": __eq__, "__hash__": base.__hash__, "__module__": base.__module__,
            "__doc__": base.__doc__,
        })
        _classes[base] = cls
    return cls


def pack(page: Any) -> None:
    """Keep ``page``'s Markdown and HTML compressed while it is not the page in hand.

    ``page`` is the engine's ``Page`` (MkDocs or ProperDocs); its class becomes a subclass
    whose ``markdown`` and ``content`` read and write through the compressed store, so every
    reader of the page sees the same values as before. Safe to call twice.
    """
    if isinstance(type(page).__dict__.get("content"), _Packed):
        return
    values = {name: page.__dict__.pop(name, None) for name in _KEY}
    page.__class__ = _packed_class(type(page))
    for name, value in values.items():
        setattr(page, name, value)


def release() -> None:
    """Forget the page in hand (end of a build), so no page of a finished build stays reachable."""
    _HAND.page = None


class AnchorIds(MutableSet[str]):
    """MkDocs' set of a page's anchor ids, plus the ids of the page's skeleton kept compressed.

    MkDocs keeps every page's ids to check links to ``page.md#anchor`` once every page is
    converted (``Page.validate_anchor_links``: ``anchor in page.present_anchor_ids``); a
    runbook page has hundreds (every item, field and section), which held as a set of strings
    cost ~25 KB a page. Reads as a set of both parts (``in``, iteration, ``len``, ``set(...)``,
    ``|``); ``add``/``update``/``discard`` change MkDocs' part.
    """

    def __init__(self, ids: Iterable[str], extra: Iterable[str]) -> None:
        self._ids = set(ids)
        kept = sorted(i for i in extra if i and "\n" not in i)  # an HTML id is never empty nor multi-line
        self._extra = zlib.compress("\n".join(["", *kept, ""]).encode("utf-8", "surrogatepass"), 6)

    def _extras(self) -> list[str]:
        return zlib.decompress(self._extra).decode("utf-8", "surrogatepass").split("\n")[1:-1]

    def __contains__(self, anchor: object) -> bool:
        if anchor in self._ids:
            return True
        if not isinstance(anchor, str) or not anchor or "\n" in anchor:
            return False
        return f"\n{anchor}\n".encode("utf-8", "surrogatepass") in zlib.decompress(self._extra)

    def __iter__(self) -> Iterator[str]:
        yield from self._ids
        yield from (i for i in self._extras() if i not in self._ids)

    def __len__(self) -> int:
        return len(self._ids) + sum(1 for i in self._extras() if i not in self._ids)

    def add(self, value: str) -> None:
        """Add an id (to MkDocs' part)."""
        self._ids.add(value)

    def discard(self, value: str) -> None:
        """Remove an id of MkDocs' part (the skeleton's ids stay)."""
        self._ids.discard(value)

    def update(self, *others: Iterable[str]) -> None:
        """As ``set.update``."""
        for other in others:
            self._ids.update(other)

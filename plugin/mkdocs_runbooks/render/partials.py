"""The page's building blocks as Jinja2 templates that a site's theme can override.

The templates ship in ``mkdocs_runbooks/templates/runbooks/partials/`` (item, field, fields,
sign-off table, contacts table, cover, toolbar, procedure, rollback map). A site overrides one
by putting a file of the same name under its theme's ``custom_dir``
(``overrides/runbooks/partials/item.html``), the way Material's partials are overridden; the
MkDocs adapter passes ``custom_dir``, the core only takes a list of folders.

Escaping happens in one place: autoescape. Every value a template gets is text, except the
pieces the renderer already made HTML (Markdown fragment placeholders, nested partials), which
it passes as ``Markup``. Templates are compiled once per set of folders (and the override
files' contents), then reused for every page of every build in the process.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from mkdocs_runbooks.render.partials_py import FUNCTIONS

__all__ = ["NAMES", "Partials", "TemplateError", "partials_for", "shipped"]

#: what a broken override raises (syntax error, unreadable file): adapters report it positioned
TemplateError = jinja2.TemplateError

#: the override points, one file each under ``runbooks/partials/`` (documented on the Printing page)
NAMES = ("item", "fields", "field", "signoff", "contacts", "cover", "toolbar", "procedure", "rollback_map")
_PREFIX = "runbooks/partials/"


_JOIN = re.compile(r"\n[ \t]*")


class _OneLineLoader(jinja2.FileSystemLoader):
    """A partial is one line of HTML: a line break and the indentation after it are dropped, so
    templates stay readable and pages carry no whitespace text nodes (search parses each one)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        return _JOIN.sub("", source.strip()), filename, uptodate


def _package_dir() -> str:
    return str(resources.files("mkdocs_runbooks") / "templates")


@dataclass(frozen=True)
class Partials:
    """Compiled partials: ``render(name, **values)`` -> HTML (autoescaped). A partial sees the values
    it is given, Jinja's filters and tests, and not Jinja's global functions.

    ``digest`` names the templates in use (overrides included): part of a cached page's key.
    """

    env: jinja2.Environment
    digest: str
    templates: dict[str, jinja2.Template] = field(default_factory=dict)
    #: the partials a site overrides; the others, where partials_py.py has them, are written in Python
    overridden: frozenset[str] = frozenset(NAMES)

    def render(self, name: str, /, **values: Any) -> str:
        """The partial ``name`` (templates/partials/<name>.html) rendered with ``values``; compiled once."""
        if name not in self.overridden:
            fast = FUNCTIONS.get(name)
            if fast is not None:
                return fast(**values)
        return self.render_template(name, **values)

    def template(self, name: str) -> jinja2.Template:
        """The compiled partial ``name``: overrides are compiled at once, ours when first used."""
        tpl = self.templates.get(name)
        if tpl is None:
            tpl = self.templates[name] = self.env.get_template(f"{_PREFIX}{name}.html")
        return tpl

    def render_template(self, name: str, /, **values: Any) -> str:
        """The partial ``name`` from its template, always (``render`` may take a shortcut)."""
        tpl = self.template(name)
        # a shared context: the values as given, without a copy merged with Jinja's globals
        # (range, dict, ...): a third of the cost of rendering an item
        return "".join(tpl.root_render_func(tpl.new_context(values, shared=True)))


def _override_files(dirs: tuple[str, ...]) -> list[Path]:
    return sorted(p for d in dirs for p in (Path(d) / _PREFIX).glob("*.html") if p.is_file())


def partials_for(override_dirs: list[str] | tuple[str, ...] | None = None) -> Partials:
    """The partials with ``override_dirs`` (a theme's ``custom_dir``, first wins) before ours.

    An override's file contents are part of the cache key, so an edited override (``mkdocs serve``)
    is compiled again; unchanged ones are reused across builds.
    """
    dirs = tuple(str(Path(d).resolve()) for d in (override_dirs or ()) if d and Path(d).is_dir())
    h = hashlib.blake2s(digest_size=8)
    for p in _override_files(dirs):
        h.update(str(p).encode() + b"\0" + p.read_bytes() + b"\0")
    return _compiled(dirs, h.hexdigest())


@lru_cache(maxsize=8)
def _compiled(dirs: tuple[str, ...], digest: str) -> Partials:
    env = jinja2.Environment(
        loader=_OneLineLoader([*dirs, _package_dir()]),
        autoescape=True,  # the one place where values are escaped
        auto_reload=False,  # the digest decides when to compile again
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )
    overridden = frozenset(n for n in NAMES if any((Path(d) / f"{_PREFIX}{n}.html").is_file() for d in dirs))
    partials = Partials(env, digest or "shipped", overridden=overridden)
    # overrides now: a broken one fails the build at its start; ours when first used (the item
    # partials are written in Python too and may never be compiled: ~1/20 of a small site's build)
    for name in overridden:
        partials.templates[name] = env.get_template(f"{_PREFIX}{name}.html")
    return partials


@lru_cache(maxsize=1)
def shipped() -> Partials:
    """Our own partials, no overrides: the default outside a site (library use, tests)."""
    return partials_for(())

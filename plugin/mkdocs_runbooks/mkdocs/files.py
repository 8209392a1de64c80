"""MkDocs file objects of the plugin (an adapter, like plugin.py).

- ``PageFile``: a generated page read from the build's cache when MkDocs reads it,
  unmodified for ``--dirty`` when unchanged;
- ``one_page_per_url``: two pages at one URL are a build error;
- ``read_built``/``write_built``: the keys of the pages last written to site_dir.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_runbooks.mkdocs.engine import engine_module
from mkdocs_runbooks.project.build import GeneratedPage
from mkdocs_runbooks.project.neighbours import with_front_matter

PluginError = engine_module("exceptions").PluginError
_files = engine_module("structure.files")
if TYPE_CHECKING:  # the type checker reads MkDocs' classes; at run time they come from the running engine
    from mkdocs.structure.files import File, Files
else:
    File, Files = _files.File, _files.Files


def one_page_per_url(files: Files, generated: dict[str, str]) -> None:
    """Two pages at one URL (``a.md`` and ``a/index.md``, a prose page and a generated one): MkDocs
    would publish one and silently drop the other, so it is a build error naming both sources."""
    seen: dict[str, str] = {}
    for f in files.documentation_pages():
        where = f"'{generated[f.src_uri]}' (generated {f.src_uri})" if f.src_uri in generated else f"'{f.src_uri}'"
        if f.url in seen:
            raise PluginError(f"runbooks: two pages at one URL '/{f.url}': {seen[f.url]} and {where}; "
                              "rename or move one of them")
        seen[f.url] = where


class PageFile(File):
    """A generated page whose Markdown is read from the build's cache when MkDocs reads it,
    so the plugin never holds every page at once; unmodified for ``--dirty`` when its key
    is the key of the page last written to site_dir."""

    generated_page: GeneratedPage  # (File.page is MkDocs' own)
    plugin: Any  # the RunbooksPlugin: its `loaded`, `loaded_uris` and `built`

    def bind(self, page: GeneratedPage, plugin: Any) -> None:
        """Attach the generated page and the plugin that serves its content."""
        self.generated_page, self.plugin = page, plugin
        self._content = None

    @property
    def content_string(self) -> str:
        """The page's Markdown, produced on first read (the plugin renders it lazily)."""
        markdown, rendered = self.generated_page.load(getattr(self.plugin, "direct", None))
        if rendered is not None:
            self.plugin.loaded[self.src_uri] = rendered
            self.plugin.loaded_uris.add(self.src_uri)
        return with_front_matter(markdown)

    @content_string.setter
    def content_string(self, value: str) -> None:  # another plugin rewrites the source: keep its text
        old = self.generated_page
        self.generated_page = GeneratedPage(old.src_uri, old.source, old.catalog, "", value)

    @property
    def content_bytes(self) -> bytes:
        """The page's Markdown as UTF-8 bytes."""
        return self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.content_string = value.decode("utf-8")

    def is_modified(self) -> bool:
        """True when the page must be written again (its content key differs from the last build's, or no file)."""
        return (not self.generated_page.key or self.plugin.built.get(self.src_uri) != self.generated_page.key
                or not os.path.isfile(self.abs_dest_path))


def _built_file(directory: Path | None, site_dir: str) -> Path | None:
    if directory is None:
        return None
    return directory / f"built-{hashlib.sha1(os.path.abspath(site_dir).encode()).hexdigest()[:12]}.json"


def read_built(directory: Path | None, site_dir: str) -> dict[str, str]:
    """The keys of the pages last written to ``site_dir`` (for ``mkdocs build --dirty``)."""
    path = _built_file(directory, site_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_built(directory: Path | None, site_dir: str, built: dict[str, str]) -> None:
    """Record which page keys were written into `site_dir`, for the next `--dirty` build."""
    path = _built_file(directory, site_dir)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(built), encoding="utf-8")
    except OSError:
        pass  # the cache is a nicety: a read-only folder only costs the next --dirty build its skips

"""The ``runbooks`` plugin for MkDocs 1.x and ProperDocs: a thin adapter over the core pipeline.

Hooks used:

- ``on_config``: reset per-build state, add required Markdown extensions,
  map ``*.runbook.yml`` nav entries to their pages.
- ``on_pre_build``: compile and check every source, before MkDocs cleans
  site_dir, so a failed build leaves the last good site in place. Sources whose
  inputs did not change come from the content-hash cache (project/cache.py).
- ``on_files``: drop the YAML sources, add the generated pages (read from the cache
  only when MkDocs reads them; unchanged ones count as unmodified for ``--dirty``)
  and the two asset bundles.
- ``on_pre_page``: a generated page keeps its Markdown and HTML compressed while MkDocs
  holds every page (pages.py); every reader still sees the same text.
- ``on_page_content``: splice the converted Markdown fragments of a runbook
  page into its HTML skeleton (render/fragments.py), holding back the blocks
  search must skip (form controls, rollback map).
- ``on_page_context`` (late, after search has indexed the page): put the
  held-back blocks in again, before the theme renders the page; a runbook page gets the
  tags of its stylesheet and script (assets/__init__.py), the only page that loads them.
- ``on_page_markdown``: expand ``<!-- runbooks:... -->`` reference markers
  (format reference, CLI help) generated from the code.
- ``on_serve``: watch the templates and runs directories.

Run records (``runs_dir``): ``on_pre_build`` reads the committed run files (runs/site.py),
``on_files`` adds their record pages, the "Runs" page and the run files themselves, and
``on_page_content`` appends each runbook page's "Past runs".
"""

from __future__ import annotations

import importlib
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_runbooks import assets as rb_assets
from mkdocs_runbooks.format.names import is_source_name, source_stem
from mkdocs_runbooks.format.schema import schema_text
from mkdocs_runbooks.i18n import Strings, StringsError, strings_for
from mkdocs_runbooks.mkdocs.config import RunbooksConfig
from mkdocs_runbooks.mkdocs.engine import engine_module
from mkdocs_runbooks.mkdocs.fastpath import direct_for
from mkdocs_runbooks.mkdocs.files import PageFile, one_page_per_url, read_built, write_built
from mkdocs_runbooks.mkdocs.pages import AnchorIds, pack, release
from mkdocs_runbooks.project.build import GeneratedPage, build_site
from mkdocs_runbooks.project.cache import SiteCache, cache_folder
from mkdocs_runbooks.project.docs_gen import expand_markers
from mkdocs_runbooks.project.engines import installed_engines
from mkdocs_runbooks.render.direct import Direct
from mkdocs_runbooks.render.fragments import RenderedPage, put_back
from mkdocs_runbooks.render.partials import Partials, TemplateError, partials_for
from mkdocs_runbooks.runs.site import RunArchive, RunbookRef, build_archive, past_runs_html
from mkdocs_runbooks.runs.spec import SCHEMA_URI as RUN_SCHEMA_URI
from mkdocs_runbooks.runs.spec import schema_text as run_schema_text

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

# From the engine running the build (MkDocs or ProperDocs), not always `mkdocs.*`: see engine.py.
PluginError = engine_module("exceptions").PluginError
_plugins = engine_module("plugins")
_files = engine_module("structure.files")
if TYPE_CHECKING:  # the type checker reads MkDocs' classes; at run time they come from the running engine
    from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
    from mkdocs.structure.files import File, Files, InclusionLevel
else:
    BasePlugin, event_priority, get_plugin_logger = _plugins.BasePlugin, _plugins.event_priority, _plugins.get_plugin_logger
    File, Files, InclusionLevel = _files.File, _files.Files, _files.InclusionLevel
if "properdocs" in installed_engines():
    # ProperDocs asks its plugins to call this on import: it tells users still on the `mkdocs`
    # command about MkDocs 2.0 once (silenced by DISABLE_MKDOCS_2_WARNING=true), and prints
    # nothing under `properdocs` or when the plugin is imported outside a build.
    importlib.import_module("properdocs.replacement_warning").setup()

log = get_plugin_logger(__name__)

_REQUIRED_EXTENSIONS = ("attr_list", "md_in_html")
SCHEMA_URI = "schema/runbook-v1.json"


class RunbooksPlugin(BasePlugin[RunbooksConfig]):
    """The `runbooks` plugin: compiles *.runbook.yml sources into pages (MkDocs or ProperDocs event adapter)."""
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: list[GeneratedPage] | None = None
        self.loaded: dict[str, RenderedPage] = {}  # read by MkDocs, not yet spliced (one at a time)
        self.loaded_uris: set[str] = set()  # runbook pages of this build
        self.held: dict[str, bytes] = {}
        self.root = Path.cwd()
        self.cache: SiteCache | None = None
        self.built: dict[str, str] = {}  # page uri -> key of the page last written to site_dir
        self.strings: Strings | None = None
        self.partials: Partials | None = None
        self.direct: Direct | None = None  # fragments made without the page's Markdown pass
        self.archive = RunArchive()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so MkDocs keeps this instance across `serve` rebuilds: the cache's index stays
        in memory between them."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start a build: reset per-build state, open the page cache, add the extensions and assets pages need."""
        if not self.config.enabled:
            return None
        self.pages = None  # per-build state: serve rebuilds reuse this instance
        self.loaded = {}
        self.loaded_uris = set()
        self.held = {}
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        if root != self.root or self.cache is None or self.cache.directory != self._cache_dir(root):
            self.root = root
            self.cache = SiteCache(self._cache_dir(root))
            self.built = read_built(self.cache.directory, config.site_dir)
        exts = config.markdown_extensions
        for ext in _REQUIRED_EXTENSIONS:
            if ext not in exts:
                exts.append(ext)
        if not {"pymdownx.superfences", "fenced_code"} & set(exts):
            exts.append("fenced_code")
        if config.nav:
            config.nav = _rewrite_nav(config.nav)
        # the interface speaks the site's language (Material's theme.language), with the site's overrides
        language = config.theme["language"] if "language" in config.theme else None
        try:
            self.strings = strings_for(str(language) if language else None, self.config.strings)
        except StringsError as e:
            raise PluginError(f"runbooks: {e} (in the plugin's options in {config.config_file_path})") from None
        # page building blocks a theme overrides in custom_dir/runbooks/partials/ (as Material's partials)
        custom_dir = config.theme.custom_dir
        try:
            self.partials = partials_for([custom_dir] if custom_dir else [])
        except TemplateError as e:
            where = getattr(e, "filename", None) or getattr(e, "name", None) or custom_dir
            lineno = getattr(e, "lineno", None)
            line = f":{lineno}" if lineno else ""
            raise PluginError(f"runbooks: {where}{line}: error: the partial cannot be read: {e}") from None
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Compile every runbook source of docs_dir (cached), before MkDocs collects files."""
        if not self.config.enabled:
            return
        # here, not in on_config: hooks and plugins after ours may still add Markdown extensions there
        self.direct = direct_for(config)
        build = build_site(
            docs_dir=Path(config.docs_dir),
            templates_dir=self.root / self.config.templates_dir,
            root=self.root,
            template_pages=self.config.template_pages,
            allow_html=self.config.allow_html,
            strings=self.strings,
            partials=self.partials,
            changes=self.config.changes,
            cache=self.cache,
        )
        for d in build.warnings:
            log.warning(d.format())
        if build.errors:
            lines = "\n".join(d.format() for d in build.errors)
            n = len(build.errors)
            raise PluginError(f"runbooks: {n} error{'s' if n != 1 else ''} in runbook sources:\n{lines}")
        # Only the pages: the compiled models are freed now, not walked by every later
        # garbage collection of the build (~40 ms on a 2,000-item site).
        self.pages = build.pages
        display = {p.source: p.src_uri for p in build.pages if p.loader is not None}
        refs = {s.id: RunbookRef(display[s.id_pos.path], self.root / s.id_pos.path)
                for s in build.summaries.values() if s.id_pos is not None and s.id_pos.path in display}
        self.archive = build_archive(self.root / self.config.runs_dir, refs, self.root / self.config.templates_dir,
                                     self.root, allow_html=self.config.allow_html, strings=self.strings)
        for d in self.archive.warnings:
            log.warning(d.format())
        if self.archive.errors:
            lines = "\n".join(d.format() for d in self.archive.errors)
            raise PluginError(f"runbooks: errors in run files (runs_dir '{self.config.runs_dir}'):\n{lines}")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Replace runbook sources by their pages and add the generated pages, assets and schema."""
        if not self.config.enabled or self.pages is None:
            return None
        for file in list(files):
            if is_source_name(file.src_uri) or self._is_template(file):
                files.remove(file)  # sources are compiled, never published raw
        for page in self.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(
                    f"runbooks: '{page.source}' would generate '{page.src_uri}', which already exists in docs_dir; "
                    "rename one of them"
                )
            # catalog pages are reached from their index, not the nav: no "omitted from nav" warning
            inclusion = InclusionLevel.NOT_IN_NAV if page.catalog else InclusionLevel.UNDEFINED
            file = PageFile.generated(config, page.src_uri, content="", inclusion=inclusion)
            assert isinstance(file, PageFile)
            file.bind(page, self)
            files.append(file)
        one_page_per_url(files, {page.src_uri: page.source for page in self.pages})
        if files.get_file_from_path(SCHEMA_URI) is None:  # so a deployed site serves its own schema
            files.append(File.generated(config, SCHEMA_URI, content=schema_text()))
        if files.get_file_from_path(RUN_SCHEMA_URI) is None:
            files.append(File.generated(config, RUN_SCHEMA_URI, content=run_schema_text()))
        for uri, text in self.archive.pages.items():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"runbooks: run record page '{uri}' already exists in docs_dir; rename one of them")
            inclusion = InclusionLevel.UNDEFINED if uri.endswith("index.md") else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=text, inclusion=inclusion))
        for uri, data in self.archive.files.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=data))
        if self.config.assets:
            for uri, content in rb_assets.files().items():
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, content=content))
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        """A generated page keeps its Markdown and HTML compressed while MkDocs holds every page (pages.py)."""
        if self.config.enabled and isinstance(page.file, PageFile):
            pack(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Expand `<!-- runbooks:NAME -->` markers (format reference, CLI reference) in prose pages."""
        if not self.config.enabled:
            return None
        if "runbooks:" not in markdown:
            return None
        # late: the CLI (and the diff machinery it loads) is a fifth of a small site's build to import
        from mkdocs_runbooks.cli.main import get_parser
        from mkdocs_runbooks.cli.reference import doc_generators

        generators = doc_generators(get_parser())
        expanded, unknown = expand_markers(markdown, generators)
        for name in unknown:
            log.warning(f"{page.file.src_uri}: unknown marker '<!-- runbooks:{name} -->'; "
                        f"known: {', '.join(sorted(generators))}")
        return expanded

    @event_priority(50)  # early: other plugins' on_page_content should see the finished page
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Put the finished runbook HTML back into the page after Markdown conversion."""
        if not self.config.enabled:
            return None
        rendered = self.loaded.pop(page.file.src_uri, None)
        if rendered is None:
            return None
        if page.present_anchor_ids is not None:  # MkDocs only saw the Markdown: add the skeleton's ids
            # a set-like of MkDocs' ids and the skeleton's, kept compressed (pages.py)
            page.present_anchor_ids = AnchorIds(page.present_anchor_ids, rendered.anchor_ids)  # type: ignore[assignment]
        content, held = rendered.hold(html)
        if held:  # kept until the page is built, after every page is converted: compressed meanwhile
            self.held[page.file.src_uri] = zlib.compress("\x00".join(held).encode("utf-8"), 1)
        past = self.archive.runs.get(page.file.src_uri)
        if past:
            content += past_runs_html(past, lambda uri: _url_from(page, files, uri), self.strings)
        return content

    # Search plugins index page.content in on_page_context at the default priority;
    # the theme renders it after every on_page_context.
    @event_priority(-100)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Put back the form and rollback-map blocks held out of the page while search indexed it."""
        if not self.config.enabled:
            return None
        packed = self.held.pop(page.file.src_uri, None)
        held = zlib.decompress(packed).decode("utf-8").split("\x00") if packed else []
        if held and page.content is not None:
            content, lost = put_back(page.content, held)
            page.content = content
            if lost:
                log.warning(f"{page.file.src_uri}: {lost} form or rollback-map block(s) could not be put back; "
                            "a plugin removed HTML comments from page.content before on_page_context")
        if self.config.assets and page.content is not None and page.file.src_uri in self.loaded_uris:
            # only runbook pages load our CSS and JS; after search has indexed the page
            page.content = rb_assets.embed(page.content, page.url, link=False)  # the link: on_post_page
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Runbook pages, run records and the Runs page link our stylesheet in the head."""
        if not self.config.enabled or not self.config.assets:
            return None
        if page.file.src_uri in self.archive.pages:  # a run record or the Runs page: our styles, no script
            return rb_assets.in_head(output, page.url)
        if page.file.src_uri not in self.loaded_uris:
            return None
        return rb_assets.in_head(output, page.url)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Record the written pages for `--dirty` and drop the compiled models."""
        if not self.config.enabled or self.pages is None:
            return
        self.built = {p.src_uri: p.key for p in self.pages}
        write_built(self.cache.directory if self.cache else None, config.site_dir, self.built)
        self.pages = None  # the next build makes its own
        release()

    def _cache_dir(self, root: Path) -> Path | None:
        """Where the cache lives (the rule: project/cache.py ``cache_folder``), or None: then pages are
        kept compressed in memory for one build."""
        return cache_folder(root, self.config.cache, self.config.cache_dir)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        """Watch the templates folder too under `mkdocs serve`."""
        if not self.config.enabled:
            return None
        templates = self.root / self.config.templates_dir
        if templates.is_dir():
            server.watch(str(templates))
        runs = self.root / self.config.runs_dir
        if runs.is_dir():
            server.watch(str(runs))
        return server

    def _is_template(self, file: File) -> bool:
        if not file.abs_src_path:
            return False
        templates = (self.root / self.config.templates_dir).resolve()
        return Path(file.abs_src_path).resolve().is_relative_to(templates)


def _url_from(page: Page, files: Files, uri: str) -> str:
    """A link from ``page`` to the page of docs-relative ``uri``, in the site's URL style."""
    target = files.get_file_from_path(uri)
    return target.url_relative_to(page.file) if target is not None else uri


def _rewrite_nav(nav: Any) -> Any:
    """Let nav entries name the YAML source: `a/b.runbook.yml` (or `.yaml`) -> `a/b.md`."""
    if isinstance(nav, str):
        return source_stem(nav) + ".md" if is_source_name(nav) else nav
    if isinstance(nav, list):
        return [_rewrite_nav(n) for n in nav]
    if isinstance(nav, dict):
        return {k: _rewrite_nav(v) for k, v in nav.items()}
    return nav

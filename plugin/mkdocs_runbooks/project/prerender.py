"""Pre-render a project for site engines that run no plugin of ours (Zensical, MkDocs 2, ...).

The result is a complete docs folder: the project's own pages and files as they
are, plus one Markdown file per runbook, the template and procedures pages, the
run archive (a record page per committed run file, the published run files, the
"Runs" page and each runbook page's past runs), the assets and the schemas. A runbook page is its finished HTML (skeleton and
converted fragments, as the plugin would produce) under a front matter that
gives its title; Markdown engines pass raw HTML through untouched, so forms,
progress, rollback links and print work: each runbook page carries the tags of
the one stylesheet and script it needs (assets/__init__.py), nothing goes into
the site config's ``extra_css``/``extra_javascript``.

The fragments are converted here with Python-Markdown and the project's own
``markdown_extensions``; links to other pages (``other.md#id``) are turned into
the URLs the engine will give those pages, since an engine does not rewrite
links inside raw HTML. What differs from the plugin: the engine's table of
contents does not list a runbook's sections (they are raw HTML), and search
indexes the form labels too.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from mkdocs_runbooks import assets as rb_assets
from mkdocs_runbooks.errors import RunbooksError
from mkdocs_runbooks.format.names import is_source_name
from mkdocs_runbooks.format.schema import schema_text
from mkdocs_runbooks.i18n import StringsError, strings_for
from mkdocs_runbooks.project.build import SiteBuild, build_site
from mkdocs_runbooks.project.cache import SiteCache, cache_folder
from mkdocs_runbooks.project.docs_gen import GENERATORS, expand_markers
from mkdocs_runbooks.project.layout import Project, plugin_options
from mkdocs_runbooks.project.neighbours import with_front_matter
from mkdocs_runbooks.render.fragments import put_back
from mkdocs_runbooks.render.partials import TemplateError, partials_for
from mkdocs_runbooks.runs.site import RunArchive, build_archive, past_runs_html, runbook_refs
from mkdocs_runbooks.runs.spec import SCHEMA_URI as RUN_SCHEMA_URI
from mkdocs_runbooks.runs.spec import schema_text as run_schema_text

#: Written into every output folder: a later render may replace a folder that has it, and no other.
MARKER = ".runbooks-render"
SCHEMA_URI = "schema/runbook-v1.json"
#: Extensions the pages need whatever the project lists (MkDocs adds the first three itself).
BASE_EXTENSIONS = ["toc", "tables", "attr_list", "md_in_html"]
_HREF = re.compile(r'(<a\s[^>]*?href=")([^"]+)(")')


class RenderError(RunbooksError):
    """The project cannot be pre-rendered; the message is for the user."""


@dataclass
class Rendered:
    """What render_project wrote: the output folder, the generated pages, copied files and warnings."""
    out: Path
    pages: list[str] = field(default_factory=list)  # docs-relative paths of generated pages
    copied: int = 0
    warnings: list[str] = field(default_factory=list)


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL path (relative to the site root) an engine gives the page ``a/b.md``: ``a/b/``."""
    stem = src_uri[: -len(".md")]
    name = posixpath.basename(stem)
    if name in ("index", "README"):
        parent = posixpath.dirname(stem)
        return f"{parent}/" if parent else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def rewrite_links(html: str, src_uri: str, directory_urls: bool) -> str:
    """Relative ``*.md`` links in ``html`` (a page at ``src_uri``) -> the engine's page URLs."""
    here = page_url(src_uri, directory_urls)
    base = here.rstrip("/") if here == "" or here.endswith("/") else posixpath.dirname(here)

    def fix(m: re.Match[str]) -> str:
        href = m.group(2)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("/", "#")) or not parts.path.endswith(".md"):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), parts.path))
        url = page_url(target, directory_urls)
        rel = posixpath.relpath(url or ".", base or ".")
        if (url == "" or url.endswith("/")) and not rel.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return m.group(1) + urlunsplit(("", "", rel, parts.query, parts.fragment)) + m.group(3)

    return _HREF.sub(fix, html)


def _extensions(config: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The project's markdown_extensions as (names, configs), with the ones the pages need."""
    names: list[str] = []
    configs: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                if isinstance(options, dict):
                    configs[name] = options
    for name in BASE_EXTENSIONS:
        if name not in names:
            names.append(name)
    if "pymdownx.superfences" not in names and "fenced_code" not in names:
        names.append("fenced_code")
    return names, configs


def converter(config: dict[str, Any], warn: Callable[[str], None]) -> Callable[[str], str]:
    """Markdown -> HTML with the project's extensions; an extension that cannot load is left
    out with a warning (e.g. a theme's extension that is not installed here)."""
    import markdown

    names, configs = _extensions(config)
    usable: list[str] = []
    for name in names:
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: configs.get(name, {})})
        except Exception as e:  # an extension that is not installed or does not accept its options
            warn(f"markdown extension '{name}' left out: {type(e).__name__}: {e}")
            continue
        usable.append(name)
    md = markdown.Markdown(extensions=usable, extension_configs={n: configs[n] for n in usable if n in configs})

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


def _front_matter(title: str) -> str:
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    return f'---\nrender_macros: false\ntitle: "{quoted}"\n---\n\n'


def _split_front_matter(markdown_text: str) -> tuple[str, str]:
    """(front matter block with its closing line, the rest); ("", text) when there is none."""
    if markdown_text.startswith("---\n"):
        end = markdown_text.find("\n---\n", 3)
        if end != -1:
            return markdown_text[:end + 5], markdown_text[end + 5:]
    return "", markdown_text


def _page_title(markdown_text: str, fallback: str) -> str:
    first = markdown_text.lstrip().split("\n", 1)[0]
    return first[2:].strip() if first.startswith("# ") else fallback


#: Engines whose Markdown step rewrites `*.md` links inside raw HTML too (and checks them): the
#: pages keep `.md` links for them. MkDocs 1.x and its kin pass raw HTML through untouched.
MD_LINK_ENGINES = ("zensical",)
ENGINE_CHOICES = ("mkdocs", "properdocs", "techdocs", "zensical")


def site_language(config: dict[str, Any]) -> str | None:
    """The site's ``theme.language`` (Material's setting), or None."""
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return str(language) if language else None


def render_project(project: Project, config: dict[str, Any], out: Path, *, changes: bool = True,
                   engine: str = "mkdocs", language: str | None = None,
                   generators: Mapping[str, Callable[[], str]] = GENERATORS) -> Rendered:
    """Write the pre-rendered docs folder of ``project`` to ``out`` (all or nothing), for ``engine``
    (one of ENGINE_CHOICES: it decides how links between pages are written). ``language`` (a BCP 47
    tag) overrides the site's ``theme.language`` for the texts of the interface. ``generators`` expand
    the ``<!-- runbooks:NAME -->`` markers of Markdown pages (the CLI adds its own reference). The
    plugin's options in ``config`` apply: ``changes: false`` leaves out the "Changes" sections as
    ``changes=False`` does, and ``cache``/``cache_dir`` choose the cache folder the plugin's builds use
    (project/cache.py ``cache_folder``). RenderError if the output folder is unsafe or a runbook has errors."""
    docs = project.docs_dir.resolve()
    target = out.resolve()
    if target == docs or target.is_relative_to(docs):
        raise RenderError(f"--out {out} is inside docs_dir {project.docs_dir}; write it beside it")
    if docs.is_relative_to(target):
        raise RenderError(f"--out {out} contains docs_dir {project.docs_dir}; name a folder of its own")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise RenderError(f"{out} exists and is not the output of an earlier `runbooks render`; "
                          "name a new or empty folder")
    if not out.parent.is_dir():
        raise RenderError(f"the folder {out.parent} does not exist; create it first")
    options = plugin_options(config) or {}
    overrides = options.get("strings") or {}
    try:
        strings = strings_for(language or site_language(config), overrides if isinstance(overrides, dict) else {})
    except StringsError as e:
        raise RenderError(f"{e} (in the runbooks plugin's options)") from None
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    try:
        partials = partials_for([str(project.root / str(custom))] if custom else [])
    except TemplateError as e:
        raise RenderError(f"{getattr(e, 'filename', None) or custom}: the partial cannot be read: {e}") from None
    # the plugin's options, read as the plugin reads them: `changes: false` wins over the CLI's default
    folder = cache_folder(project.root, bool(options.get("cache", True)),
                          str(options["cache_dir"]) if options.get("cache_dir") else None)
    build: SiteBuild = build_site(docs_dir=project.docs_dir, templates_dir=project.templates_dir, root=project.root,
                                  template_pages=bool(options.get("template_pages", True)),
                                  changes=changes and bool(options.get("changes", True)),
                                  cache=SiteCache(folder), allow_html=bool(options.get("allow_html", False)),
                                  strings=strings, partials=partials)
    if build.errors:
        raise RenderError("\n".join(d.format() for d in build.errors))
    # the run archive, as the plugin makes it (mkdocs/plugin.py on_pre_build)
    archive = build_archive(project.runs_dir, runbook_refs(build, project.root), project.templates_dir,
                            project.root, allow_html=bool(options.get("allow_html", False)), strings=strings)
    if archive.errors:
        raise RenderError("\n".join(d.format() for d in archive.errors))
    result = Rendered(out, warnings=[d.format() for d in build.warnings + archive.warnings])
    convert = converter(config, result.warnings.append)
    directory_urls = bool(config.get("use_directory_urls", True))
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        templates = project.templates_dir.resolve()
        for src in sorted(docs.rglob("*")):
            if not src.is_file() or is_source_name(src.name) or src.resolve().is_relative_to(templates):
                continue
            dest = tmp / src.relative_to(docs)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
            if src.suffix == ".md":  # reference markers the plugin would expand (format, CLI help)
                text = src.read_text(encoding="utf-8")
                expanded, _ = expand_markers(text, generators)
                if expanded != text:
                    dest.write_text(expanded, encoding="utf-8")
            result.copied += 1
        for page in build.pages:
            markdown, rendered = page.load()
            if rendered is not None:  # a runbook page: finished HTML
                head, body = _split_front_matter(markdown)  # the page's own front matter is not content
                content, held = rendered.hold(convert(body))
                html, _ = put_back(content, held)
                past = archive.runs.get(page.src_uri)
                if past:  # Markdown links: rewritten below as every other link of the page
                    html += past_runs_html(past, functools.partial(_md_link, page.src_uri), strings)
                if engine not in MD_LINK_ENGINES:
                    html = rewrite_links(html, page.src_uri, directory_urls)
                html = rb_assets.embed(html, page_url(page.src_uri, directory_urls))  # its own CSS and JS
                head = with_front_matter(head) + "\n" if head else _front_matter(_page_title(body, page.src_uri))
                text = head + html + "\n"
            else:  # template and procedures pages are plain Markdown: the engine converts them
                text = with_front_matter(markdown)
            dest = tmp / page.src_uri
            if dest.exists():
                raise RenderError(f"'{page.source}' would generate '{page.src_uri}', which already exists in "
                                  "docs_dir; rename one of them")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
            result.pages.append(page.src_uri)
        _write_archive(archive, tmp, directory_urls, result)
        for uri, data in rb_assets.files().items():
            (tmp / uri).parent.mkdir(parents=True, exist_ok=True)
            (tmp / uri).write_bytes(data)
        (tmp / SCHEMA_URI).parent.mkdir(parents=True, exist_ok=True)
        (tmp / SCHEMA_URI).write_text(schema_text(), encoding="utf-8")
        (tmp / RUN_SCHEMA_URI).write_text(run_schema_text(), encoding="utf-8")
        (tmp / MARKER).write_text("written by `runbooks render`; this folder is replaced by the next render\n",
                                  encoding="utf-8")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def _md_link(src_uri: str, uri: str) -> str:
    """The relative Markdown link from the page ``src_uri`` to the page ``uri`` (both docs-relative)."""
    return posixpath.relpath(uri, posixpath.dirname(src_uri) or ".")


def _write_archive(archive: RunArchive, tmp: Path, directory_urls: bool, result: Rendered) -> None:
    """The record pages and the Runs page (Markdown the engine converts, each with the link of our
    stylesheet and no script, as the plugin serves them) and the published run files."""
    for uri, text in archive.pages.items():
        dest = tmp / uri
        if dest.exists():
            raise RenderError(f"run record page '{uri}' already exists in docs_dir; rename one of them")
        head, body = _split_front_matter(text)
        # in a block of its own: Markdown wraps a lone <link> in a <p>, a blank paragraph above the title
        link = f"<div>{rb_assets.link_tag(page_url(uri, directory_urls))}</div>"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(with_front_matter(head + link + "\n\n" + body), encoding="utf-8")
        result.pages.append(uri)
    for uri, data in archive.files.items():
        if not (tmp / uri).exists():
            (tmp / uri).write_bytes(data)


def _swap(new: Path, out: Path) -> None:
    """Put ``new`` in place of ``out``; the old folder is removed only once the new one is in."""
    os.chmod(new, 0o755)
    if not out.exists():
        new.rename(out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def config_snippet(out_rel: str) -> str:
    """What the user adds to the site config of an engine without the plugin."""
    # no extra_css/extra_javascript: each runbook page carries the tags of its own CSS and JS
    return (f"docs_dir: {out_rel}\n"
            "# the engines leave out any templates/ folder by default; the template pages live there\n"
            "exclude_docs: |\n  !/templates/\n"
            "# run record pages are reached from the Runs page and their runbook, not the navigation\n"
            "not_in_nav: |\n  /runs/*/\n"
            "markdown_extensions:\n  - attr_list\n  - md_in_html\n  - tables\n  - toc\n")

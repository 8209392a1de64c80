"""Fragments made without the page's Markdown pass (render/direct.py) are what the pass would make.

Issue 18 (build time): plain item texts and lone code blocks skip the site's Markdown pass.
The rule is only safe if, for every site setup, what ``Direct`` gives is byte for byte what
the site's Markdown gives: checked here against the real Markdown package (Hypothesis, per
set of extensions) and on whole sites built with and without it.
"""

from __future__ import annotations

import filecmp
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import mkdocs_build
from mkdocs_runbooks.render.direct import Direct

REPO = Path(__file__).resolve().parents[2]

BASE = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "pymdownx.highlight", "pymdownx.superfences"]
# Material's "recommended" set, and more: everything an inline text might trip over
MATERIAL = BASE + ["admonition", "footnotes", "def_list", "pymdownx.details", "pymdownx.tabbed", "pymdownx.tasklist",
                   "pymdownx.betterem", "pymdownx.inlinehilite", "pymdownx.smartsymbols", "pymdownx.magiclink",
                   "pymdownx.emoji", "pymdownx.keys", "pymdownx.mark", "pymdownx.caret", "pymdownx.tilde",
                   "pymdownx.critic", "pymdownx.arithmatex", "pymdownx.snippets"]
SETS = {"base": BASE, "material": MATERIAL, "smarty": [*BASE, "smarty"]}
ALPHABET = "abcstndwWXYZ019 .,;:?!()'\"/%+=#@$^~<>&*_[]`{}|\\-é日\t"
MARKER = "rbfragmarkerx1"
WHITESPACE_TOKEN = re.compile(r'<span class="w">([ \t\n]*)</span>')


def bare_spaces(html: str) -> str:
    """The one difference Direct makes on purpose: Pygments' whitespace tokens as bare spaces."""
    return WHITESPACE_TOKEN.sub(r"\1", html)


def _converter(names: list[str]) -> markdown.Markdown:
    configs = {"pymdownx.magiclink": {"repo_url_shorthand": True, "social_url_shorthand": True,
                                      "user": "u", "repo": "r", "provider": "github"}}
    return markdown.Markdown(extensions=names, extension_configs=configs)


CONVERTERS = {name: _converter(names) for name, names in SETS.items()}
DIRECTS = {name: Direct(names) for name, names in SETS.items()}


def _inline_html(md: markdown.Markdown, text: str) -> str:
    """What the page's pass makes of an inline fragment: it shares its marker's paragraph."""
    md.reset()
    html = md.convert(f"{MARKER} {text.strip()}")
    assert html.startswith(f"<p>{MARKER}") and html.endswith("</p>"), html
    return html[len(f"<p>{MARKER}"):-len("</p>")].strip()


@pytest.mark.parametrize("setup", list(SETS))
@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40))
@example(text="Error rate > 1% for 5 minutes (c) 1st -- ok...")
@example(text="Open www.example.com or mail ops@example.com :smile: ++ctrl+c++ ==x== ^^y^^ ~~z~~ $a$")
@example(text="It's \"quoted\" 1/2 +/- =/= c/o <-- -->")
@example(text="Staging deployment successful")
@example(text="Open WWW.example.com and confirm the banner")  # magiclink reads www in any case
@example(text="Read the go-live plan in ?42 first")  # a discussion, with repo_url_shorthand
@example(text="a-2?1")
def test_plain_inline_text_is_what_markdown_makes(setup: str, text: str) -> None:
    got = DIRECTS[setup](True, text)
    if got is not None:
        assert got == _inline_html(CONVERTERS[setup], text)


@pytest.mark.parametrize("setup", list(SETS))
@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=40))
@example(text="Keep stakeholders informed")
@example(text="- a list item")
@example(text="1. a numbered item")
@example(text="# a heading")
def test_plain_paragraph_is_what_markdown_makes(setup: str, text: str) -> None:
    got = DIRECTS[setup](False, text)
    if got is not None:
        md = CONVERTERS[setup]
        md.reset()
        assert got == md.convert(text.strip()).strip()


def test_plain_words_skip_the_pass_and_markup_does_not() -> None:
    direct = DIRECTS["material"]
    assert direct(True, "Run database migrations") == "Run database migrations"
    assert direct(True, "Error rate > 1%") == "Error rate &gt; 1%"
    for text in ("Run **now**", "see [docs](x.md)", "`npm test`", "a &amp; b", "(c) 2025", "ops@example.com",
                 ":rocket: go", "press ++enter++", "1st step", "a ~ b"):
        assert direct(True, text) is None, text
    assert DIRECTS["smarty"](True, "It's done") is None  # smarty curls the quote
    assert DIRECTS["base"](True, "It's done") == "It's done"


def test_abbr_and_unknown_extensions_turn_text_off() -> None:
    assert Direct([*BASE, "abbr"])(True, "plain words") is None
    assert Direct([*BASE, "my_company.glossary"])(True, "plain words") is None
    assert Direct([*BASE, "markdown.extensions.abbr"])(True, "plain words") is None
    assert Direct(["markdown.extensions.toc"])(True, "plain words") == "plain words"


def test_plugins_that_edit_markdown() -> None:
    fence = "```bash\necho {{ x }}\n```"
    macros = Direct(BASE, plugins=["mkdocs_macros.plugin"])
    assert macros(True, "plain words") == "plain words"
    assert macros(False, fence) is None  # macros renders {{ x }}: it must see the command
    assert macros(False, "```bash\necho hi\n```") is not None
    unknown = Direct(BASE, plugins=["someone_else.plugin"])
    assert unknown(True, "plain words") is None and unknown(False, "```bash\necho hi\n```") is None
    ours = Direct(BASE, plugins=["mkdocs_runbooks.mkdocs.plugin", "material.plugins.search.plugin"])
    assert ours(True, "plain words") == "plain words"


@settings(max_examples=60, deadline=None)
@given(code=st.text(alphabet="ab =$|&;'\"-\n`~{}<>#", min_size=1, max_size=60), lang=st.sampled_from(["bash", "sql", ""]))
def test_a_lone_code_block_is_what_the_page_makes_of_it(code: str, lang: str) -> None:
    """A block converted alone equals that block converted inside a page, between other fragments."""
    ticks = "`" * max(3, max((len(run) for run in re.findall("`+", code)), default=0) + 1)
    block = f"{ticks}{lang}\n{code.rstrip()}\n{ticks}"
    direct = Direct(BASE)
    got = direct(False, block)
    md = _converter(BASE)
    md.reset()
    page = md.convert(f"before\n\n{block}\n\nafter")
    if got is not None:
        assert page.startswith("<p>before</p>\n") and page.endswith("\n<p>after</p>")
        assert got == bare_spaces(page[len("<p>before</p>\n"):-len("\n<p>after</p>")].strip())


def test_code_blocks_are_converted_once_per_build() -> None:
    direct = Direct(BASE)
    fence = "```bash\nnpm test\n```"
    first = direct(False, fence)
    assert first is not None and "highlight" in first and '<span class="nb">test</span>' in first
    assert '<span class="w">' not in first and "npm test" in re.sub("<[^>]+>", "", first)
    assert direct(False, fence) == first and direct.converted == 1


@pytest.mark.parametrize("option", [{"pymdownx.highlight": {"line_spans": "__span"}},
                                    {"pymdownx.highlight": {"anchor_linenums": True}},
                                    {"pymdownx.highlight": {"line_anchors": "x"}}])
def test_numbered_code_blocks_stay_in_the_pass(option: dict[str, dict[str, object]]) -> None:
    assert Direct(BASE, option)(False, "```bash\nnpm test\n```") is None


def test_snippets_blocks_stay_in_the_pass_and_are_never_kept_across_builds() -> None:
    # a block alone would get auto_append's files each time; an included file may change between builds
    assert Direct([*BASE, "pymdownx.snippets"], {"pymdownx.snippets": {"auto_append": ["x.md"]}}).code_ok is False
    with_snippets = Direct([*BASE, "pymdownx.snippets"])
    assert with_snippets(False, '```bash\n--8<-- "deploy.sh"\n```') is None
    assert with_snippets(False, "```bash\nnpm test\n```") is not None
    assert not with_snippets.reusable and not Direct([*BASE, "my_company.ext"]).reusable and Direct(BASE).reusable


# -- whole sites ----------------------------------------------------------------------------
SITE = """\
site_name: Direct
docs_dir: docs
theme:
  name: material
  features: [content.code.copy]
plugins:
  - search
  - runbooks: {{templates_dir: templates}}
markdown_extensions:
{extensions}
"""


def _build(root: Path, extensions: str, monkeypatch: pytest.MonkeyPatch, on: bool) -> Path:
    import mkdocs_runbooks.mkdocs.plugin as plugin
    from mkdocs_runbooks.mkdocs.fastpath import direct_for

    made: list[Direct] = []

    def counted(config: object) -> Direct:
        made.append(direct_for(config))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(plugin, "direct_for", counted if on else (lambda config: None))
    (root / "mkdocs.yml").write_text(SITE.format(extensions=extensions), encoding="utf-8")
    site = root / ("site-on" if on else "site-off")
    cfg = (root / "mkdocs.yml").read_text() + f"site_dir: {site.name}\n"
    (root / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    mkdocs_build(root)
    if on:  # the site really took the short way: every command block was converted alone, once
        assert made and (made[-1].converted > 10 or not made[-1].code_ok), made[-1].converted
    return site


def _same_tree(a: Path, b: Path) -> list[str]:
    diff: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: str) -> None:
        diff.extend(f"{rel}{n}" for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(a, b), "")
    diff = [d for d in diff if not d.endswith(".html")]  # pages: compared below
    # compare text for real (dircmp's shallow check looks at sizes and times)
    for path in a.rglob("*.html"):
        other = b / path.relative_to(a)
        if other.is_file() and bare_spaces(path.read_text("utf-8")) != bare_spaces(other.read_text("utf-8")):
            diff.append(str(path.relative_to(a)))
    return sorted(set(diff))


@pytest.mark.parametrize("extensions", [
    "  - attr_list\n  - md_in_html\n  - pymdownx.highlight\n  - pymdownx.superfences\n",
    "  - attr_list\n  - md_in_html\n  - admonition\n  - pymdownx.details\n  - pymdownx.superfences\n"
    "  - pymdownx.highlight: {anchor_linenums: true, line_spans: __span, pygments_lang_class: true}\n"
    "  - pymdownx.inlinehilite\n  - pymdownx.smartsymbols\n  - pymdownx.magiclink\n  - pymdownx.keys\n"
    "  - pymdownx.mark\n  - pymdownx.caret\n  - pymdownx.tilde\n  - pymdownx.tasklist: {custom_checkbox: true}\n"
    "  - pymdownx.emoji\n  - smarty\n  - toc: {permalink: true}\n",
    "  - attr_list\n  - md_in_html\n  - pymdownx.highlight\n  - pymdownx.superfences\n"
    "  - abbr\n  - pymdownx.snippets: {auto_append: [footer.md], base_path: [snippets]}\n",
], ids=["plain", "material-recommended", "snippets-auto-append"])
def test_a_site_is_the_same_with_and_without_direct(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    extensions: str) -> None:
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(REPO / "content" / "runbooks", docs / "runbooks")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "footer.md").write_text("*[API]: Application Programming Interface\n\n"
                                                     "Maintained by the SRE team.\n", encoding="utf-8")
    monkeypatch.setenv("RUNBOOKS_CACHE", "off")
    off = _build(tmp_path, extensions, monkeypatch, on=False)
    on = _build(tmp_path, extensions, monkeypatch, on=True)
    pages = list(on.rglob("runbooks/*/index.html"))
    assert len(pages) >= 5
    assert _same_tree(off, on) == []
    if "auto_append" in extensions:  # once per page, not once per command block
        assert all(p.read_text("utf-8").count("Maintained by the SRE team.") == 1 for p in pages)


HOOK = """\
def on_config(config):
    config.markdown_extensions.append("pymdownx.emoji")
    return config
"""


def test_extensions_added_by_a_later_hook_are_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a hook's on_config runs after ours: text with `:rocket:` must still go through emoji
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "go.runbook.yml").write_text("id: go\ntitle: Go\nsections:\n  - id: s\n    title: S\n    items:\n"
                                         "      - id: a\n        text: 'Confirm the release :rocket: went out'\n",
                                         encoding="utf-8")
    (tmp_path / "hook.py").write_text(HOOK, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Hook\ndocs_dir: docs\ntheme: {name: material}\n"
                                         "hooks: [hook.py]\nplugins: [runbooks]\n", encoding="utf-8")
    monkeypatch.setenv("RUNBOOKS_CACHE", "off")
    mkdocs_build(tmp_path)
    html = (tmp_path / "site" / "go" / "index.html").read_text("utf-8")
    assert 'Confirm the release <img alt="🚀"' in html


def test_serve_rebuilds_keep_the_converted_blocks_until_the_setup_changes() -> None:
    from types import SimpleNamespace

    from mkdocs_runbooks.mkdocs.fastpath import direct_for

    def config(extensions: list[str], configs: dict[str, object]) -> object:
        return SimpleNamespace(markdown_extensions=extensions, mdx_configs=configs,
                               plugins=SimpleNamespace(events={"page_markdown": []}))

    first = direct_for(config(list(BASE), {"pymdownx.highlight": {"pygments_lang_class": True}}))  # type: ignore[arg-type]
    again = direct_for(config(list(BASE), {"pymdownx.highlight": {"pygments_lang_class": True}}))  # type: ignore[arg-type]
    assert again is first
    other = direct_for(config(list(BASE), {"pymdownx.highlight": {"pygments_lang_class": False}}))  # type: ignore[arg-type]
    assert other is not first
    assert direct_for(config([*BASE, "abbr"], {})) is not other  # type: ignore[arg-type]

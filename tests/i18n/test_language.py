"""The interface in the site's language (issue 20, Language): the string table, its fallbacks and
overrides, and real builds of the example site in German, Japanese and Arabic that show no English
string of ours (HTML here; the page as the browser shows it and the PDF in tests/browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langscan import author_text, build_example, english_found, english_pieces, our_pages, visible_text

from conftest import REPO, write_tree
from mkdocs_runbooks.i18n import LANGUAGES, StringsError, _table, base_language, plural_category, strings_for
from mkdocs_runbooks.render.cover import page_counter

_FIELD = re.compile(r"\{(\w+)\}")
_PLURAL = re.compile(r"\.(zero|one|two|few|many|other)$")


def _stem(key: str) -> str:
    return _PLURAL.sub("", key)


# -- the tables ------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_table_translates_every_key_with_only_the_fields_it_is_given(lang: str) -> None:
    en, table = _table("en"), _table(lang)
    assert {_stem(k) for k in en} - {"dir"} <= {_stem(k) for k in table} | {"dir"}, "keys missing"
    assert {_stem(k) for k in table} <= {_stem(k) for k in en}, "keys English does not have"
    for key, text in table.items():
        ref = en[key] if key in en else en[f"{_stem(key)}.other"]
        assert set(_FIELD.findall(text)) <= set(_FIELD.findall(ref)), f"{lang} {key}: a field English does not give"
        if _PLURAL.search(key) or key not in en or key in ("locale", "dir"):
            continue
        if "{" in ref:  # a text with values keeps them (plural forms may spell the number out)
            assert set(_FIELD.findall(text)) == set(_FIELD.findall(ref)), f"{lang} {key}: drops a value"


@pytest.mark.parametrize("lang", [x for x in LANGUAGES if x != "en"])
def test_tables_are_translations_not_copies(lang: str) -> None:
    en, table = _table("en"), _table(lang)
    same = [k for k, v in table.items() if en.get(k) == v and k not in ("dir",)]
    assert len(same) <= 12, f"{lang}: {len(same)} texts identical to English: {same}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_counted_text_has_a_form_for_every_count(lang: str) -> None:
    table = strings_for(lang)
    stems = {_stem(k) for k in table.table if _PLURAL.search(k)}
    for n in [*range(0, 30), 101, 111, 1000]:
        for stem in stems:
            fields = {f: "x" for f in _FIELD.findall(table[f"{stem}.other"]) if f != "n"}
            assert table.plural(stem, n, **fields), (lang, stem, n)


def test_language_tags_fall_back_to_their_base_language_then_english() -> None:
    assert strings_for("pt-BR")["toolbar.export"] == _table("pt")["toolbar.export"]
    assert strings_for("zh_Hant")["toolbar.export"] == _table("zh")["toolbar.export"]
    assert strings_for("DE")["toolbar.export"] == "Exportieren"
    assert strings_for("tlh")["toolbar.export"] == "Export"  # no table: English
    assert strings_for(None).lang == "en"
    assert base_language("pt-BR") == "pt"
    assert strings_for("ar").direction == "rtl" and strings_for("he").direction == "rtl"
    assert strings_for("de").direction == "ltr"


def test_plural_rules_follow_cldr_for_the_shipped_languages() -> None:
    assert [plural_category("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [plural_category("fr", n) for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural_category("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "other"]
    assert plural_category("ja", 1) == "other"
    assert strings_for("ar").plural("section.items", 11) == "11 بندًا"


def test_overrides_for_every_language_and_for_one() -> None:
    over = {"toolbar.export": "Save the run", "de": {"toolbar.export": "Sichern"}, "fr": {"toolbar.reset": "RAZ"}}
    assert strings_for("en", over)["toolbar.export"] == "Save the run"
    assert strings_for("de", over)["toolbar.export"] == "Sichern"  # one language's text wins
    assert strings_for("de-AT", over)["toolbar.export"] == "Sichern"
    assert strings_for("fr", over)["toolbar.export"] == "Save the run"
    assert strings_for("ja", over)["toolbar.reset"] == _table("ja")["toolbar.reset"]
    assert strings_for("ar", {"ar": {"section.items.few": "{n} عناصر"}}).plural("section.items", 4) == "4 عناصر"


@pytest.mark.parametrize(("over", "message"), [
    ({"toolbar.exprot": "x"}, "unknown string key 'toolbar.exprot'; did you mean 'toolbar.export'?"),
    ({"de": {"toolbar.exprot": "x"}}, "strings.de: unknown string key 'toolbar.exprot'"),
    ({"toolbar.export": ["a"]}, "the text of 'toolbar.export' must be a string"),
    ({"js.critical_open": "{count} offen"}, "uses {count}, which it is not given; it can use {n}"),
])
def test_bad_overrides_are_named_with_a_fix(over: dict[str, object], message: str) -> None:
    with pytest.raises(StringsError, match=re.escape(message)):
        strings_for("de", over)


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(sorted(k for k in _table("en") if "{" not in _table("en")[k])),
       text=st.text(st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)), max_size=40),
       lang=st.sampled_from(LANGUAGES))
def test_any_override_text_is_used_as_written(key: str, text: str, lang: str) -> None:
    assert strings_for(lang, {key: text})[key] == text
    assert strings_for(lang, {lang: {key: text}}, )[key] == text


@settings(max_examples=60, deadline=None)
@given(before=st.text(st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)), max_size=12),
       between=st.text(st.characters(blacklist_characters="{}", blacklist_categories=("Cs",)), max_size=12))
def test_page_counter_is_css_strings_around_the_counters(before: str, between: str) -> None:
    css = page_counter(f"{before}{{page}}{between}{{pages}}")
    assert css.count("counter(page)") == 1 and css.count("counter(pages)") == 1
    assert css.index("counter(page)") < css.index("counter(pages)")
    assert "<" not in css and "\n" not in css


# -- the plugin ------------------------------------------------------------------------------------
RB = """\
id: demo
title: Demo
version: '1.0'
meta: {owner: Ops}
sections:
  - id: s
    title: S
    estimate: 10 min
    items:
      - {id: a, text: Do A, severity: critical}
      - {id: b, text: Do B, irreversible: true, rollback: none, rollback_reason: cannot}
      - id: c
        text: Do C
        fields: [{id: ok, type: yesno, na: true}, {id: who, type: signature}]
signoff:
  - {id: go, title: Go, roles: [Lead], fields: [name, date]}
contacts:
  - {role: On call}
"""


def _config(language: str, extra: str = "") -> str:
    return (f"site_name: T\ndocs_dir: docs\ntheme:\n  name: material\n  language: {language}\n"
            f"plugins:\n  - search\n  - runbooks{extra}\nmarkdown_extensions: [attr_list, md_in_html]\n")


def test_a_german_page_and_a_site_override(site) -> None:  # type: ignore[no-untyped-def]
    built = site({"docs/demo.runbook.yml": RB},
                 config=_config("de", ":\n      strings:\n        de: {toolbar.reset: Neu anfangen}"))
    html = built.html("demo")
    for word in ("Exportieren", "Neu anfangen", "kritisch", "kein Zurück", "Freigabe", "Kontakte", "Rolle",
                 "Ja", "Nein", "entfällt", "Seite \" counter(page) \" von \" counter(pages)", "Gedruckt",
                 "--rb-t-css-owner:&#34;verantwortlich: &#34;", "10 Min."):
        assert word in html, word
    assert 'data-rb-action="reset" title="Alle Häkchen und Werte löschen">Neu anfangen<' in html
    assert 'data-rb-locale="de"' in html and "&#34;critical_open&#34;:&#34;{n} kritisch offen&#34;" in html


def test_an_unknown_override_key_fails_the_build_with_the_key(site, caplog) -> None:  # type: ignore[no-untyped-def]
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((PluginError, Abort)):
        site({"docs/demo.runbook.yml": RB}, config=_config("de", ":\n      strings: {toolbar.exprot: Sichern}"))
    assert "unknown string key 'toolbar.exprot'; did you mean 'toolbar.export'?" in caplog.text


def test_render_takes_a_language(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    write_tree(tmp_path, {"mkdocs.yml": _config("en"), "docs/demo.runbook.yml": RB})
    code, _, err = cli("render", "--out", str(tmp_path / "out"), "--config", str(tmp_path / "mkdocs.yml"),
                       "--language", "ja")
    assert code == 0, err
    page = (tmp_path / "out" / "demo.md").read_text(encoding="utf-8")
    assert "書き出し" in page and "重大" in page and ">Export<" not in page


def test_version_with_quotes_is_escaped_in_attributes_and_text(tmp_path: Path) -> None:
    """The checker refuses such a version, but the renderer is a library too: it escapes, always."""
    from mkdocs_runbooks.pipeline import compile_source
    from mkdocs_runbooks.render import render_page
    from mkdocs_runbooks.resolve.resolver import Templates

    (tmp_path / "demo.runbook.yml").write_text(RB, encoding="utf-8")
    rb = compile_source(tmp_path / "demo.runbook.yml", Templates(tmp_path / "templates"), "demo.runbook.yml").runbook
    assert rb is not None
    rb.version = '1"<&b'
    rb.meta.environment = 'prod"<x>'
    skeleton = render_page(rb).skeleton
    assert 'data-rb-version="1&#34;&lt;&amp;b"' in skeleton
    assert '<dd data-rb-meta="version">1&#34;&lt;&amp;b</dd>' in skeleton
    assert '1"<&b' not in skeleton and 'prod"<x>' not in skeleton.replace("\\3c ", "<")


# -- the example site in German, Japanese and Arabic --------------------------------------------------------
@pytest.fixture(scope="module")
def example_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {lang: build_example(tmp_path_factory.mktemp(f"example-{lang}"), lang) for lang in ("en", "de", "ja", "ar")}


def test_the_scan_finds_english_in_the_english_build(example_sites: dict[str, Path]) -> None:
    """The scan can fail: in the English build it finds the table's strings on every page."""
    pieces = english_pieces("de", author_text(REPO))
    for page in our_pages(example_sites["en"]):
        # the "Runs" page is short: a title and an outcome that the example's own texts also say, and its intro;
        # so is the template index: its title and column heads ("Templates", "name", "runbooks") are words the
        # example's own texts use too, which leaves its intro
        short = {example_sites["en"] / "runs" / "index.html": 2, example_sites["en"] / "runbook-templates" / "index.html": 1}
        least = short.get(page, 3)
        assert len(english_found(visible_text(page.read_text(encoding="utf-8")), pieces)) >= least, page


@pytest.mark.parametrize("lang", ["de", "ja", "ar"])
def test_no_english_string_of_ours_in_a_built_page(example_sites: dict[str, Path], lang: str) -> None:
    pieces = english_pieces(lang, author_text(REPO))
    assert len(pieces) > 80
    pages = our_pages(example_sites[lang])
    assert len(pages) >= 7
    for page in pages:
        found = english_found(visible_text(page.read_text(encoding="utf-8")), pieces)
        assert not found, f"{page.relative_to(example_sites[lang])}: {found}"


@pytest.mark.parametrize(("lang", "words"), [("de", ["Zeit je Abschnitt", "Verlauf", "Abgeschlossen", "Durchläufe"]),
                                             ("ja", ["セクションごとの時間", "タイムライン", "完了", "実行記録"]),
                                             ("ar", ["الوقت لكل قسم", "الخط الزمني", "مكتمل", "التشغيلات"])])
def test_run_records_and_the_runs_page_speak_the_site_language(example_sites: dict[str, Path], lang: str,
                                                                words: list[str]) -> None:
    """The committed run's record page and the "Runs" page are scanned above; here their own words are there."""
    site = example_sites[lang]
    records = [p for p in (site / "runs").rglob("index.html") if 'data-rb-run-record="' in p.read_text(encoding="utf-8")]
    assert records, "the example site has a committed run: its record page is missing"
    shown = " ".join(visible_text(p.read_text(encoding="utf-8")) for p in [*records, site / "runs" / "index.html"])
    for word in words:
        assert word in shown, word
    book = (site / "runbooks" / "smartwallet-production" / "index.html").read_text(encoding="utf-8")
    assert strings_for(lang)["runs.past_runs"] in visible_text(book)


def test_arabic_pages_are_right_to_left(example_sites: dict[str, Path]) -> None:
    html = (example_sites["ar"] / "runbooks" / "smartwallet-production" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<body[^>]*dir="rtl"', html)  # Material's
    assert re.search(r'<div class="rb-runbook"[^>]*dir="rtl"', html)  # ours, whatever the theme
    assert "صفحة \" counter(page) \" من \" counter(pages)" in html


def test_shipped_tables_read_as_safe_load_reads_them() -> None:
    """The tables are read with PyYAML's C loader (build time, issue 18): the same texts as safe_load."""
    from importlib import resources

    import yaml

    from mkdocs_runbooks.i18n import _table

    for ref in resources.files("mkdocs_runbooks.i18n").iterdir():
        if ref.name.endswith(".yml"):
            data = yaml.safe_load(ref.read_text(encoding="utf-8"))
            assert _table(ref.name[:-4]) == {str(k): str(v) for k, v in data.items()}, ref.name

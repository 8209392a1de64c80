"""Assets only where needed (issue 18): one bundled, minified stylesheet and script, on runbook pages only."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_runbooks import assets

RUNBOOK = """\
id: deploy
title: Deploy
sections:
  - id: prep
    title: Prep
    items:
      - {id: backup, text: Take a backup, severity: critical}
procedures:
  - id: undo
    title: Undo
    steps: [{id: stop, text: Stop it}]
"""
OURS = re.compile(r'(?:href|src)="([^"]*assets/runbooks/[^"]*)"')


def _ours(html: str) -> list[str]:
    return OURS.findall(html)


def test_runbook_pages_load_one_css_and_one_js_and_other_pages_none(site) -> None:  # type: ignore[no-untyped-def]
    built = site({"docs/ops/deploy.runbook.yml": RUNBOOK, "docs/guide/more.md": "# More\n\nPlain text.\n"})
    b = assets.bundle()
    page = built.html("ops/deploy")
    assert _ours(page) == [f"../../{b.css_uri}", f"../../{b.js_uri}"]
    # the stylesheet in the head (render-blocking; Material's instant navigation adds and removes head
    # stylesheets), the script deferred inside the content (instant navigation runs the content's scripts)
    head, article = page[:page.index("</head>")], page[page.index("<article"):page.index("</article>")]
    assert f'<link rel="stylesheet" href="../../{b.css_uri}">' in head
    assert f'<script src="../../{b.js_uri}" defer></script>' in article
    for plain in ("", "guide/more", "procedures"):
        html = (built.site / plain / "index.html").read_text(encoding="utf-8")
        assert _ours(html) == [], plain
    # and the scripts fetched on first use only (runs-more.js: switching runs, New run, Finish, Export, Import)
    assert sorted(p.name for p in (built.site / "assets/runbooks").iterdir()) == sorted(
        Path(u).name for u in (b.css_uri, b.js_uri, *assets.LAZY))
    assert (built.site / b.css_uri).read_bytes() == b.css and (built.site / b.js_uri).read_bytes() == b.js


def test_assets_false_leaves_every_page_alone(site) -> None:  # type: ignore[no-untyped-def]
    from conftest import BASE_CONFIG

    config = BASE_CONFIG.replace("  - runbooks\n", "  - runbooks:\n      assets: false\n")
    built = site({"docs/deploy.runbook.yml": RUNBOOK}, config=config)
    assert _ours(built.html("deploy")) == []
    assert not (built.site / "assets/runbooks").exists()


def test_bundle_keeps_every_source_in_declared_order() -> None:
    """Each source's rules and functions are in the bundle, in the order of assets.CSS / assets.JS,
    print.css last; the names change with the content (a new release is never served from cache)."""
    b = assets.bundle()
    css, js = b.css.decode(), b.js.decode()
    markers = {"runbooks.css": ".rb-header .rb-meta{", "forms.css": ".rb-toolbar{", "rollback.css": ".rb-ponr{",
               "print.css": "@page rb-a4{", "runbooks.js": "__rbRunbooks", "rollback.js": "rb-came-from",
               "print.js": "rbPrintPrepare"}
    names = [u.rsplit("/", 1)[1] for u in assets.CSS + assets.JS]
    assert names[len(assets.CSS) - 1] == "print.css"
    for kind, text in (("css", css), ("js", js)):
        mine = [n for n in names if n.endswith("." + kind) and n in markers]
        at = [text.index(markers[n]) for n in mine]
        assert at == sorted(at), (kind, mine, at)
    assert len(css) < sum(len(t) for n, t in assets.sources().items() if n.endswith(".css"))  # minified
    assert re.fullmatch(r"assets/runbooks/runbooks\.[0-9a-f]{8}\.min\.css", b.css_uri)
    assert re.fullmatch(r"assets/runbooks/runbooks\.[0-9a-f]{8}\.min\.js", b.js_uri)
    # the bundle runs its sources once, however often instant navigation runs it
    assert js.count("window.__rbBundle") == 2


def _literals(src: str) -> list[tuple[str, str]]:
    """(kind, text) of every string, template-literal chunk and regex literal of a script, in order.
    A small lexer for our own sources: comments skipped, template substitutions followed when nested."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(src)
    stack: list[int] = []  # per open template substitution: its brace depth
    prev = "("  # last significant token class: "a" (a value) or a punctuator; tells a regex from a division

    def template_text(j: int) -> tuple[int, str]:
        while j < n:
            if src[j] == "\\":
                j += 2
            elif src[j] == "`":
                return j, "end"
            elif src.startswith("${", j):
                return j, "sub"
            else:
                j += 1
        raise AssertionError("unterminated template literal")

    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
        elif src.startswith("//", i):
            i = n if src.find("\n", i) < 0 else src.find("\n", i)
        elif src.startswith("/*", i):
            i = src.index("*/", i) + 2
        elif c in "'\"":
            j = i + 1
            while src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(("str", src[i:j + 1]))
            i, prev = j + 1, "a"
        elif c == "`" or (c == "}" and stack and stack[-1] == 0):
            if c == "}":
                stack.pop()
            j, how = template_text(i + 1)
            out.append(("tpl", src[i:j]))
            if how == "end":
                i, prev = j + 1, "a"
            else:
                stack.append(0)
                i, prev = j + 2, "("
        elif c == "/" and prev != "a":
            j, in_class = i + 1, False
            while src[j] != "/" or in_class:
                if src[j] == "\\":
                    j += 1
                elif src[j] in "[]":
                    in_class = src[j] == "["
                j += 1
            out.append(("re", src[i:j + 1]))
            i, prev = j + 1, "a"
        elif c.isalnum() or c in "_$":
            j = i
            while j < n and (src[j].isalnum() or src[j] in "_$"):
                j += 1
            prev = "(" if src[i:j] in ("return", "typeof", "case") else "a"
            i = j
        else:
            if stack and c in "{}":
                stack[-1] += 1 if c == "{" else -1
            prev = "a" if c in ")]" else c
            i += 1
    return out


def test_minified_script_keeps_every_literal() -> None:
    """rjsmin only drops comments and spaces between tokens: every string, template literal (nested
    too: rjsmin ate the space of one, issue 18) and regex of the sources is in the bundle, unchanged."""
    src = assets.sources()
    expected = [lit for n in (u.rsplit("/", 1)[1] for u in assets.JS) for lit in _literals(src[n])]
    assert len(expected) > 300
    assert _literals(assets.bundle().js.decode()) == expected


def test_literal_lexer_sees_nested_templates_and_regexes() -> None:
    """The test's own lexer, on the constructs above (so a lexer bug cannot hide a minifier bug)."""
    js = 'a = `x ${b ? ` (${c})` : "d"} y`; // `no`\n/* "no" */ e = f / 2 / g; h = /[/`]x/g.test("z");'
    assert _literals(js) == [("tpl", "`x "), ("tpl", "` ("), ("tpl", "})"), ("str", '"d"'), ("tpl", "} y"),
                             ("re", "/[/`]x/"), ("str", '"z"')]


_seg = st.from_regex(r"[a-z0-9-]{1,6}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(_seg, max_size=4), kind=st.sampled_from(["dir", "html", "root"]))
def test_embedded_tags_resolve_to_the_bundles_from_any_page(parts: list[str], kind: str) -> None:
    """From a page at any depth, with or without directory URLs, the tags point at the site's bundles."""
    url = {"dir": "".join(p + "/" for p in parts), "html": "/".join(parts + ["page.html"]),
           "root": ""}[kind]
    html = '<h1>T</h1>\n<div class="rb-runbook" data-rb-runbook="x">\n<p>body</p>\n</div>\n<p>after</p>\n'
    out = assets.embed(html, url)
    refs = _ours(out)
    b = assets.bundle()
    assert [urljoin("http://h/base/" + url, r) for r in refs] == ["http://h/base/" + b.css_uri,
                                                                  "http://h/base/" + b.js_uri]
    # the link first in the runbook element, the script right after it (outside: no script inside a
    # runbook, test_hostile_values_stay_text), and nothing else changed
    assert re.sub(r'<link rel="stylesheet"[^>]*>|\n<script [^>]*></script>', "", out) == html
    assert out.index("<link") > out.index('<div class="rb-runbook"')
    assert out.index("<script") == out.rindex("</div>") + len("</div>\n")
    assert "<link" not in assets.embed(html, url, link=False)
    whole = assets.in_head("<html><head><title>t</title></head><body></body></html>", url)
    assert urljoin("http://h/base/" + url, _ours(whole)[0]) == "http://h/base/" + b.css_uri
    assert whole.index("<link") < whole.index("</head>")


def test_embed_leaves_pages_without_a_runbook_alone() -> None:
    for html in ("", "<p>plain</p>", '<div class="rb-runbook-note">x</div>', '<div class="rb-runbook">'):
        assert assets.embed(html, "a/") == html

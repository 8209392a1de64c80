"""Assets only where needed (issue 18): on runbook pages only, a first load of one bundled, minified stylesheet
and one script (the core), beside a media=print stylesheet; the page tools are a script the core fetches."""

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
    assert _ours(page) == [f"../../{b.css_uri}", f"../../{b.print_uri}", f"../../{b.js_uri}"]
    # the stylesheets in the head (the screen's render-blocking; the paper's after it, media=print; Material's
    # instant navigation adds and removes head stylesheets), the script deferred inside the content
    # (instant navigation runs the content's scripts)
    head, article = page[:page.index("</head>")], page[page.index("<article"):page.index("</article>")]
    assert (f'<link rel="stylesheet" href="../../{b.css_uri}"><link rel="stylesheet" href="../../{b.print_uri}" '
            'media="print">') in head
    assert f'<script src="../../{b.js_uri}" defer></script>' in article
    for plain in ("", "guide/more", "procedures"):
        html = (built.site / plain / "index.html").read_text(encoding="utf-8")
        assert _ours(html) == [], plain
    # and the page tools, which the core names and fetches when idle or on first use, from its own folder
    tools = Path(b.tools_uri).name
    assert sorted(p.name for p in (built.site / "assets/runbooks").iterdir()) == sorted(
        Path(u).name for u in (b.css_uri, b.js_uri, b.print_uri, b.tools_uri))
    assert b.js.decode().count(f'"{tools}"') == 1 and tools not in page
    for uri, data in ((b.css_uri, b.css), (b.js_uri, b.js), (b.print_uri, b.print_css), (b.tools_uri, b.tools)):
        assert (built.site / uri).read_bytes() == data, uri


def test_assets_false_leaves_every_page_alone(site) -> None:  # type: ignore[no-untyped-def]
    from conftest import BASE_CONFIG

    config = BASE_CONFIG.replace("  - runbooks\n", "  - runbooks:\n      assets: false\n")
    built = site({"docs/deploy.runbook.yml": RUNBOOK}, config=config)
    assert _ours(built.html("deploy")) == []
    assert not (built.site / "assets/runbooks").exists()


def test_bundle_keeps_every_source_in_declared_order() -> None:
    """Each source's rules and functions are in its bundle, in the declared order (assets.CSS, PRINT_CSS,
    TOOLS_CSS, JS, TOOLS); the names change with the content (a new release is never served from cache)."""
    b = assets.bundle()
    bundles = {"css": (assets.CSS, b.css), "print": (assets.PRINT_CSS, b.print_css), "js": (assets.JS, b.js),
               "tools": (assets.TOOLS, b.tools)}
    markers = {"runbooks.css": ".rb-header .rb-meta{", "forms.css": ".rb-toolbar{", "runs.css": ".rb-run-record ",
               "rollback.css": ".rb-ponr{", "print.css": "@page rb-a4{", "runbooks.js": "__rbBundle",
               "tools.js": "rbHooks", "runlog.js": "window.rbLog=(", "runs.js": "rbruns|", "runs-more.js": "rbRunsMore", "rollback.js": "rb-came-from",
               "print.js": "rbPrintPrepare", "tools.css": ".rb-ticked-at{"}
    for kind, (uris, data) in bundles.items():
        text, names = data.decode(), [u.rsplit("/", 1)[1] for u in uris]
        at = [text.index(markers[n]) for n in names]
        assert at == sorted(at), (kind, names, at)
    assert markers["tools.css"] in b.tools.decode()  # the tools' styles: a string in tools.js
    assert len(b.css) < sum(len(t) for n, t in assets.sources().items() if n.endswith(".css"))  # minified
    for uri, kind in ((b.css_uri, "css"), (b.print_uri, "css"), (b.js_uri, "js"), (b.tools_uri, "js")):
        assert re.fullmatch(rf"assets/runbooks/runbooks(-print|-tools)?\.[0-9a-f]{{8}}\.min\.{kind}", uri), uri
    # the core runs once, however often instant navigation runs it
    assert b.js.decode().count("window.__rbBundle") == 2


def test_the_first_load_is_within_its_budget() -> None:
    """One stylesheet and one script, <= 8 KB gzipped together (issue 18; bench/bench_frontend.py measures
    the built page); print rules and the page tools are not on it."""
    import gzip

    b = assets.bundle()
    first = len(gzip.compress(b.css, 9)) + len(gzip.compress(b.js, 9))
    assert first <= 8 * 1024, first
    assert "@page" not in b.css.decode() and "@media print" not in b.css.decode()
    assert "rbPrintPrepare" not in b.js.decode() and "rbPrintPrepare" in b.tools.decode()


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
    too: rjsmin ate the space of one, issue 18) and regex of the sources is in the scripts, unchanged,
    but for the names filled in at build time (the tools' file name, the tools' styles)."""
    import json

    import rcssmin  # type: ignore[import-untyped]

    src, b = assets.sources(), assets.bundle()
    style = rcssmin.cssmin("\n".join(src[u.rsplit("/", 1)[1]] for u in assets.TOOLS_CSS))
    filled = {f'"{assets.TOOLS_NAME}"': json.dumps(Path(b.tools_uri).name),
              f'"{assets.TOOLS_STYLE}"': json.dumps(style, ensure_ascii=False)}
    total = 0
    for uris, built in ((assets.JS, b.js), (assets.TOOLS, b.tools)):
        expected = [(k, filled.get(t, t)) for n in (u.rsplit("/", 1)[1] for u in uris) for k, t in _literals(src[n])]
        total += len(expected)
        assert _literals(built.decode()) == expected
    assert total > 300


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
                                                                  "http://h/base/" + b.print_uri,
                                                                  "http://h/base/" + b.js_uri]
    # the link first in the runbook element, the script right after it (outside: no script inside a
    # runbook, test_hostile_values_stay_text), and nothing else changed
    assert re.sub(r'<link rel="stylesheet"[^>]*>|\n<script [^>]*></script>', "", out) == html
    assert out.index("<link") > out.index('<div class="rb-runbook"')
    assert out.index("<script") == out.rindex("</div>") + len("</div>\n")
    assert "<link" not in assets.embed(html, url, link=False)
    whole = assets.in_head("<html><head><title>t</title></head><body></body></html>", url)
    assert [urljoin("http://h/base/" + url, r) for r in _ours(whole)] == ["http://h/base/" + b.css_uri,
                                                                         "http://h/base/" + b.print_uri]
    assert whole.index("<link") < whole.index("</head>")


def test_embed_leaves_pages_without_a_runbook_alone() -> None:
    for html in ("", "<p>plain</p>", '<div class="rb-runbook-note">x</div>', '<div class="rb-runbook">'):
        assert assets.embed(html, "a/") == html

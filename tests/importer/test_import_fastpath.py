"""The importer's line-based block parser (importer/fastblocks.py) against markdown-it.

``blocks.parse`` takes the fast path where it can and hands the rest to
markdown-it; ``blocks.parse_markdown_it`` is markdown-it alone. Both must give
the same block tree, and ``runbooks import`` the same YAML, warnings and data,
byte for byte: on every seed, every fixture, the docs' own Markdown, hand-made
corner cases and generated inputs.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_import_helpers import SEEDS  # noqa: E402

import mkdocs_runbooks.importer as importer
from conftest import FIXTURES, REPO
from mkdocs_runbooks.importer.blocks import parse, parse_markdown_it

FIX = FIXTURES / "import"
INPUTS = (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []) + sorted(FIX.glob("*.md")) \
    + sorted(p for p in (REPO / "content").rglob("*.md")) + [REPO / "README.md"]

# Each one exercises a rule the fast path emulates or a place where it must hand over.
CORNERS = [
    "# T\n\n- [ ] a\nlazy continuation\n- [ ] b\n",
    "- a\n  - b\n    - c\n      - d\n   - e\n",
    "- a\n\n  para in item\n\n- b\n\n\n- c\n",
    "1. one\n2. two\n10) ten\n3. three\n",
    "para\n2. not a list\n1. a list\n",
    "para\n-\n- x\n",
    "para\n---\n",
    "para\n===\n",
    "- item\n---\n",
    "- item\n  ---\n",
    "Title\n  ===\n",
    "---\ntitle: x\n---\n# H\n",
    "---\ntitle: x\n\nbody\n---\n\n# H\n",
    "--- not front matter\n# H\n",
    "- ```\n  code\n\n  more\n  ```\n- next\n",
    "- x\n  ```\n  code\n\nafter\n",
    "```\nunclosed\n\nstill code\n\n# not a heading\n",
    "~~~~\n~~~\n~~~~~\n",
    "``` a`b\nnot a fence\n```\n",
    "   ```\n     indented by the opener\n  less\n   ```\n",
    "<div>\n\n# H\n</div>\n\n<!--\n\n# in comment\n\n-->\n\n# after\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n# H\n",
    "text | pipe\n--- | ---\n",
    "[ref]: /url\n[ ] not a ref\n[x] neither\n[a](b) link\n",
    "> quote\n> more\n\n# H\n- > quoted item\n",
    "    code\n\n# H\n\n-      code in item\n",
    "#\n##   \n### x ###\n#### y #z\n####### seven\n#nope\n",
    "- \n\n  foo\n-\n- x\n",
    "-\n\n\n- b\n",
    "\t- tab\n\n- [ ] after\n\n# x\n",
    "- a\r\n- b\r\n",
    "a\0b\n",
    "- a\n  \n  \n",
    "# T\n\n- [ ] a\n  ```\n  never closed\n",
    "trailing spaces   \nline  \n   ",
    "* * *\n- - -\n_ _ _\n+ + +\n",
    "1.\n2.   \n3. x\n",
    "\u00a0nbsp para\n- item \u2003\n",
    "".join(f"{'  ' * i}- level {i}\n" for i in range(14)) + "\n# After\n\n- [ ] x\n",
    "# T\n\n" + "".join(f"{'  ' * i}- level {i}\n" for i in range(14)) + "\n# After\n\n- [ ] x\n",  # maxNesting
    "| a | b |\n|--|--|\n```\nx\n\ny\n\nz\n```\n\nafter\n",  # markdown-it's stretch must grow past the fence
    "<!--\na\n\nb\n\nc\n-->\n\n# H\n",
    "T\n===\n\np\n---\n\n" * 40 + "# H\n\n- [ ] x\n\n> q\n\n- [ ] y\n",  # ever longer stretches to markdown-it
    "".join(f"{'  ' * i}- level {i}\n" for i in range(7)) + "\n# After\n",
]


def _import_yaml(text: str, slow: bool, monkeypatch: pytest.MonkeyPatch) -> tuple:
    with monkeypatch.context() as m:
        if slow:
            m.setattr(importer, "parse", parse_markdown_it)
        r = importer.import_markdown(text, source="x.md")
    return r.yaml, r.data, r.warnings


def _same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse(text) == parse_markdown_it(text)
    fast, slow = _import_yaml(text, False, monkeypatch), _import_yaml(text, True, monkeypatch)
    assert fast[0] == slow[0]  # the YAML text, byte for byte
    assert fast[1:] == slow[1:]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_real_inputs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(path.read_bytes().decode("utf-8", "replace"), monkeypatch)


@pytest.mark.parametrize("text", CORNERS)
def test_corner_cases(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(text, monkeypatch)


def test_seed_concatenation(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the bench feeds: seeds joined (boundaries land in new places)."""
    texts = [p.read_text(encoding="utf-8") for p in INPUTS[:5]]
    _same("\n\n".join(texts) + "\n", monkeypatch)
    _same("".join(texts), monkeypatch)


# -- generated inputs ------------------------------------------------------------
_INDENTS = [0, 0, 0, 0, 1, 2, 2, 2, 3, 4, 4, 5, 6, 8]
_MARKERS = ["", "", "", "- ", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "-", "-   ", "-     ", "1.", "- [ ] ",
            "* [x] ", "- - ", "1. - ", "0. ", "1234567890. ", "-\t"]
_BODIES = ["text", "foo bar", "[ ] task", "[x] done", "# H", "## H ##", "### x #", "#", "#nope", "####### 7",
           "```", "```bash", "``` a`b", "~~~", "~~~~ py", "````", "```  ", "---", "***", "* * *", "___", "- - -",
           "===", "=", "-", "--", "> quote", "<div>", "<!-- c -->", "| a | b |", "|---|---|", "--- | ---",
           "[ref]: /url", "[x]: y", "[a](b) link", "[foo", "", " ", "text  ", "**Owner:** ____", "\\", "a | b",
           "`code`", "1) one", "  trailing", "\ttab", "x\ty", "#\tfoo", "\u00a0nbsp", "text\u2003", "2. two", "+",
           "*", "1.", "-  x", "# ", "#  x  #  ", "~~~ a`b", "YES / NO", "Time: ___ min"]


def _random_lines(r: random.Random) -> str:
    lines = [" " * r.choice(_INDENTS) + r.choice(_MARKERS) + r.choice(_BODIES) for _ in range(r.randint(1, 25))]
    return "\n".join(lines) + r.choice(["", "\n", "\n\n", "\n  "])


def _random_checklist(r: random.Random) -> str:
    """Checklist-shaped: headings, nested task lists with fences and continuations."""
    out: list[str] = []
    for _ in range(r.randint(1, 12)):
        kind = r.random()
        if kind < 0.15:
            out += ["#" * r.randint(1, 3) + f" Heading {r.randint(1, 9)}", r.choice(["", "", "- [ ] x"])]
        elif kind < 0.6:
            depth = 0
            for _ in range(r.randint(1, 6)):
                depth = max(0, min(depth + r.choice([-1, 0, 0, 1]), 4))
                ind = " " * (depth * r.choice([2, 2, 3, 4]))
                out.append(ind + r.choice(["- [ ] ", "- [x] ", "* ", "1. ", "- "])
                           + r.choice(["do it", "**Bold:** ____", "check `x`", "Rollback if: y"]))
                c = r.random()
                if c < 0.15:
                    out += [ind + "  ```bash", ind + "  cmd", ind + r.choice(["  ```", "```", "", "  ~~~"])]
                elif c < 0.25:
                    out.append(ind + r.choice(["  continued", "continued lazily", "    deep", ""]))
                elif c < 0.3:
                    out.append("")
            out.append(r.choice(["", "", "text"]))
        elif kind < 0.75:
            out += ["```" + r.choice(["", "sh", "yaml"]), "code", r.choice(["", "x"]), "```", ""]
        elif kind < 0.85:
            out += [f"Para line {r.randint(1, 99)}", r.choice(["more", "---", "===", "", "- x", "2. y", "1. z"]), ""]
        else:
            out += [r.choice(["---", "| a | b |", "> q", "<div>", "[r]: /u", "    code", "***"]),
                    r.choice(["", "|---|---|", "x"]), ""]
    return "\n".join(out) + r.choice(["", "\n"])


def test_generated_block_trees() -> None:
    r = random.Random(20240607)
    for i in range(3000):
        text = _random_lines(r) if i % 2 else _random_checklist(r)
        assert parse(text) == parse_markdown_it(text), text


def test_generated_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    r = random.Random(7)
    for i in range(300):
        _same(_random_lines(r) if i % 2 else _random_checklist(r), monkeypatch)

"""Find English strings of ours in pages built in another language (issue 20, Language).

"Ours" is the English string table (i18n/en.yml): each text, split at its ``{fields}`` into
the literal pieces a reader would see. A piece counts only when the language's own table says
something else (a loanword such as "Version" or "Runbook" may be the same in German) and when
the runbook sources do not hold it (an author's English text is theirs, not ours), nor the
language's own table (German says "Import von ...": the word "Import" proves nothing there).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from mkdocs_runbooks.i18n import _table, strings_for

REPO = Path(__file__).resolve().parents[2]

_FIELD = re.compile(r"\{\w+\}")
#: pieces too short or too common to say anything (punctuation, "h", "OK")
_MIN_LEN = 4
_ATTRS = ("title", "aria-label", "placeholder", "alt")


def english_pieces(lang: str, author_text: str = "") -> dict[str, str]:
    """Piece of English text -> its key, for every key ``lang`` translates."""
    en, other = _table("en"), strings_for(lang).table
    own = "\n".join(v for k, v in _table(lang).items())  # a word the language itself uses proves nothing
    pieces: dict[str, str] = {}
    for key, text in en.items():
        if key in ("locale", "dir") or other.get(key, text) == text:
            continue
        for piece in _FIELD.split(text.replace("\n", " ")):
            piece = piece.strip(" :;,.·↩←→-_/()\"")
            if (len(piece) >= _MIN_LEN and re.search(r"[A-Za-z]{3}", piece) and piece not in author_text
                    and not english_found(own, {piece: key})):
                pieces.setdefault(piece, key)
    return pieces


class _Text(HTMLParser):
    """A page's visible text and its labelling attributes; scripts, styles and code left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code", "pre"):
            self.skip += 1
        for name, value in attrs:
            if name in _ATTRS and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code", "pre") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_found(text: str, pieces: dict[str, str]) -> list[tuple[str, str]]:
    """(piece, key) of every English piece in ``text`` (whole words, case as written)."""
    text = " ".join(text.split())
    return [(p, k) for p, k in pieces.items() if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text)]


def author_text(root: Path) -> str:
    """Everything the runbook sources, templates and mkdocs.yml say: English that is the author's."""
    # mkdocs.yml: its nav titles ("Past runs") are the author's too
    files = [*root.glob("content/**/*.runbook.yml"), *root.glob("templates/**/*.yml"), root / "mkdocs.yml"]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def build_example(root: Path, language: str) -> Path:
    """The example site (mkdocs.yml, content, templates, overrides) built with ``theme.language``."""
    for part in ("content", "templates", "site-overrides", "runs"):  # runs: the committed run files
        shutil.copytree(REPO / part, root / part)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  name: material\n", f"  name: material\n  language: {language}\n", 1),
                                     encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=root, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return root / "site"


def template_pages(site: Path) -> list[Path]:
    """The template catalog: its index first, then one page per template and fragment."""
    index = site / "runbook-templates" / "index.html"
    return [index, *sorted(p for p in index.parent.rglob("index.html") if p != index)]


def our_pages(site: Path) -> list[Path]:
    """Pages the plugin writes: runbooks, the procedures page, the run records, the "Runs" page and the
    template catalog."""
    pages = [p for p in site.rglob("index.html") if 'data-rb-runbook="' in p.read_text(encoding="utf-8")]
    records = [p for p in (site / "runs").rglob("index.html") if 'data-rb-run-record="' in p.read_text(encoding="utf-8")]
    return (sorted(pages) + [site / "procedures" / "index.html"] + sorted(records) + [site / "runs" / "index.html"]
            + template_pages(site))



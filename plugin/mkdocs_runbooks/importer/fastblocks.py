"""A line-based fast path for markdown-it's block parser, for the common subset.

It follows markdown-it-py's block rules (tokenize, list, paragraph, fence,
heading, hr, lheading) step by step, on lines instead of a character buffer,
and builds the same ``Block`` tree that ``blocks.parse`` makes from tokens.
Anything it does not emulate raises ``Unsure`` and the caller hands that
stretch of the document to markdown-it: tables, block quotes, HTML blocks,
link reference definitions, indented code, setext headings, front matter,
tabs and very deep nesting. ``tests/importer/test_import_fastpath.py`` checks that both
paths agree on the seeds, the fixtures and generated inputs.

Indexes: ``ts[k]`` is markdown-it's ``tShift[k]`` and ``sCount[k]`` at once
(they only differ when tabs are involved, and tabs are Unsure). ``blk`` is
``blkIndent``, ``list_indent`` is ``listIndent``.
"""

from __future__ import annotations

import re

try:  # markdown-it-py 4 trims paragraph and heading text with this set; the rules here follow 4.x
    from markdown_it.common.utils import MD_TRIM_CHARS

    AVAILABLE = True
except ImportError:  # older markdown-it-py: blocks.parse uses markdown-it alone
    MD_TRIM_CHARS = ""
    AVAILABLE = False

from mkdocs_runbooks.errors import RunbooksError
from mkdocs_runbooks.importer.blocktree import Block

_MAX_LEVEL = 20  # the commonmark preset's maxNesting: deeper content is dropped by markdown-it
_DIGITS = "0123456789"
# markdown-it's hr rule (tabs never get here). Callers have checked the indent.
_HR = re.compile(r"([-*_])(?: *\1){2,} *\Z")
# First characters of the lines that may end a paragraph (with '|': tables).
_STARTERS = frozenset("`~>*-_+#<0123456789")
# A superset of what markdown-it's table rule accepts as the delimiter row.
_DELIM = re.compile(r"[ \t]*[-:|][-:| \t]*\Z")
# "[ ] do x" / "[x]" / "[link](url)" cannot start a reference definition: markdown-it
# gives up at once when the first ']' on the line is not followed by ':'.
_NOT_REF = re.compile(r"\[[^\]\\]*\](?!:)(?=.)")


class Unsure(RunbooksError):
    """The fast path met a construct it does not emulate."""


class FastParser:
    """Parses top-level blocks one at a time; see ``block_at``."""

    def __init__(self, lines: list[str], last_lf: bool) -> None:
        self.lines = lines
        self.n = len(lines)
        self.last_lf = last_lf  # the source ends with "\n": fence content keeps its last newline
        self.ts = [len(ln) - len(ln.lstrip(" ")) for ln in lines]
        self.bad = [("\t" in ln) for ln in lines] if any("\t" in ln for ln in lines) else None
        self.blk = 0
        self.list_indent = -1
        self.level = 0
        self.line = 0

    # -- helpers ---------------------------------------------------------------
    def _empty(self, k: int) -> bool:
        return k >= self.n or self.ts[k] >= len(self.lines[k])

    def _check(self, k: int) -> None:
        if self.bad is not None and self.bad[k]:
            raise Unsure(k)

    def skip_empty(self, k: int) -> int:
        """The index of the first non-blank line from `k`; Unsure when the fast path cannot tell."""
        ts, lines, n = self.ts, self.lines, self.n
        while k < n:
            if self.bad is not None and self.bad[k]:
                raise Unsure(k)
            if ts[k] < len(lines[k]):
                break
            k += 1
        return k

    def _table_risk(self, k: int) -> bool:
        return "|" in self.lines[k] and k + 1 < self.n and _DELIM.match(self.lines[k + 1]) is not None

    # -- the tokenize loop -----------------------------------------------------
    def block_at(self, k: int) -> tuple[Block, int]:
        """The top-level block starting at non-empty line k, and the line after it."""
        holder = Block("root", 0, 0)
        self.blk, self.list_indent, self.level = 0, -1, 0
        self._block(k, holder.children)
        return holder.children[0], self.line

    def _tokenize(self, start: int, out: list[Block]) -> None:
        line, n, ts, lines = start, self.n, self.ts, self.lines
        while line < n:
            if ts[line] >= len(lines[line]) or self.bad is not None:
                line = self.skip_empty(line)
            self.line = line
            if line >= n or ts[line] < self.blk:
                break
            if self.level >= _MAX_LEVEL:
                raise Unsure(line)
            self._block(line, out)
            line = self.line
            if line < n and self._empty(line):
                line += 1
                self.line = line

    def _block(self, k: int, out: list[Block]) -> None:
        """The rule chain: front_matter, table, code, fence, blockquote, hr, list,
        reference, html_block, heading, lheading, paragraph."""
        self._check(k)
        s = self.lines[k]
        p = self.ts[k]
        if k == 0 and s[:1] == "-":
            raise Unsure(k)  # front matter
        if self._table_risk(k) or p - self.blk >= 4:
            raise Unsure(k)  # table, indented code
        c = s[p]
        if c in "`~" and self._fence(k, out):
            return
        if c == ">":
            raise Unsure(k)
        if c in "*-_" and _HR.match(s, p):
            self.line = k + 1
            out.append(Block("hr", k, k + 1))
            return
        if (c in "*-+" or c in _DIGITS) and self._list(k, out):
            return
        if c == "[" and not _NOT_REF.match(s, p):
            raise Unsure(k)
        if c == "<":
            raise Unsure(k)
        if c == "#" and self._heading(k, out):
            return
        self._paragraph(k, out)

    # -- leaf rules ------------------------------------------------------------
    def _fence_open(self, k: int) -> tuple[str, int, str] | None:
        """(marker, run length, info) when line k opens a fence."""
        s = self.lines[k]
        p = self.ts[k]
        if p - self.blk >= 4 or p + 3 > len(s):
            return None
        marker = s[p]
        if marker != "`" and marker != "~":
            return None
        q = p
        while q < len(s) and s[q] == marker:
            q += 1
        if q - p < 3:
            return None
        params = s[q:]
        if marker == "`" and "`" in params:
            return None
        return marker, q - p, params

    def _fence(self, k: int, out: list[Block]) -> bool:
        got = self._fence_open(k)
        if got is None:
            return False
        marker, run, params = got
        lines, ts, blk, n = self.lines, self.ts, self.blk, self.n
        nxt, closed = k, False
        while True:
            nxt += 1
            if nxt >= n:
                break
            self._check(nxt)
            s = lines[nxt]
            p = ts[nxt]
            if p < len(s) and p < blk:
                break  # a less indented line ends the container, and the fence with it
            if p >= len(s) or s[p] != marker or p - blk >= 4:
                continue
            q = p
            while q < len(s) and s[q] == marker:
                q += 1
            if q - p < run or s[q:].strip(" \t"):
                continue
            closed = True
            break
        strip = ts[k]  # markdown-it removes the opener's indent from every content line
        body = [lines[j][min(strip, ts[j]):] for j in range(k + 1, nxt)]
        content = "\n".join(body) + "\n" if body else ""
        if body and nxt == n and not self.last_lf:
            content = content[:-1]  # the last line of a file without a final newline
        self.line = nxt + 1 if closed else nxt
        out.append(Block("fence", k, self.line, content=content, info=params.strip()))
        return True

    def _heading_open(self, k: int) -> tuple[int, int] | None:
        """(level, position after the #'s) when line k is an ATX heading."""
        s = self.lines[k]
        p = self.ts[k]
        mx = len(s)
        if p - self.blk >= 4 or p >= mx or s[p] != "#":
            return None
        level = 1
        p += 1
        while p < mx and s[p] == "#" and level <= 6:
            level += 1
            p += 1
        if level > 6 or (p < mx and s[p] != " " and s[p] != "\t"):
            return None
        return level, p

    def _heading(self, k: int, out: list[Block]) -> bool:
        got = self._heading_open(k)
        if got is None:
            return False
        level, p = got
        s = self.lines[k]
        mx = len(s)
        while mx > p and s[mx - 1] in " \t":
            mx -= 1
        tmp = mx
        while tmp > p and s[tmp - 1] == "#":
            tmp -= 1
        if tmp > p and s[tmp - 1] in " \t":
            mx = tmp
        self.line = k + 1
        out.append(Block("heading", k, k + 1, content=s[p:mx].strip(MD_TRIM_CHARS), info="#" * level, level=level))
        return True

    def _paragraph(self, k: int, out: list[Block]) -> None:
        lines, ts, blk, n, bad = self.lines, self.ts, self.blk, self.n, self.bad
        nxt = k + 1
        while nxt < n:
            if bad is not None and bad[nxt]:
                raise Unsure(nxt)
            s = lines[nxt]
            p = ts[nxt]
            if p >= len(s):
                break
            if p - blk > 3:
                nxt += 1
                continue
            c = s[p]
            if p >= blk and c in "-=" and not s[p:].rstrip(" \t").strip(c):
                raise Unsure(nxt)  # setext underline: lheading
            if (c in _STARTERS or "|" in s) and self._terminates(nxt):
                break
            nxt += 1
        if nxt == k + 1:  # most paragraphs: one line
            text = lines[k][min(blk, ts[k]):].strip(MD_TRIM_CHARS)
        else:
            text = "\n".join(lines[j][min(blk, ts[j]):] for j in range(k, nxt)).strip(MD_TRIM_CHARS)
        self.line = nxt
        out.append(Block("paragraph", k, nxt, content=text))

    def _terminates(self, k: int) -> bool:
        """The paragraph terminators, silent: table, fence, blockquote, hr, list, html_block, heading."""
        s = self.lines[k]
        c = s[self.ts[k]]
        if self._table_risk(k) or c == "<":
            raise Unsure(k)
        if c == ">":
            return True  # a block quote starts there; the tokenize loop will be Unsure about it
        if c in "`~":
            return self._fence_open(k) is not None
        if c in "*-_" and _HR.match(s, self.ts[k]):
            return True
        if c in "*-+" or c in _DIGITS:
            return self._list_interrupts(k)
        if c == "#":
            return self._heading_open(k) is not None
        return False

    # -- lists -----------------------------------------------------------------
    def _ordered(self, k: int) -> int:
        """markdown-it's skipOrderedListMarker: the index after '1.' or -1."""
        s = self.lines[k]
        start = p = self.ts[k]
        mx = len(s)
        if p + 1 >= mx or s[p] not in _DIGITS:
            return -1
        p += 1
        while True:
            if p >= mx:
                return -1
            ch = s[p]
            p += 1
            if ch in _DIGITS:
                if p - start >= 10:
                    return -1
                continue
            if ch == "." or ch == ")":
                break
            return -1
        if p < mx and s[p] != " " and s[p] != "\t":
            return -1
        return p

    def _bullet(self, k: int) -> int:
        s = self.lines[k]
        p = self.ts[k]
        if p >= len(s) or s[p] not in "*-+":
            return -1
        if p + 1 < len(s) and s[p + 1] != " " and s[p + 1] != "\t":
            return -1
        return p + 1

    def _list_interrupts(self, k: int) -> bool:
        """list_block in silent mode under a paragraph."""
        p = self.ts[k]
        if p - self.blk >= 4:
            return False
        if self.list_indent >= 0 and p - self.list_indent >= 4 and p < self.blk:
            return False
        terminating = p >= self.blk
        s = self.lines[k]
        after = self._ordered(k)
        if after >= 0:
            if terminating and int(s[p:after - 1]) != 1:
                return False
        else:
            after = self._bullet(k)
            if after < 0:
                return False
        return not (terminating and not s[after:].strip(" \t"))

    def _list(self, k: int, out: list[Block]) -> bool:
        after = self._ordered(k)
        ordered = after >= 0
        if not ordered:
            after = self._bullet(k)
            if after < 0:
                return False
        lines, ts, n = self.lines, self.ts, self.n
        mark = lines[k][after - 1]
        lst = Block("ordered_list" if ordered else "bullet_list", k, 0, info=mark)
        out.append(lst)
        self.level += 1
        nxt = k
        while nxt < n:
            s = lines[nxt]
            mx = len(s)
            pos = after
            while pos < mx and s[pos] == " ":
                pos += 1
            if pos < mx and s[pos] == "\t":
                raise Unsure(nxt)
            gap = 1 if pos >= mx else pos - after
            if gap > 4:
                gap = 1  # the rest is an indented code block
            item = Block("list_item", nxt, 0, info=mark)
            lst.children.append(item)
            old_list_indent, old_ts = self.list_indent, ts[nxt]
            self.list_indent = self.blk
            self.blk = after + gap
            ts[nxt] = pos
            self.level += 1
            try:
                if pos >= mx and self._empty(nxt + 1):
                    self.line = min(nxt + 2, n)
                elif pos == self.blk and pos < mx and s[pos] not in _STARTERS and "|" not in s and self.bad is None \
                        and self.level < _MAX_LEVEL and (nxt or s[0] != "-") \
                        and (s[pos] != "[" or _NOT_REF.match(s, pos)):
                    # Most items start with text: what _tokenize -> _block would find,
                    # straight to the paragraph rule, then the rest of the item.
                    self._paragraph(nxt, item.children)
                    line = self.line
                    if line < n and self._empty(line):
                        line += 1
                    self.line = line
                    self._tokenize(line, item.children)
                else:
                    self._tokenize(nxt, item.children)
            finally:
                self.level -= 1
                self.blk = self.list_indent
                self.list_indent = old_list_indent
                ts[nxt] = old_ts
            nxt = item.end = self.line
            if nxt >= n or ts[nxt] < self.blk or ts[nxt] - self.blk >= 4:
                break
            if self.bad is not None and self.bad[nxt]:
                raise Unsure(nxt)
            if ts[nxt] >= len(lines[nxt]):
                break  # an empty item's blank line: nothing there continues the list
            c = lines[nxt][ts[nxt]]
            if c == ">":
                raise Unsure(nxt)
            if (c in "`~" and self._fence_open(nxt)) or (c in "*-_" and _HR.match(lines[nxt], ts[nxt])):
                break
            after = self._ordered(nxt) if ordered else self._bullet(nxt)
            if after < 0 or lines[nxt][after - 1] != mark:
                break
        self.level -= 1
        lst.end = self.line = nxt
        return True

"""Blocks inside one section or procedure -> items."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

from mkdocs_runbooks.importer.blocks import Block
from mkdocs_runbooks.importer.boxes import LINE_BOX, LISTS, BoxMixin, ticked
from mkdocs_runbooks.importer.commands import fence_lang, is_command
from mkdocs_runbooks.importer.fields import estimate_line, extract_fields, has_fields, plain, severity_of
from mkdocs_runbooks.importer.result import ImportWarning
from mkdocs_runbooks.importer.sections import TRIGGER_LABEL
from mkdocs_runbooks.importer.slug import strip_numbering
from mkdocs_runbooks.importer.tables import TableMixin

if TYPE_CHECKING:
    from mkdocs_runbooks.importer.sections import BuilderLike

_CHECKBOX = re.compile(r"^\s*(?:\[(?P<b>[ xX✓✔]?)\]|(?P<g>[☐□⬜🔲☑☒✅✔✓❌✗✘])\ufe0f?)\s*")
_EXPECTED = re.compile(r"^(?:expected|example|sample|output|result|response|returns?)\b|\bexpected (?:output|response|result)", re.I)  # noqa: E501 (one regex)
_SHELL = {"", "bash", "sh", "shell"}
_TRIGGER_ITEM = re.compile(r"^(?:\*\*|__)?\s*(?:rollback\s+)?triggers?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*", re.I)
ITEM_KEYS = ("id", "text", "kind", "checked", "severity", "estimate", "command", "fields", "details", "items", "_c")
# Blocks that may open a list item on the marker's own line and are then its text.
# A paragraph line that is a checkbox line without a list marker ("[ ] Do x", "☐ Do x").
_LINE_BLOCKS = ("blockquote", "heading", "hr", "html_block")
_MARKER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])[ \t]?")
_BOLD_ALL = re.compile(r"(\*\*|__)([^*_]+?)\1")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _unwrap(text: str) -> str:
    if not text.startswith(("**", "__")):
        return text
    m = _BOLD_ALL.fullmatch(text)
    return m.group(2).strip() if m else text


class ItemMaker(BoxMixin, TableMixin):
    """Turns list items, paragraphs, fences and tables into item dicts (source format)."""
    def __init__(self, builder: BuilderLike, has_boxes: bool) -> None:
        self.b = builder
        self.has_boxes = has_boxes

    # -- queries -------------------------------------------------------------
    def item_text(self, li: Block) -> tuple[str, bool | None, int]:
        # Asked up to three times per item (box checks, sign-off lists, the item
        # itself): kept on the block, which nothing changes after parsing.
        """(text, checked: True/False/None when no box, 0-based line) of list item `li`."""
        got: tuple[str, bool | None, int] | None = li.cache
        if got is None:
            got = li.cache = self._item_text(li)
        return got

    def _item_text(self, li: Block) -> tuple[str, bool | None, int]:
        first = li.children[0] if li.children else None
        if first is not None and first.type in _LINE_BLOCKS and first.line == li.line:
            # "- > 5% errors", "- # 1", "- ---": the text after the marker, as written
            raw = _MARKER.sub("", self.b.lines[li.line], count=1) if li.line < len(self.b.lines) else ""
            text = _one_line(raw)
        elif first is None or first.type != "paragraph":
            return "", None, li.line
        else:
            text = _one_line(first.content)
        m = _CHECKBOX.match(text)
        if m and (m.group("b") is not None or m.group("g")):
            checked = ticked(m)
            return text[m.end():].strip(), checked, li.line
        return text, None, li.line

    @staticmethod
    def has_steps(blocks: list[Block]) -> bool:
        """True when `blocks` hold an ordered list or a code fence (something to do, in order)."""
        return any(b.type in ("ordered_list", "fence") for b in blocks)

    # -- construction ------------------------------------------------------
    def make(self, text: str, line: int, kind: str | None = None, checked: bool | None = None,
             fields: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
        """An item dict of `text` at `line`: id, kind, severity and estimate read from the text, `extra` keys added."""
        sev, text = severity_of(text)
        text = _unwrap(_one_line(text)) or "(empty)"
        d: dict[str, Any] = {"id": self.b.ids.take(plain(text), "item", numbered=True), "text": text}
        if kind and kind != "check":
            d["kind"] = kind
        if checked:
            d["checked"] = True
        if sev:
            d["severity"] = sev
        more = {k: v for k, v in extra.items() if v}
        if not fields and not more:
            return d  # keys already in ITEM_KEYS order: most items
        if fields:
            d["fields"] = fields
        d.update(more)
        if "details" in d and not d["details"].endswith("\n"):
            d["details"] += "\n"
        return {k: d[k] for k in ITEM_KEYS if k in d}

    def from_text(self, text: str, line: int, **kw: Any) -> dict[str, Any]:
        """An item of `text` with its inline fields (blanks, choices) taken out as fields."""
        parsed = extract_fields(text) if has_fields(text) else None
        if parsed is None:
            return self.make(text, line, **kw)
        label_only = len(parsed.fields) == 1 and plain(parsed.text) == parsed.fields[0]["label"]
        item = self.make(parsed.fields[0]["label"] if label_only else (parsed.text or text), line, fields=parsed.fields, **kw)
        for msg in parsed.unsure:
            self.b.unsure(item, "fields", msg, line)
        self.selected(item, parsed, line)
        return item

    def selected(self, item: dict[str, Any], parsed: Any, line: int) -> None:
        """Options ticked in the source: the format has no pre-filled answer, so they are said in details."""
        if not parsed.selected:
            return
        said = "; ".join(f"{label}: {opt}" for label, opt in parsed.selected)
        item["details"] = (item.get("details", "") + f"\nSelected in the source: {said}\n").lstrip("\n")
        self.b.unsure(item, "fields", f"ticked in the source: {said}", line)
        for k in ("items", "_c"):  # keep the documented key order
            if k in item:
                item[k] = item.pop(k)

    def note(self, text: str, line: int, details: str | None = None) -> dict[str, Any]:
        """A note item (no checkbox); `details` keeps Markdown that is not an item."""
        return self.make(text, line, kind="note", details=details)

    def field_item(self, text: str, paragraphs: list[Block]) -> dict[str, Any]:
        """An item whose fields are the "Label: ____" lines of `paragraphs`."""
        fields: list[dict[str, Any]] = []
        for p in paragraphs:
            for ln in p.content.split("\n"):
                fields.extend(extract_fields(ln).fields)
        seen: set[str] = set()
        for f in fields:  # ids unique within the item
            base, n = f["id"], 2
            while f["id"] in seen:
                f["id"], n = f"{base}-{n}", n + 1
            seen.add(f["id"])
        return self.make(text, paragraphs[0].line, fields=fields)

    def command(self, fence: Block) -> str | dict[str, Any]:
        """The command of a code fence: its code, or `{run, lang}` when the language is not the default."""
        lang = fence.info.split()[0].lower() if fence.info else ""
        code = "\n".join(ln.rstrip() for ln in fence.content.rstrip().split("\n")).strip("\n") + "\n"
        last = self.b.lines[fence.end - 1].strip() if 0 < fence.end <= len(self.b.lines) else ""
        if fence.end >= len(self.b.lines) - 1 and not (fence.end - fence.line > 1 and last.startswith(("```", "~~~"))):
            self.b.warnings.append(_warn(fence.line, "code fence is never closed; it runs to the end of the file"))
        return code if lang in _SHELL else {"lang": lang, "code": code}

    def _details(self, chunks: list[tuple[str, bool]]) -> str | None:
        out = ""
        for chunk, tight in chunks:
            chunk = "\n".join(ln.rstrip() for ln in chunk.split("\n")).strip("\n")
            if chunk:
                out += ("\n" if tight else "\n\n") + chunk if out else chunk
        return out + "\n" if out else None

    # -- lists ---------------------------------------------------------------
    def list_item(self, li: Block, ordered: bool, procedure: str | None) -> dict[str, Any] | None:
        """The item of list item `li` (with nested items, fences and details), or None when it is empty."""
        text, checked, line = self.item_text(li)
        first = li.children[0] if li.children else None
        used_first = first is not None and (first.type == "paragraph" or (first.type in _LINE_BLOCKS and first.line == li.line))
        rest = li.children[1:] if used_first else li.children
        if not text and checked is None and not rest:
            self.b.warnings.append(_warn(line, "empty bullet skipped"))
            return None
        if procedure and _TRIGGER_ITEM.match(text):
            body = _TRIGGER_ITEM.sub("", text)
            self.b.triggers.append({"id": self.b.ids.take(plain(body), "trigger"), "text": body, "procedure": procedure})
            if not rest and checked is None:  # a checkbox line stays a checkable item as well
                return None
        parsed = extract_fields(text) if has_fields(text) else None
        if checked is not None:
            kind = None
        elif ordered:
            kind = "step"
        elif parsed or not self.has_boxes:
            kind = None
        else:
            kind = "note"
        command: str | dict[str, Any] | None = None
        chunks: list[tuple[str, bool]] = []
        nested: list[dict[str, Any]] = []
        prev: Block | None = li.children[0] if li.children else None
        if used_first and first is not None and first.type != "paragraph" and first.end - first.line > 1:
            # "- <owner>" opened an HTML block (or a quote) that runs on: its other lines are kept
            tail = Block(first.type, first.line + 1, first.end)
            boxed = {n for n, _m in self.html_boxes(tail)}
            if boxed:
                nested.extend(self.from_html(tail)[1:])  # its box lines are items; the rest stays below
            kept = [self.b.lines[n] for n in range(tail.line, min(tail.end, len(self.b.lines))) if n not in boxed]
            chunks.append((textwrap.dedent("\n".join(kept)), False))
        for c in rest:
            if c.type == "fence" and command is None and kind != "note" and is_command(c.info, c.content) and not (
                prev is not None and prev.type == "paragraph" and _EXPECTED.search(plain(prev.content))
            ):
                command = self.command(c)
            elif c.type in LISTS:
                for sub in c.children:
                    st, sc, _ = self.item_text(sub)
                    if sc is not None or has_fields(st) or self.any_boxes(sub.children):
                        got = self.list_item(sub, c.type == "ordered_list", procedure)
                        if got:
                            nested.append(got)
                    else:
                        chunks.append((self.b.src(sub), True))
            else:
                chunks.append((self.b.src(c), False))
            prev = c
        if not text:
            text = _first_comment(command) or "(empty)"
            self.b.warnings.append(_warn(line, "list item without text"))
        extra: dict[str, Any] = {"command": command, "details": self._details(chunks), "items": nested}
        if parsed:
            item = self.make(parsed.text or text, line, kind=kind, checked=checked, fields=parsed.fields, **extra)
            for msg in parsed.unsure:
                self.b.unsure(item, "fields", msg, line)
            self.selected(item, parsed, line)
        else:
            item = self.make(text, line, kind=kind, checked=checked, **extra)
        if item["text"] == "(empty)":
            self.b.unsure(item, "text", "empty item", line)
        return item

    # -- blocks --------------------------------------------------------------
    def from_blocks(self, blocks: list[Block], owner: dict[str, Any], procedure: str | None = None) -> list[dict[str, Any]]:
        """The items of `blocks`, in order; `owner` (a section or procedure dict) gets what is not an item."""
        items: list[dict[str, Any]] = []
        title = owner.get("title", "")
        i, n = 0, len(blocks)
        after_list: dict[str, Any] | None = None  # the last item of the list just before, if b follows one
        while i < n:
            b = blocks[i]
            nxt = blocks[i + 1] if i + 1 < n else None
            i += 1
            if getattr(b, "_used", False) or b.type in ("hr", "front_matter"):
                continue
            prev_item, after_list = after_list, None
            if (b.type == "fence" and prev_item is not None and "command" not in prev_item
                    and prev_item.get("kind") != "note" and is_command(b.info, b.content)):
                # "1. Build\n```bash ...```" with the fence not indented: it ends the list in
                # Markdown, but it is the command of the step before.
                prev_item["command"] = self.command(b)
                self.b.unsure(prev_item, "command", "unindented code block after the list, attached to its last item", b.line)
                prev_item.update({k: prev_item.pop(k) for k in ITEM_KEYS if k in prev_item})
                continue
            if b.type == "paragraph" and self._form_line(b):
                run = [b]
                while i < n and blocks[i].type == "paragraph" and self._form_line(blocks[i]):
                    run.append(blocks[i])
                    i += 1
                if len(run) > 1:
                    items.append(self.field_item(strip_numbering(plain(title)) or "Record details", run))
                    continue
            if b.type == "paragraph":
                lines = [ln for ln in b.content.split("\n") if ln.strip()]
                kept = []
                for ln in lines:
                    est = estimate_line(ln)
                    if est and "estimate" not in owner:
                        owner["estimate"] = est[0]
                    else:
                        kept.append(ln)
                if len(kept) < len(lines) and not kept:
                    continue
                rest = self.b.meta_paragraph(Block("paragraph", b.line, b.end, content="\n".join(kept)), trailing=True)
                if rest is not None:
                    kept = rest
                if not kept:
                    continue
                label = plain(kept[0]) if len(kept) == 1 and kept[0].rstrip("*_ ").endswith(":") else None
                if label and nxt is not None and self._labelled(label, b, nxt, items, title, procedure):
                    i += 1
                    continue
                note_lines: list[str] = []
                for ln in kept:
                    box = LINE_BOX.match(ln)
                    if box:
                        if note_lines:
                            items.append(self._note_lines(note_lines, b.line))
                            note_lines = []
                        items.append(self.from_text(ln[box.end():].strip(), b.line, checked=ticked(box)))
                    elif has_fields(ln):
                        if note_lines:
                            items.append(self._note_lines(note_lines, b.line))
                            note_lines = []
                        items.append(self.from_text(ln, b.line))
                    else:
                        note_lines.append(ln)
                if note_lines:
                    items.append(self._note_lines(note_lines, b.line))
            elif b.type in LISTS:
                if not self.signoff_list(b, title, items):
                    for li in b.children:
                        got = self.list_item(li, b.type == "ordered_list", procedure)
                        if got:
                            items.append(got)
                    # a numbered step, or any item the fence follows without a blank line
                    tight = b.end < len(self.b.lines) and nxt is not None and nxt.line == b.end
                    after_list = items[-1] if items and (b.type == "ordered_list" or tight) else None
            elif b.type == "fence" and not is_command(b.info, b.content):
                label = fence_lang(b.info) or "text"
                note = self.note(f"Code block ({label})" if label != "text" else "Text block", b.line, details=self.b.src(b))
                self.b.unsure(note, "id", "code block that does not read as a command, kept as a note", b.line)
                items.append(note)
            elif b.type == "fence":
                text = _first_comment(b.content) or strip_numbering(plain(title)) or "Run command"
                step = self.make(text, b.line, kind="step", command=self.command(b))
                self.b.unsure(step, "text", "step text guessed for a bare code block", b.line)
                items.append(step)
            elif b.type == "table":
                items.extend(self.table(b, None, title))
            elif b.type in ("html_block", "code_block") and self.html_boxes(b):
                rows = self.from_html(b)
                items.extend(rows if "details" in rows[0] else rows[1:])
            elif b.type == "blockquote" and self.any_boxes(b.children):
                items.extend(self.from_blocks(b.children, owner, procedure))
            else:
                src = self.b.src(b)
                lines = [re.sub(r"^[>\s]+", "", ln) for ln in src.split("\n")]
                alert = re.fullmatch(r"\[!(\w+)\]\s*", lines[0])  # GitHub alert: "> [!NOTE]" then the text
                if alert and len(lines) > 1:
                    lines = [f"{alert.group(1).capitalize()}: {lines[1]}"] + lines[2:]
                if b.type == "html_block":  # the text of its tags, not the tags: raw HTML stays in details
                    lines = [t for t in (" ".join(re.sub(r"<[^>]*>", " ", ln).split()) for ln in lines) if t] or ["HTML"]
                first = plain(re.sub(r"^[>\s!?]+", "", lines[0])) or b.type.replace("_", " ")
                items.append(self.note(first[:200], b.line, details=src))
        return items

    @staticmethod
    def _form_line(b: Block) -> bool:
        """'**Authorized By:** ______' and nothing else."""
        if "\n" in b.content or not has_fields(b.content):
            return False
        parsed = extract_fields(b.content)
        return len(parsed.fields) == 1 and plain(parsed.text) == parsed.fields[0]["label"]

    def _note_lines(self, lines: list[str], line: int) -> dict[str, Any]:
        details = "\n".join(ln.rstrip() for ln in lines[1:]) or None
        return self.note(lines[0].strip(), line, details=details)

    def _labelled(self, label: str, b: Block, nxt: Block, items: list[dict[str, Any]], title: str, procedure: str | None) -> bool:
        """A 'Label:' paragraph and the block it introduces. True when both were used."""
        text = label.rstrip(":").strip() or label
        if nxt.type == "fence":
            if _EXPECTED.search(text) or not is_command(nxt.info, nxt.content):
                items.append(self.note(text, b.line, details=self.b.src(nxt)))
            else:
                items.append(self.make(text, b.line, kind="step", command=self.command(nxt)))
            return True
        if nxt.type in LISTS:
            if TRIGGER_LABEL.search(text) and not self.any_boxes([nxt]):
                self.b.add_triggers(nxt, procedure, None)
                return True
            n = len(items)
            if self.signoff_list(nxt, text, items):
                if len(items) > n:  # checkable sign-off lines: the label stays as a note before them
                    items.insert(n, self.note(label, b.line))
                return True
            if nxt.type == "bullet_list" and not self.list_has_boxes(nxt) and not self.any_boxes([nxt]) and self.has_boxes \
                    and not any(has_fields(self.item_text(li)[0]) for li in nxt.children):
                items.append(self.note(text, b.line, details=self.b.src(nxt)))
                return True
            return False  # the caller keeps the paragraph as a note; the list follows as items
        if nxt.type == "table":
            items.extend(self.table(nxt, text, title))
            return True
        return False



def _first_comment(code: Any) -> str | None:
    if isinstance(code, dict):
        code = code.get("code", "")
    for ln in (code or "").split("\n"):
        s = ln.strip()
        if s.startswith(("#", "//", "--")) and not s.startswith("#!"):
            c = s.lstrip("#/- ").strip()
            if len(c) > 3:
                return c
        elif s:
            return None
    return None


def _warn(line: int, msg: str) -> ImportWarning:
    """A warning at 0-based ``line`` of the Markdown input."""
    return ImportWarning(line + 1, 1, msg)

"""Blocks -> runbook tree (source format v1).

Pass 1 groups blocks under headings; pass 2 decides what each heading is
(section, procedure container, triggers, contacts) and turns its blocks into
items. Whatever is not understood becomes a ``kind: note`` with an
``# import:`` comment, so no text is lost.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs_runbooks.importer.blocks import Block, source
from mkdocs_runbooks.importer.fields import extract_fields, has_fields, heading_estimate, plain
from mkdocs_runbooks.importer.items import ItemMaker
from mkdocs_runbooks.importer.meta import contact_of, is_blank_value, is_placeholder, key_value, meta_target
from mkdocs_runbooks.importer.result import ImportWarning
from mkdocs_runbooks.importer.sections import TRIGGER_LABEL as _TRIGGER_LABEL
from mkdocs_runbooks.importer.sections import Sec
from mkdocs_runbooks.importer.slug import IdPool
from mkdocs_runbooks.importer.triggers import TriggerMixin

# Strong words make a rollback heading; weak ones ("Backup & recovery") need a procedure word too.
_RB_STRONG = re.compile(r"roll[- ]?back|revert|back[- ]?out|undo|abort|r[üu]ckg[äa]ngig|r[üu]ckfall|revertir|reversi[óo]n|"
                        r"retour arri[èe]re|zur[üu]ckroll|"
                        r"ロールバック|切り戻し", re.I)
_RB_WEAK = re.compile(r"restore|recovery|wiederherstell|restaur|recuperaci|復旧", re.I)
_ROLLBACK = re.compile(f"{_RB_STRONG.pattern}|{_RB_WEAK.pattern}", re.I)
_PROC_WORD = re.compile(r"procedures?|steps|process|playbook|runbook|how to|ablauf|verfahren|schritte|procedimiento|"
                        r"pasos|手順", re.I)
# A heading of rollback triggers: a rollback (or abort) word and a criteria word, in the
# languages of the checklists we have seen; "Triggers" alone; "When to roll back".
_CRITERIA = (r"triggers?|criteria|criterion|conditions|signals|kriterien|bedingungen|ausl[öo]ser|criterios|condiciones|"
             r"crit[èe]res|d[ée]clencheurs|条件|基準|トリガー")
_TRIGGER_TITLE = re.compile(r"\btriggers?\b|ausl[öo]ser|when to (?:roll[- ]?back|abort|revert)|"
                            r"(?:(?:roll[- ]?back|abort|revert|back[- ]?out|retour arri[èe]re|ロールバック|zur[üu]ckroll)"
                            r".{0,30}(?:" + _CRITERIA + r"))|(?:(?:" + _CRITERIA + r").{0,30}"
                            r"(?:roll[- ]?back|abort|revert|reversi[óo]n|retour arri[èe]re|zur[üu]ckroll))", re.I)
_DATE_KEYS = frozenset(("last_updated", "next_review", "target_date"))
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTACTS = re.compile(r"\b(?:contacts?|contactos?|kontakte?|ansprechpartner|escalation|eskalation|escalado)\b|連絡先",
                       re.I)


class Builder(TriggerMixin):
    """Turns the blocks of one Markdown file into the runbook tree (plain dicts in source-format order)."""
    def __init__(self, lines: list[str], has_boxes: bool) -> None:
        self.lines = lines
        self.ids = IdPool()
        self.warnings: list[ImportWarning] = []
        self.top: dict[str, Any] = {"version": None, "vars": {}, "meta": {}, "intro": []}
        self.procedures: list[dict[str, Any]] = []
        self.triggers: list[dict[str, Any]] = []
        self.signoff: list[dict[str, Any]] = []
        self.contacts: list[dict[str, Any]] = []
        self.items = ItemMaker(self, has_boxes)
        self._trigger_setup()

    # -- diagnostics -------------------------------------------------------
    def unsure(self, obj: dict[str, Any] | None, key: str, msg: str, line: int) -> None:
        """Mark `obj[key]` with an `# import:` comment and warn at `line` (0-based)."""
        if obj is not None:
            prev = obj.setdefault("_c", {}).get(key)
            obj["_c"][key] = f"{prev}; {msg}" if prev else f"import: {msg}"
        self.warnings.append(ImportWarning(line + 1, 1, msg))

    def src(self, b: Block) -> str:
        """The Markdown text of block `b` as written."""
        return source(self.lines, b.line, b.end)

    # -- metadata ----------------------------------------------------------
    def set_meta(self, label: str, value: str, line: int) -> bool:
        """Put `label: value` into meta or vars when the label is a known one; False when it is not."""
        target = meta_target(label)
        if target is None:
            return False
        value = plain(value) if value.startswith(("**", "__")) else value
        if is_placeholder(value):
            self.warnings.append(ImportWarning(line + 1, 1, f"'{label}' has a placeholder value '{value}'; not imported"))
            return True
        top, sub = target
        if sub in _DATE_KEYS and not _ISO_DATE.fullmatch(value.strip()):
            return False  # "January 21, 2025": the format wants YYYY-MM-DD; the line stays as written
        if sub is None:
            if self.top[top] is None:
                self.top[top] = value
                return True
            return False
        if sub in self.top[top]:
            return False
        self.top[top][sub] = value
        return True

    def meta_paragraph(self, b: Block, trailing: bool) -> list[str] | None:
        """Consume metadata lines; return the lines left over, None if not metadata."""
        lines = b.content.split("\n")
        pairs = [key_value(ln) for ln in lines]
        if trailing and not all(p and p[1] and not is_blank_value(p[1]) for p in pairs):
            return None
        if trailing and not any(p and meta_target(p[0]) for p in pairs):
            return None
        rest: list[str] = []
        for ln, p in zip(lines, pairs):
            if p and p[1] and not is_blank_value(p[1]) and self.set_meta(p[0], p[1], b.line):
                continue
            rest.append(ln)
        return rest

    def preamble(self, blocks: list[Block]) -> list[dict[str, Any]]:
        """Lines before the first section: meta, vars, intro; blank values become run fields."""
        intro: list[str] = []
        run_fields: list[Block] = []
        stray: list[Block] = []
        for b in blocks:
            if b.type == "front_matter":
                self.front_matter(b, intro)
            elif self.items.any_boxes([b]):
                stray.append(b)
            elif b.type in ("bullet_list", "ordered_list") and self.items.signoff_list(b, "Sign-off", []):
                continue  # "- Product owner: ____ Date: ____" before any heading
            elif b.type in ("bullet_list", "ordered_list") and any(
                    has_fields(self.items.item_text(li)[0]) for li in b.children):
                stray.append(b)
            elif b.type == "paragraph":
                rest = self.meta_paragraph(b, trailing=False) or []
                keep = [ln for ln in rest if not has_fields(ln)]
                blanks = [ln for ln in rest if has_fields(ln)]
                if blanks:
                    run_fields.append(Block("paragraph", b.line, b.end, content="\n".join(blanks)))
                if keep:
                    intro.append("\n".join(ln.rstrip() for ln in keep))
            elif b.type != "hr":
                intro.append(self.src(b))
        self.top["intro"] = intro
        sections: list[dict[str, Any]] = []
        if run_fields:
            sec: dict[str, Any] = {"id": self.ids.take("Run details", "section"), "title": "Run details"}
            item = self.items.field_item("Record run details", run_fields)
            sec["items"] = [item]
            self.unsure(sec, "id", "fill-in lines before the first heading", run_fields[0].line)
            sections.append(sec)
        if stray:
            sec = {"id": self.ids.take("Checklist", "section"), "title": "Checklist"}
            sec["items"] = self.items.from_blocks(stray, sec)
            self.unsure(sec, "id", "items before the first heading", stray[0].line)
            sections.append(sec)
        return sections

    def front_matter(self, b: Block, intro: list[str]) -> None:
        """Read a YAML front matter block into meta and vars; the rest goes to the intro."""
        import yaml  # PyYAML ships with MkDocs and the core; only needed here

        try:
            data = yaml.safe_load(b.content)
        except yaml.YAMLError:
            data = None
        if not isinstance(data, dict):
            intro.append("```yaml\n" + b.content.rstrip() + "\n```")
            self.unsure(None, "", "front matter is not a YAML mapping; kept in intro", b.line)
            return
        for k, v in data.items():
            if str(k).lower() == "title" and isinstance(v, str):
                self.top.setdefault("fm_title", v)
            elif not (isinstance(v, (str, int, float)) and self.set_meta(str(k).replace("_", " "), str(v), b.line)):
                intro.append(f"**{k}:** {v}")

    # -- sections ----------------------------------------------------------
    def kind_of(self, sec: Sec, rollback: bool) -> str:
        """What heading `sec` becomes: contacts, triggers, procedure or section."""
        title = sec.title
        if _CONTACTS.search(title) and not self.items.any_boxes(sec.all_blocks()) and not rollback:
            return "contacts"
        if _TRIGGER_TITLE.search(title) and (rollback or _ROLLBACK.search(title) or "when to" in title.lower()):
            return "triggers"
        return "procedure" if self.reads_as_procedure(sec, rollback) else "section"

    def place(self, sec: Sec, out: list[dict[str, Any]], rollback: bool = False, pending_intro: list[str] | None = None) -> None:
        """Add what `sec` becomes to `out` (sections) or to the procedures, triggers or contacts."""
        kind = self.kind_of(sec, rollback)
        if kind == "contacts":
            self.contacts_section(sec, out)
        elif kind == "triggers":
            self.triggers_section(sec, out, group=None)
        elif kind == "procedure":
            self.procedure_section(sec, pending_intro, out)
        else:
            d = self.section(sec)
            if d is not None:
                out.append(d)

    def reads_as_procedure(self, sec: Sec, inherited: bool) -> bool:
        """A rollback heading over steps; a section of checkboxes that mentions rollback stays a section."""
        if inherited:  # under a heading that already reads as a rollback procedure
            return True
        strong = bool(_RB_STRONG.search(sec.title))
        if not strong and not _RB_WEAK.search(sec.title):
            return False
        if _PROC_WORD.search(sec.title):
            return True
        blocks = sec.all_blocks()
        if self.items.any_boxes(blocks) and not self.items.has_steps(blocks):
            return False
        return strong

    def section(self, sec: Sec) -> dict[str, Any] | None:
        """The section dict of `sec`, or None when it holds nothing to keep."""
        title, est, exact = heading_estimate(sec.title)
        d: dict[str, Any] = {"id": self.ids.take(title, "section", numbered=True), "title": title or "Untitled"}
        if not title:
            self.unsure(d, "title", "heading without text", sec.line)
        if est:
            d["estimate"] = est
            if not exact:
                self.unsure(d, "estimate", f"estimate taken from '{sec.title}'", sec.line)
        items: list[dict[str, Any]] = []
        if has_fields(title):
            parsed = extract_fields(title)
            d["title"] = parsed.text or title
            items.append(self.items.make(parsed.text or title, sec.line, fields=parsed.fields))
        n_signoff = len(self.signoff)
        items.extend(self.items.from_blocks(sec.blocks, d))
        subs: list[dict[str, Any]] = []
        for s in sec.subs:
            self.place(s, subs)
        if items:
            d["items"] = items
        if subs:
            d["sections"] = subs
        if not items and not subs and any(b.type != "hr" for b in sec.blocks):
            # Everything moved to signoff/triggers/...: no empty heading left behind.
            new = self.signoff[n_signoff:]
            if len(new) == 1 and new[0]["title"] == plain(title):
                new[0]["id"] = d["id"]
            return None
        return self.order(d, ("id", "title", "estimate", "items", "sections", "_c"))

    @staticmethod
    def order(d: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        """`d` with `keys` first, in that order, then its other keys."""
        return {k: d[k] for k in keys if k in d} | {k: v for k, v in d.items() if k not in keys}

    def procedure_section(self, sec: Sec, pending_intro: list[str] | None, out: list[dict[str, Any]]) -> None:
        """Add `sec` as a procedure; items before its first step go to `pending_intro`."""
        title, est, exact = heading_estimate(sec.title)
        direct = [b for b in sec.blocks if b.type != "hr"]
        if (sec.subs and not self.items.has_steps(direct) and not any(b.type in ("table",) for b in direct)
                and not self.items.any_boxes(direct)):
            # A container ("Rollback Plan"): its prose introduces the first child.
            self.trigger_blocks(direct)
            intro = (pending_intro or []) + [self.src(b) for b in direct if not getattr(b, "_used", False)]
            if intro and self.kind_of(sec.subs[0], True) != "procedure":
                d = self.section(Sec(sec.title, sec.level, sec.line, [b for b in direct if not getattr(b, "_used", False)]))
                if d is not None:
                    out.append(d)
                intro = []
            for i, s in enumerate(sec.subs):
                self.place(s, out, rollback=True, pending_intro=intro if i == 0 else None)
            return
        p: dict[str, Any] = {"id": self.ids.take(title, "procedure", numbered=True), "title": title}
        if est:
            p["estimate"] = est
            if not exact:
                self.unsure(p, "estimate", f"estimate taken from '{sec.title}'", sec.line)
        intro = list(pending_intro or [])
        body = list(direct)
        while (body and body[0].type in ("paragraph", "blockquote", "html_block") and not has_fields(body[0].content)
               and not self.items.any_boxes(body[:1])):
            if self.trigger_block(body[0], body):
                break
            intro.append(self.src(body.pop(0)))
        self.trigger_blocks(body)
        body = [b for b in body if not getattr(b, "_used", False)]
        if intro:
            p["intro"] = "\n\n".join(intro)
        self.procedures.append(p)
        steps = self.items.from_blocks(body, p, procedure=p["id"])
        if not steps:
            steps = [self.items.make(title, sec.line, kind="note")]
            self.unsure(steps[0], "id", "procedure without steps", sec.line)
        p["steps"] = steps
        for s in sec.subs:
            self.place(s, out, rollback=True)

    def trigger_block(self, b: Block, siblings: list[Block]) -> bool:
        """A 'Rollback if:' paragraph followed by a list."""
        if b.type != "paragraph" or not _TRIGGER_LABEL.search(plain(b.content)):
            return False
        i = siblings.index(b)
        return (i + 1 < len(siblings) and siblings[i + 1].type in ("bullet_list", "ordered_list")
                and not self.items.any_boxes([siblings[i + 1]]))

    def trigger_blocks(self, blocks: list[Block]) -> None:
        """Take rollback-trigger lists ("Roll back if:" and a list) out of `blocks` into the triggers."""
        for i, b in enumerate(blocks):
            if self.trigger_block(b, blocks):
                lst = blocks[i + 1]
                b._used = lst._used = True  # type: ignore[attr-defined]
                self.add_triggers(lst, None, None)

    def contacts_section(self, sec: Sec, out: list[dict[str, Any]]) -> None:
        """Read the contacts of a contacts heading (lists or tables); the rest stays as a section."""
        leftover: list[Block] = []
        label: Block | None = None  # "**On-Call Rotation:**" heads the list after it
        for b in sec.blocks:
            if b.type == "paragraph" and "\n" not in b.content and b.content.rstrip("*_ ").endswith(":"):
                if label is not None:
                    leftover.append(label)
                label = b
                continue
            rest_blocks: list[Block] = []
            if b.type in ("bullet_list", "ordered_list"):
                rest = []
                for li in b.children:
                    first = li.children[0] if li.children else None
                    c = contact_of(first.content.split("\n")[0]) if first and first.type == "paragraph" else None
                    if c and first is not None and len(li.children) == 1 and "\n" not in first.content:
                        self.contacts.append(c)
                    else:
                        rest.append(li)
                if rest:
                    rest_blocks.append(Block(b.type, rest[0].line, rest[-1].end, children=rest, info=b.info))
            elif b.type == "paragraph":
                rest_meta = self.meta_paragraph(b, trailing=True)
                lines = rest_meta if rest_meta is not None else b.content.split("\n")
                found = [contact_of(ln) for ln in lines]
                self.contacts.extend(c for c in found if c)
                kept = [ln for ln, c in zip(lines, found) if not c]
                if kept:
                    rest_blocks.append(Block("paragraph", b.line, b.end, content="\n".join(kept)))
            elif b.type != "hr":
                rest_blocks.append(b)
            if label is not None and rest_blocks:
                leftover.append(label)
            elif label is not None:
                self.warnings.append(ImportWarning(label.line + 1, 1, f"contact group label '{plain(label.content)}' not kept"))
            label = None
            leftover.extend(rest_blocks)
        if label is not None:
            leftover.append(label)
        for s in sec.subs:
            self.contacts_section(s, out)
        if leftover:
            d = self.section(Sec(sec.title, sec.level, sec.line, leftover))
            if d is not None:
                self.unsure(d, "id", "lines of a contacts section that are not contacts", sec.line)
                out.append(d)

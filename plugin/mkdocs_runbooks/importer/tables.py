"""Markdown tables -> items, contacts or sign-off blocks.

- A table with checkbox cells (``[ ]``, ``[x]``, ☐ ☑ ✅ ...) gives one checkable
  item per row, ticked as in the source; the other cells stay in the item's text.
- A table with phone or email columns gives ``contacts`` (role, name, phone,
  email; other columns go to notes).
- A table with a signature column, or role + name/date columns, gives a sign-off
  block; values that the block cannot hold stay in a note with the table.
- Any other table is a note holding its Markdown.

Sign-off lines written as a list (``- QA lead: ____ Date: ____``) give a sign-off
block too, unless they carry checkboxes: then each stays a checkable item.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mkdocs_runbooks.format.slugs import slugify as core_slug
from mkdocs_runbooks.importer.blocks import Block
from mkdocs_runbooks.importer.fields import has_fields, plain, signoff_line

if TYPE_CHECKING:
    from mkdocs_runbooks.importer.sections import BuilderLike

BOX_CELL = re.compile(r"^\s*(?:\[(?P<b>[ xX✓✔]?)\]|(?P<g>[☐□⬜🔲☑☒✅✔✓❌✗✘]\ufe0f?))\s*(?P<t>.*)$")
TICKED = frozenset("☑☒✅✔✓")
SIGNOFF_KEYS = ("name", "signature", "date", "time", "initials")
_SIGN_TYPES = {"date": "date", "time": "time", "initials": "text"}
_ROLE = re.compile(r"^(?:role|position|function|team|area|rolle|funktion|rol|cargo|función|役割|担当)$", re.I)
_NAME = re.compile(r"^(?:name|contact|person|who|owner|nombre|contacto|名前|氏名|担当者)$", re.I)
_PHONE = re.compile(r"phone|^tel|mobile|cell|pager|telefon|tel[ée]fono|m[óo]vil|handy|電話|携帯", re.I)
_EMAIL = re.compile(r"e-?mail|^mail|correo|メール", re.I)
_TASK = re.compile(r"^(?:task|check|item|step|action|description|what|activity|aufgabe|prüfung|schritt|tarea|"
                   r"paso|acci[óo]n|comprobaci[óo]n|項目|作業|タスク|確認事項|内容)s?$", re.I)


# Sign-off columns in the languages of the checklists we have seen, to the format's names.
_SIGNOFF_WORDS = {
    "unterschrift": "signature", "firma": "signature", "signature": "signature", "signatur": "signature",
    "署名": "signature", "サイン": "signature", "sign": "signature", "signed": "signature",
    "datum": "date", "fecha": "date", "date": "date", "日付": "date", "uhrzeit": "time", "hora": "time", "heure": "time",
    "rolle": "role", "rol": "role", "rôle": "role", "role": "role", "役割": "role", "funktion": "role", "cargo": "role",
    "nombre": "name", "nom": "name", "名前": "name", "氏名": "name", "kürzel": "initials", "iniciales": "initials",
}


_DONE = re.compile(r"^(?:done|complete|completed|finished|ok|yes|erledigt|fertig|hecho|completado|terminé|fait|完了|済)$",
                   re.I)


def box_of(cell: str) -> tuple[bool, str] | None:
    """'[x] done' -> (True, 'done'); None when the cell does not start with a box."""
    m = BOX_CELL.match(cell)
    if not m:
        return None
    ticked = (m.group("b") or "").strip() != "" or bool(m.group("g") and m.group("g")[0] in TICKED)
    return ticked, m.group("t").strip()


def table_has_boxes(t: Block) -> bool:
    """True when any body cell of table `t` holds a checkbox."""
    return any(box_of(c) for row in t.rows[1:] for c in row)


class MakerParts:
    """What the parts of ItemMaker (items.py) share: its builder, and the ItemMaker methods they call."""

    b: BuilderLike

    if TYPE_CHECKING:
        def make(self, text: str, line: int, kind: str | None = None, checked: bool | None = None,
                 fields: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
            """ItemMaker.make."""

        def note(self, text: str, line: int, details: str | None = None) -> dict[str, Any]:
            """ItemMaker.note."""

        def item_text(self, li: Block) -> tuple[str, bool | None, int]:
            """ItemMaker.item_text."""


class TableMixin(MakerParts):
    """Part of ItemMaker (items.py): tables and sign-off lists; the methods below are ItemMaker's."""

    if TYPE_CHECKING:
        def any_boxes(self, blocks: list[Block]) -> bool:
            """ItemMaker.any_boxes."""

    def table(self, t: Block, label: str | None, owner_title: str) -> list[dict[str, Any]]:
        """The items of table `t`: one per row with checkboxes, sign-off tables as sign-off blocks, else a note."""
        head = [plain(c).lower() for c in (t.rows[0] if t.rows else [])]
        if table_has_boxes(t):
            return self._box_table(t, label)
        if any(_PHONE.search(h) or _EMAIL.search(h) for h in head) and "signature" not in head:
            self._contacts_table(t)
            return []
        head = [_SIGNOFF_WORDS.get(h.strip(), h) for h in head]  # Unterschrift, Fecha, 署名 ...
        if "signature" in head or ("role" in head and ("date" in head or "name" in head)):
            return self._signoff_table(t, head, label, owner_title)
        summary = label or " / ".join(plain(c) for c in (t.rows[0] if t.rows else [])) or "Table"
        return [self.note(summary, t.line, details=self.b.src(t))]

    def _box_table(self, t: Block, label: str | None) -> list[dict[str, Any]]:
        head = [plain(c) for c in t.rows[0]]
        width = max(len(r) for r in t.rows)
        head += [""] * (width - len(head))
        body = [r + [""] * (width - len(r)) for r in t.rows[1:]]
        box_cols = [i for i in range(width) if any(box_of(r[i]) for r in body)]
        text_cols = [i for i in range(width) if i not in box_cols]
        tasks = [i for i in text_cols if _TASK.match(head[i].strip())] or text_cols
        main = max(tasks, key=lambda i: sum(len(r[i]) for r in body)) if tasks else None
        items: list[dict[str, Any]] = []
        if label:
            items.append(self.note(label, t.line))
        for n, row in enumerate(body):
            line = t.line + 2 + n  # header and delimiter rows come first
            boxes = [(i, box) for i in box_cols if (box := box_of(row[i]))]
            own = [b[1][1] for b in boxes if b[1][1]] if len(boxes) == 1 else []
            text = " ".join(p for p in ([row[main]] if main is not None else []) + own if p.strip())
            others = [f"{head[i]}: {row[i]}" if head[i] else row[i] for i in range(width)
                      if i != main and row[i].strip() and not box_of(row[i])]
            if others:
                text = f"{text} ({'; '.join(others)})" if text else "; ".join(others)
            status = None if boxes else next((row[i].strip() for i in box_cols if _DONE.match(row[i].strip())), None)
            if len(boxes) == 1:
                item = self.make(text or head[boxes[0][0]] or "(empty)", line, checked=boxes[0][1][0])
            elif status:  # "Done" in a column of boxes: a ticked box written as a word
                item = self.make(text, line, checked=True)
                self.b.unsure(item, "checked", f"'{status}' in a checkbox column read as ticked", line)
            else:
                # No box, or one per column (Staging | Production): a note with one check per box.
                subs = [self.make(" ".join(p for p in (head[i] or f"Column {i + 1}", b[1]) if p), line, checked=b[0])
                        for i, b in boxes]
                item = self.make(text or "(empty)", line, kind="note" if subs or not text else None, items=subs)
            if item["text"] == "(empty)":
                self.b.unsure(item, "text", "table row without text", line)
            items.append(item)
        self.b.unsure(items[0], "id", "items from a table with checkbox cells", t.line)
        return items

    def _contacts_table(self, t: Block) -> None:
        head = [plain(c) for c in t.rows[0]]
        col: dict[str, int | None] = {"role": None, "name": None, "phone": None, "email": None}
        for i, h in enumerate(head):
            for key, pat in (("role", _ROLE), ("name", _NAME), ("phone", _PHONE), ("email", _EMAIL)):
                if col[key] is None and (pat.match(h.strip()) if key in ("role", "name") else pat.search(h)):
                    col[key] = i
                    break
        if col["role"] is None:  # the first column that is not name, phone or email names the row
            col["role"] = next((i for i in range(len(head)) if i not in col.values()), None)
        for row in t.rows[1:]:
            cells = [c.strip() for c in row] + [""] * len(head)

            def get(key: str, cells: list[str] = cells) -> str:
                at = col[key]
                return cells[at] if at is not None else ""

            c = {"role": get("role") or get("name") or "Contact", "name": get("name"), "phone": get("phone"),
                 "email": get("email")}
            notes = [f"{head[i]}: {cells[i]}" if head[i] else cells[i] for i in range(len(head))
                     if i not in col.values() and cells[i]]
            if notes:
                c["notes"] = "; ".join(notes)
            if any(cells[: len(head)]):
                self.b.contacts.append(c)

    def _signoff_table(self, t: Block, head: list[str], label: str | None, owner_title: str) -> list[dict[str, Any]]:
        role_col = head.index("role") if "role" in head else 0
        roles, filled = [], []
        for row in t.rows[1:]:
            cells = [plain(c) for c in row] + [""] * len(head)
            if cells[role_col]:
                roles.append(cells[role_col])
            filled += [c for i, c in enumerate(cells[: len(head)]) if i != role_col and c and not _blank(c) and not has_fields(c)]
        cols = [h for h in head if h in SIGNOFF_KEYS]
        others = [h for i, h in enumerate(head) if i != role_col and h not in SIGNOFF_KEYS]
        if not roles:
            return [self.note(label or " / ".join(head) or "Table", t.line, details=self.b.src(t))]
        s = self.add_signoff(label or owner_title, roles, cols or ["name", "signature", "date"], t.line)
        if others or filled:
            # The block has no place for these: the table stays beside it as a note.
            self.b.unsure(s, "fields", f"table columns/values kept in a note: {', '.join(others + filled)}", t.line)
            return [self.note(f"{s['title']} (as written)", t.line, details=self.b.src(t))]
        return []


# -- sign-off lines --------------------------------------------------------------
    def signoff_list(self, lst: Block, title: str, out: list[dict[str, Any]]) -> bool:
        """'- Role: ____ Date: ____' lines -> a sign-off block. With checkboxes, each line
        stays a checkable item (text: the role; fields: its blanks), added to ``out``."""
        rows = []
        for li in lst.children:
            text, _c, _l = self.item_text(li)
            got = signoff_line(text) if len(li.children) == 1 and has_fields(text) else None
            if not got:
                return False
            rows.append(got)
        if self.any_boxes([lst]):
            for li, (role, cols) in zip(lst.children, rows):
                _t, checked, line = self.item_text(li)
                fields = [{"id": "name", "type": "text", "label": "Name"}] + [
                    {"id": c, "type": _SIGN_TYPES[c], "label": c.capitalize()} for c in cols if c not in ("name", "signature")]
                item = self.make(role, line, checked=checked, fields=fields)
                self.b.unsure(item, "id", "sign-off line with a checkbox, kept as a checkable item", line)
                out.append(item)
            return True
        cols = [k for k in SIGNOFF_KEYS if any(k in r[1] for r in rows)]
        self.add_signoff(title, [r[0] for r in rows], cols, lst.line)
        return True

    def add_signoff(self, title: str, roles: list[str], cols: list[str], line: int) -> dict[str, Any]:
        """Add a sign-off block (title, roles, fields from the column names); returns it."""
        title = plain(title) or "Sign-off"
        distinct = distinct_roles(roles)
        s = {"id": self.b.ids.take(title, "signoff", numbered=True), "title": title, "roles": distinct, "fields": cols}
        self.b.signoff.append(s)
        if distinct != roles:
            self.b.unsure(s, "roles", "roles that repeat (or slug alike) numbered", line)
        return s



def distinct_roles(roles: list[str]) -> list[str]:
    """Roles whose slugs (format.slugs.slugify: the HTML hook ``<signoff>/<role slug>/<field>``) differ:
    a repeated role, or two roles that slug alike (non-ASCII ones all slug to 'id'), get ' (2)'..."""
    out: list[str] = []
    seen: set[str] = set()
    for role in roles:
        cand, n = role, 2
        while core_slug(cand) in seen:
            cand, n = f"{role} ({n})", n + 1
        seen.add(core_slug(cand))
        out.append(cand)
    return out


def _blank(cell: str) -> bool:
    return not cell.strip("_ -—–.") or bool(re.fullmatch(r"\[[^\]]{0,30}\]", cell.strip()))

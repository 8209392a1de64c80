"""What a diff reports: plain records, shared by the engine and the formatters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs_runbooks.diff.words import Op

KINDS = ("added", "removed", "moved", "reworded", "changed")


@dataclass
class AttrChange:
    """One changed attribute of an element: its name and its text before and after (None when absent)."""
    attribute: str
    before: str | None
    after: str | None


@dataclass
class Change:
    """One change to one element. An element may have several (moved + reworded + changed)."""

    change: str  # one of KINDS
    element: str  # runbook | section | item | step | procedure | trigger | signoff | contact
    id: str
    attributes: list[str] = field(default_factory=list)
    before: str | None = None
    after: str | None = None
    where: str | None = None  # the container, e.g. "section prep"
    origin: str | None = None  # runbook or template id the element comes from
    words: list[Op] | None = None  # word diff, for "reworded"
    details: list[AttrChange] = field(default_factory=list)
    order: float = 0.0  # document order, for stable output

    def as_json(self) -> dict[str, Any]:
        """The JSON form of `runbooks diff --format json`."""
        out: dict[str, Any] = {
            "change": self.change, "id": self.id, "attributes": list(self.attributes),
            "before": self.before, "after": self.after, "element": self.element,
        }
        if self.where:
            out["where"] = self.where
        if self.origin:
            out["origin"] = self.origin
        if self.words is not None:
            out["words"] = [{"op": op, "text": text} for op, text in self.words]
        if len(self.details) > 1:
            out["details"] = [{"attribute": d.attribute, "before": d.before, "after": d.after} for d in self.details]
        return out


@dataclass
class RunbookDiff:
    """The changes of one runbook between two sides; `status` is added, removed, changed or unchanged."""
    id: str
    title: str
    status: str  # added | removed | changed | unchanged
    source: str = ""  # the NEW side's path as shown to users (OLD's when removed)
    version_before: str | None = None
    version_after: str | None = None
    extends: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Change kind -> how many changes of that kind."""
        out = {k: 0 for k in KINDS}
        for c in self.changes:
            out[c.change] += 1
        return out

    def as_json(self) -> dict[str, Any]:
        """The JSON form of `runbooks diff --format json`."""
        return {
            "id": self.id, "title": self.title, "status": self.status, "source": self.source,
            "version": {"before": self.version_before, "after": self.version_after},
            "extends": list(self.extends),
            "changes": [c.as_json() for c in self.changes],
        }


@dataclass
class TemplateImpact:
    """A template whose change reaches variants: "template production-deploy: 5 runbooks affected"."""

    template: str
    runbooks: list[str] = field(default_factory=list)  # ids of the affected runbooks
    changes: int = 0  # changes in those runbooks that come from the template
    file_changed: bool = False  # the template's own file differs between the sides

    def summary(self) -> str:
        """One line: the template and how many runbooks it affects."""
        n = len(self.runbooks)
        return f"template {self.template}: {n} runbook{'s' if n != 1 else ''} affected"

    def as_json(self) -> dict[str, Any]:
        """The JSON form of `runbooks diff --format json`."""
        return {"template": self.template, "runbooks": list(self.runbooks), "changes": self.changes,
                "file_changed": self.file_changed, "summary": self.summary()}


@dataclass
class ProjectDiff:
    """The diff of two sides (files, folders or revisions): runbooks and the templates that changed."""
    old_label: str
    new_label: str
    runbooks: list[RunbookDiff] = field(default_factory=list)
    templates: list[TemplateImpact] = field(default_factory=list)

    @property
    def changed(self) -> list[RunbookDiff]:
        """The runbooks whose status is not unchanged."""
        return [r for r in self.runbooks if r.status != "unchanged"]

    @property
    def has_changes(self) -> bool:
        """True when any runbook or template changed."""
        return bool(self.changed) or any(t.file_changed for t in self.templates)

    def as_json(self) -> dict[str, Any]:
        """The JSON form of `runbooks diff --format json`."""
        return {
            "old": self.old_label, "new": self.new_label,
            "runbooks": [r.as_json() for r in self.changed],
            "templates": [t.as_json() for t in self.templates],
        }

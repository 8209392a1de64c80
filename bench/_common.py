"""Shared helpers for the bench scripts: synthetic runbooks and timing."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

WORDS = "verify check confirm deploy backup restore migrate monitor alert rotate scale drain".split()


def site_config(plugin: str = "runbooks", name: str = "Bench", tasklist: bool = True) -> str:
    """The ``mkdocs.yml`` of a bench site (and of the tests' sites, tests/conftest.py): Material with
    instant navigation, search, ``plugin`` (one entry of the plugins list, e.g. ``"runbooks:
    {templates_dir: templates}"``; ``""`` for none: the Markdown side) and the Markdown extensions
    runbook pages use; ``tasklist`` adds the one the seeds' Markdown checklists use."""
    plugins = ["search", plugin] if plugin else ["search"]
    extensions = ["attr_list", "md_in_html", "pymdownx.highlight", "pymdownx.superfences"]
    if tasklist:
        extensions.append("pymdownx.tasklist: {custom_checkbox: true}")
    return "".join([f"site_name: {name}\ndocs_dir: docs\n",
                    "theme:\n  name: material\n  features: [navigation.instant, content.code.copy]\n",
                    "plugins:\n", *(f"  - {p}\n" for p in plugins),
                    "markdown_extensions:\n", *(f"  - {e}\n" for e in extensions)])


def runbook_yaml(rid: str, items: int, per_section: int = 8, with_template: str | None = None) -> str:
    """A realistic runbook source: sections of checks and steps, commands, fields, a procedure."""
    lines = ["# yaml-language-server: $schema=https://mkdocs-runbooks.dev/schema/runbook-v1.json", f"id: {rid}"]
    if with_template:
        lines += [f"extends: {with_template}", "vars: {project: Bench}"]
    else:
        lines += ["title: Bench runbook", "version: 1.0.0", "vars: {project: Bench}"]
    lines += ["meta: {owner: Bench team, environment: production, next_review: 2099-01-01}", "sections:"]
    for s in range(0, items, per_section):
        lines += [f"  - id: {rid}-s{s}", f"    title: Phase {s // per_section + 1}", "    estimate: 10-15 min", "    items:"]
        for i in range(s, min(items, s + per_section)):
            w = WORDS[i % len(WORDS)]
            lines += [f"      - id: {rid}-i{i}", f"        text: {w.capitalize()} the **{w}** target {i} for {{{{ project }}}}"]
            if i % 3 == 0:
                lines += ["        kind: step", f"        command: ./ops.sh {w} --target {i}", f"        rollback: {rid}-undo"]
            if i % 4 == 0:
                lines += ["        fields:", f"          - {{id: f{i}, type: number, label: Duration, unit: min}}"]
            if i % 7 == 0:
                lines += ["        severity: critical"]
    lines += ["procedures:", f"  - id: {rid}-undo", "    title: Undo", f"    steps: [{{id: {rid}-u1, text: Undo it}}]"]
    return "\n".join(lines) + "\n"


def best_of(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """(best, median) CPU seconds of this process.

    CPU time, not wall time: the machines are shared, and a busy neighbour
    inflates wall time far more than the CPU time our own code burns.
    """
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times), statistics.median(times)


def export_old(ref: str, dest: Path) -> Path:
    """The plugin's package as it was at git ``ref``, as a folder to put first on PYTHONPATH. The
    installed entry point names the plugin where it lives now (mkdocs_runbooks.mkdocs.plugin); an
    older flat layout gets a one-line module there that imports it from its old place."""
    repo = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "archive", ref, "plugin"], cwd=repo, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    pkg = dest / "plugin" / "mkdocs_runbooks"
    if not (pkg / "mkdocs" / "plugin.py").exists() and (pkg / "plugin.py").exists():
        (pkg / "mkdocs").mkdir(exist_ok=True)
        (pkg / "mkdocs" / "__init__.py").write_text("")
        (pkg / "mkdocs" / "plugin.py").write_text("from mkdocs_runbooks.plugin import RunbooksPlugin  # noqa: F401\n")
    return dest / "plugin"


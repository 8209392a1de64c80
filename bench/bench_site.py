"""Site build: N runbook pages vs the same content as plain Markdown pages, in one run.

Both sites use the same theme (Material), extensions and search plugin; the
baseline is what teams have today: Markdown task lists (pymdownx.tasklist), made
from the same sources by `runbooks export --format markdown`.
Budget (issue 2): the runbook site builds in at most 1.1x the baseline time.
Builds run in subprocesses, alternating, best of N CPU times, so neither side warms the other
and a busy neighbour on a shared machine does not skew the ratio.

Both sides run from cached bytecode, as after `pip install`: the children get a
bytecode cache of their own (PYTHONPYCACHEPREFIX), filled by the warm-up builds.
Without it, an editable install on a machine with PYTHONDONTWRITEBYTECODE=1 (as
on our CI machines) recompiled the plugin's sources in every build (~35 ms),
while MkDocs and Material ran from the .pyc files pip wrote for them.

CPU time on a shared machine still swings by several percent between runs;
`--instructions` also counts each build's instructions with valgrind, a
noise-free ratio to compare changes with.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import runbook_yaml  # noqa: E402

from mkdocs_runbooks.export_md import runbook_markdown  # noqa: E402
from mkdocs_runbooks.pipeline import compile_text  # noqa: E402

CONFIG = """\
site_name: Bench
docs_dir: docs
theme:
  name: material
  features: [navigation.instant, content.code.copy]
plugins:
  - search
{plugin}
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.tasklist: {{custom_checkbox: true}}
"""
BUDGET = 1.10


def twin(source: str) -> str:
    """The same runbook as hand-written Markdown (`runbooks export --format markdown`)."""
    compiled = compile_text(source, "twin.runbook.yml")
    assert compiled.runbook is not None
    return runbook_markdown(compiled.runbook)


def make(root: Path, pages: int, items: int, runbooks: bool) -> None:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bench\n")
    (root / "mkdocs.yml").write_text(CONFIG.format(plugin="  - runbooks" if runbooks else ""))
    for n in range(pages):
        if runbooks:
            (docs / f"rb{n}.runbook.yml").write_text(runbook_yaml(f"rb{n}", items))
        else:
            (docs / f"rb{n}.md").write_text(twin(runbook_yaml(f"rb{n}", items)))


_CHILD = (
    "import resource, runpy, sys\n"
    "sys.argv = ['mkdocs', 'build', '-q', '--strict']\n"
    "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
    "except SystemExit as e:\n    assert not e.code, e.code\n"
    "u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr)\n"
)


def build_once(root: Path) -> tuple[float, int]:
    """(CPU seconds, peak RSS in KiB) of one `mkdocs build` child: robust on a shared machine."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPYCACHEPREFIX=str(root.parent / "pycache"))
    proc = subprocess.run([sys.executable, "-c", _CHILD], cwd=root, env=env, capture_output=True, text=True, check=True)
    cpu, rss = proc.stderr.strip().splitlines()[-1].split()
    return float(cpu), int(rss)


def instructions(root: Path) -> int | None:
    """Instructions one build executes, counted by valgrind (None without valgrind).

    Noise-free, unlike CPU time on a shared machine; about 50x slower to measure.
    """
    if shutil.which("valgrind") is None:
        return None
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPYCACHEPREFIX=str(root.parent / "pycache"))
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           "-m", "mkdocs", "build", "-q"], cwd=root, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--items", type=int, default=100, help="items per page")
    ap.add_argument("--repeat", type=int, default=5, help="builds per side; the best CPU time counts")
    ap.add_argument("--instructions", action="store_true",
                    help="also count each side's instructions with valgrind: a noise-free ratio (slow)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rb, md = Path(tmp) / "runbooks", Path(tmp) / "markdown"
        make(rb, args.pages, args.items, True)
        make(md, args.pages, args.items, False)
        build_once(rb), build_once(md)  # warm the OS caches
        times: dict[str, list[float]] = {"runbooks": [], "markdown": []}
        peak: dict[str, int] = {"runbooks": 0, "markdown": 0}
        for _ in range(args.repeat):
            for name, root in (("runbooks", rb), ("markdown", md)):
                cpu, rss = build_once(root)
                times[name].append(cpu)
                peak[name] = max(peak[name], rss)
        a, b = min(times["runbooks"]), min(times["markdown"])
        sizes = {k: sum(f.stat().st_size for f in (Path(tmp) / k / "site").rglob("*.html")) for k in times}
        counted = (instructions(rb), instructions(md)) if args.instructions else (None, None)
    ratio = a / b
    print(f"{args.pages} pages x {args.items} items, best of {args.repeat}, CPU seconds of each build (search included)")
    print(f"markdown baseline: {b:.2f} s  peak {peak['markdown'] / 1024:.0f} MiB  ({sizes['markdown'] / 1024:.0f} KiB of HTML)")
    print(f"runbook site:      {a:.2f} s  peak {peak['runbooks'] / 1024:.0f} MiB  ({sizes['runbooks'] / 1024:.0f} KiB of HTML)")
    print(f"ratio: {ratio:.3f}x (budget <= {BUDGET:.2f}x: {'OK' if ratio <= BUDGET else 'OVER BUDGET'})")
    if args.instructions:
        if None in counted:
            print("instructions: valgrind not found or failed")
        else:
            ir_rb, ir_md = counted
            print(f"instructions: {ir_rb / 1e9:.2f} vs {ir_md / 1e9:.2f} billion -> {ir_rb / ir_md:.3f}x (noise-free)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Site build: the example runbooks vs the seeds' own Markdown, at 5, 100 (and 1,000) runbooks.

The real alternative (issue 18): what teams write today is the seeds' Markdown
checklists (``shared/seeds/``), built with Material, search and
``pymdownx.tasklist``. Our side is the same five runbooks as sources
(``content/runbooks/*.runbook.yml``, with ``templates/``). Both are copied
N/5 times (runbook ids made unique) and built with ``mkdocs build`` in child
processes, the sides interleaved, so a busy neighbour skews both alike.

Figures per size and side: CPU (user+sys of the build process, best of
``--repeat``), peak RSS (the child's ru_maxrss), and with ``--instructions``
the instructions of one build at the smallest size (valgrind; noise-free).
Then the ratios and each side's growth exponent (slope of log CPU over log N).

``--old REF`` adds a third side: the plugin as it was at git REF (its
``plugin/`` exported and put first on PYTHONPATH), for before/after figures
measured in one run. ``--generated`` prints the older second figure too:
20 synthetic runbooks vs their own Markdown twin (``runbooks export``).

Budgets (issue 18): CPU <= 1.0x the Markdown site at every size; peak memory
<= 1.2x at 1,000 runbooks.

Seeds are found through $RUNBOOKS_SEEDS, else the first ``shared/seeds``
folder in the repository's folder or one of its parents (CI has it at
``../shared/seeds``).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import export_old, runbook_yaml, site_config  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CPU_BUDGET, MEM_BUDGET = 1.0, 1.2

PLUGIN = "runbooks: {templates_dir: templates}"


def find_seeds() -> Path:
    """The seeds folder, or SystemExit with what to do."""
    env = os.environ.get("RUNBOOKS_SEEDS")
    if env:
        if not Path(env).is_dir():
            raise SystemExit(f"bench_site: RUNBOOKS_SEEDS={env} is not a folder")
        return Path(env)
    for base in (ROOT, *ROOT.parents):
        if (base / "shared" / "seeds").is_dir():
            return base / "shared" / "seeds"
    raise SystemExit("bench_site: no shared/seeds folder found in the repository's folder or its parents; "
                     "set RUNBOOKS_SEEDS=/path/to/seeds (the seeds' Markdown checklists)")


_TOP_ID = re.compile(r"^id: *(\S+) *$", re.M)


def make_runbooks(root: Path, n: int) -> None:
    """``n`` runbook sources: the example runbooks, copied with unique ids, and templates/."""
    docs = root / "docs" / "runbooks"
    docs.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Bench\n")
    (root / "mkdocs.yml").write_text(site_config(PLUGIN))
    shutil.copytree(ROOT / "templates", root / "templates")
    sources = sorted((ROOT / "content" / "runbooks").glob("*.runbook.yml"))
    for k in range(n):
        src = sources[k % len(sources)]
        copy = k // len(sources)
        text = src.read_text(encoding="utf-8")
        if copy:
            text = _TOP_ID.sub(lambda m: f"id: {m.group(1)}-{copy}", text, count=1)
        stem = src.name[: -len(".runbook.yml")]
        (docs / f"{stem}-{copy}.runbook.yml").write_text(text, encoding="utf-8")


def make_markdown(root: Path, n: int, seeds: Path) -> None:
    """``n`` Markdown pages: the seeds' own checklists, copied."""
    docs = root / "docs" / "seeds"
    docs.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Bench\n")
    (root / "mkdocs.yml").write_text(site_config(""))
    sources = sorted(p for p in seeds.iterdir() if p.is_file())
    for k in range(n):
        src = sources[k % len(sources)]
        (docs / f"{src.stem}-{k // len(sources)}.md").write_bytes(src.read_bytes())


def make_generated(root: Path, pages: int, items: int, runbooks: bool) -> None:
    """The older figure: synthetic runbooks vs their own Markdown twin."""
    from mkdocs_runbooks.pipeline import compile_text
    from mkdocs_runbooks.render.export_md import runbook_markdown

    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bench\n")
    (root / "mkdocs.yml").write_text(site_config("runbooks" if runbooks else ""))
    for n in range(pages):
        source = runbook_yaml(f"rb{n}", items)
        if runbooks:
            (docs / f"rb{n}.runbook.yml").write_text(source)
        else:
            compiled = compile_text(source, "twin.runbook.yml")
            assert compiled.runbook is not None
            (docs / f"rb{n}.md").write_text(runbook_markdown(compiled.runbook))


_CHILD = (
    "import resource, runpy, sys\n"
    "sys.argv = ['mkdocs', 'build', '-q', '--strict']\n"
    "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
    "except SystemExit as e:\n    assert not e.code, e.code\n"
    "u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr)\n"
)


def _env(root: Path, pythonpath: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # a bytecode cache of the children's own: both sides run from .pyc files, as after `pip install`
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPYCACHEPREFIX=str(root.parent / f"pycache-{root.name}"),
               RUNBOOKS_CACHE_DIR=str(_cache_base(root)))  # the plugin's cache, beside the project
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def _cache_base(root: Path) -> Path:
    return root.parent / f"cache-{root.name}"


def build_once(root: Path, pythonpath: Path | None = None) -> tuple[float, int]:
    """(CPU seconds, peak RSS in KiB) of one `mkdocs build` child, from a cold cache."""
    shutil.rmtree(_cache_base(root), ignore_errors=True)  # a CI build starts without the plugin's cache
    proc = subprocess.run([sys.executable, "-c", _CHILD], cwd=root, env=_env(root, pythonpath),
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"bench_site: build of {root} failed:\n{proc.stderr[-3000:]}")
    cpu, rss = proc.stderr.strip().splitlines()[-1].split()
    return float(cpu), int(rss)


def instructions(root: Path, pythonpath: Path | None = None) -> int | None:
    """Instructions one build executes, counted by valgrind (None without valgrind)."""
    if shutil.which("valgrind") is None:
        return None
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           "-m", "mkdocs", "build", "-q"], cwd=root, env=_env(root, pythonpath),
                          capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


def exponent(points: dict[int, float]) -> float | None:
    """Least-squares slope of log(value) over log(N): 1.0 is linear growth."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n in points]
    ys = [math.log(v) for v in points.values()]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def rebuild_figure(n: int) -> None:
    """The plugin's share of a one-file rebuild (`mkdocs serve`): build_site from a warm cache."""
    import time

    from mkdocs_runbooks.project.build import build_site
    from mkdocs_runbooks.project.cache import SiteCache

    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as tmp:
        root = Path(tmp)
        make_runbooks(root, n)
        docs, templates, cache = root / "docs", root / "templates", root / ".cache" / "runbooks"

        def run() -> tuple[float, int]:
            t = time.process_time()
            built = build_site(docs, templates, root, changes=False, cache=SiteCache(cache))
            cpu = time.process_time() - t
            page = next(p for p in built.pages if p.src_uri.endswith("analytics-beta-0.md"))
            page.load()  # the one page MkDocs reads again (--dirty skips the others)
            assert not built.errors
            return cpu, len(built.pages)

        cold, pages = run()
        source = docs / "runbooks" / "analytics-beta-0.runbook.yml"
        source.write_text(source.read_text().replace("title: ", "title: Edited ", 1))
        warm, _ = run()
    print(f"\nOne-file rebuild at {n:,} runbooks ({pages} pages): the plugin's on_pre_build "
          f"{cold:.2f} s CPU cold, {warm:.2f} s from the cache after editing one source (budget <= 1 s)")


def seeds_figure(args: argparse.Namespace) -> int:
    seeds = find_seeds()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.full and 1000 not in sizes:
        sizes.append(1000)
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp_name:
        tmp = Path(tmp_name)
        sides: dict[str, Path | None] = {"runbooks": None, "markdown": None}
        if args.old:
            sides = {f"runbooks@{args.old}": export_old(args.old, tmp), **sides}
        cpu: dict[str, dict[int, float]] = {s: {} for s in sides}
        rss: dict[str, dict[int, int]] = {s: {} for s in sides}
        ins: dict[str, int | None] = {}
        for n in sizes:
            roots = {}
            for i, side in enumerate(sides):
                root = tmp / f"{n}-{i}"
                if side == "markdown":
                    make_markdown(root, n, seeds)
                else:
                    make_runbooks(root, n)
                roots[side] = root
            repeat = args.repeat if n < 1000 else 1
            if n < 1000:
                for side, root in roots.items():  # warm the OS caches and the bytecode caches
                    build_once(root, sides[side])
            for _ in range(repeat):
                for side, root in roots.items():
                    c, r = build_once(root, sides[side])
                    cpu[side][n] = min(cpu[side].get(n, c), c)
                    rss[side][n] = max(rss[side].get(n, 0), r)
                    print(f"  {n:>5} {side:<22} {c:7.2f} s  {r / 1024:6.0f} MiB", file=sys.stderr, flush=True)
            if args.instructions and n == min(sizes):
                for side, root in roots.items():
                    ins[side] = instructions(root, sides[side])
            for root in roots.values():
                shutil.rmtree(root)
    md = "markdown"
    print(f"Example runbooks (content/runbooks + templates/) vs the seeds' Markdown ({seeds}), copied to N pages;")
    print(f"CPU = user+sys of the `mkdocs build` child, best of {args.repeat} (1 at 1,000); peak = its max RSS")
    print()
    print("| runbooks | side | CPU s | vs Markdown | peak MiB | vs Markdown |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        for side in sides:
            r_cpu, r_mem = cpu[side][n] / cpu[md][n], rss[side][n] / rss[md][n]
            print(f"| {n:,} | {side} | {cpu[side][n]:.2f} | {r_cpu:.2f}x | {rss[side][n] / 1024:.0f} | {r_mem:.2f}x |")
            if side == "runbooks":
                ok &= r_cpu <= CPU_BUDGET and (n < 1000 or r_mem <= MEM_BUDGET)
    print()
    for side in sides:
        e_cpu, e_mem = exponent(cpu[side]), exponent({k: float(v) for k, v in rss[side].items()})
        if e_cpu is not None and e_mem is not None:
            print(f"growth exponent, {side}: CPU N^{e_cpu:.2f}, peak memory N^{e_mem:.2f}")
    if ins:
        n = min(sizes)
        for side, count in ins.items():
            if count is None:
                print(f"instructions at {n}, {side}: valgrind not found or failed")
            else:
                ratio = f" ({count / ins[md]:.2f}x)" if ins.get(md) else ""
                print(f"instructions at {n}, {side}: {count / 1e9:.2f} G{ratio}")
    print(f"budget: CPU <= {CPU_BUDGET:.1f}x at every size, peak memory <= {MEM_BUDGET:.1f}x at 1,000: "
          f"{'OK' if ok else 'OVER BUDGET'}")
    return 0


def generated_figure(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-site-gen-") as tmp:
        rb, mdr = Path(tmp) / "runbooks", Path(tmp) / "markdown"
        make_generated(rb, args.pages, args.items, True)
        make_generated(mdr, args.pages, args.items, False)
        build_once(rb), build_once(mdr)
        times: dict[str, list[float]] = {"runbooks": [], "markdown": []}
        peak = {"runbooks": 0, "markdown": 0}
        for _ in range(args.repeat):
            for name, root in (("runbooks", rb), ("markdown", mdr)):
                c, r = build_once(root)
                times[name].append(c)
                peak[name] = max(peak[name], r)
        counted = (instructions(rb), instructions(mdr)) if args.instructions else (None, None)
    a, b = min(times["runbooks"]), min(times["markdown"])
    print(f"\nGenerated content: {args.pages} runbooks x {args.items} items vs their Markdown twin "
          f"(`runbooks export --format markdown`), best of {args.repeat}")
    print(f"markdown twin: {b:.2f} s  peak {peak['markdown'] / 1024:.0f} MiB")
    print(f"runbook site:  {a:.2f} s  peak {peak['runbooks'] / 1024:.0f} MiB  -> {a / b:.3f}x")
    if None not in counted:
        ir_rb, ir_md = counted
        assert ir_rb is not None and ir_md is not None
        print(f"instructions: {ir_rb / 1e9:.2f} vs {ir_md / 1e9:.2f} G -> {ir_rb / ir_md:.3f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="5,100", help="comma-separated runbook counts (default 5,100)")
    ap.add_argument("--full", action="store_true", help="add 1,000 runbooks (one build per side, minutes)")
    ap.add_argument("--repeat", type=int, default=3, help="builds per side and size; the best CPU time counts")
    ap.add_argument("--instructions", action="store_true",
                    help="count each side's instructions at the smallest size with valgrind (slow)")
    ap.add_argument("--old", metavar="REF", help="also build with the plugin as it was at git REF")
    ap.add_argument("--rebuild", type=int, metavar="N", help="also: the plugin's share of a one-file rebuild at N")
    ap.add_argument("--generated", action="store_true",
                    help="also the older figure: synthetic runbooks vs their Markdown twin")
    ap.add_argument("--pages", type=int, default=20, help="--generated: runbooks")
    ap.add_argument("--items", type=int, default=100, help="--generated: items per runbook")
    args = ap.parse_args()
    status = seeds_figure(args)
    if args.generated:
        generated_figure(args)
    if args.rebuild:
        rebuild_figure(args.rebuild)
    return status


if __name__ == "__main__":
    raise SystemExit(main())

"""`runbooks diff` of two revisions of the whole example project, and the cost of "Changes" sections.

Prints seconds. Budget: a diff of two revisions of the example project < 2 s
(git checkout of both sides + compile + diff + all three formats), and the
"Changes" sections add little to a site build (figures printed, no budget).

``--scale N`` (issue 18): a git repository of N runbooks (the example runbooks
copied with unique ids, as bench_site.py makes them), 10 items reworded in 10 of
them in a second commit; ``runbooks diff HEAD~1 HEAD`` must take <= 2 s, as it
compiles only what changed. ``--whole`` also times compiling both sides whole
(what diff did before).

Usage: python bench/bench_diff.py [OLD] [NEW] [--repeat N]
OLD defaults to the first commit that added content/runbooks/, NEW to HEAD.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from mkdocs_runbooks.diff import diff_sides, load_side, load_sides
from mkdocs_runbooks.diff.formats import FORMATS
from mkdocs_runbooks.project.build import SiteBuild, build_site
from mkdocs_runbooks.project.cache import CHANGES_FILE, SiteCache

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 2.0


def first_content_commit() -> str:
    out = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "content/runbooks"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    return out[-1] if out else "HEAD"


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", nargs="?")
    ap.add_argument("new", nargs="?", default="HEAD")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=int, metavar="N", help="only the N-runbook repository case")
    ap.add_argument("--whole", action="store_true", help="--scale: also time compiling both sides whole")
    args = ap.parse_args()
    if args.scale:
        return scale(args.scale, args.repeat, args.whole)
    old = args.old or first_content_commit()
    state: dict[str, object] = {}

    def run_diff() -> None:
        a, b = load_sides(old, args.new, ROOT)
        result = diff_sides(a, b)
        state["texts"] = {name: fmt(result) for name, fmt in FORMATS.items()}
        state["result"] = result
        state["sizes"] = (len(a.runbooks), len(b.runbooks))

    seconds = best(run_diff, args.repeat)
    result = state["result"]
    n_changes = sum(len(r.changes) for r in result.changed)  # type: ignore[attr-defined]
    print(f"diff {old[:10]} -> {args.new}: runbooks {state['sizes'][0]} -> {state['sizes'][1]}, "
          f"{len(result.changed)} changed, {n_changes} changes")  # type: ignore[attr-defined]
    print(f"  diff (checkout both revisions, compile, compare, text+markdown+json): {seconds:.3f} s "
          f"(budget {BUDGET:.1f} s) {'OK' if seconds < BUDGET else 'OVER BUDGET'}")
    # the whole working tree against itself: compile cost without git
    same = best(lambda: diff_sides(load_side(".", ROOT), load_side(".", ROOT)), args.repeat)
    print(f"  working tree vs itself (compile x2 + compare, no git): {same:.3f} s")

    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        churned = churn(Path(tmp))
        heavy = best(lambda: diff_sides(load_side(".", ROOT), load_side(str(churned), ROOT)), args.repeat)
        result = diff_sides(load_side(".", ROOT), load_side(str(churned), ROOT))
        print(f"  heavy churn (every section reversed, every 3rd item reworded, every 5th command changed): "
              f"{heavy:.3f} s for {sum(len(r.changes) for r in result.changed)} changes "
              f"(budget {BUDGET:.1f} s) {'OK' if heavy < BUDGET else 'OVER BUDGET'}")

    docs, templates = ROOT / "content", ROOT / "templates"
    off = best(lambda: build_site(docs, templates, ROOT, changes=False), args.repeat)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        cache = Path(tmp)  # cold: an empty diff cache

        def with_diff_cache() -> SiteBuild:
            """The diffs come from the cache; the pages do not (they are compiled each time, as with changes off)."""
            for path in cache.iterdir():
                if path.name != CHANGES_FILE:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
            return build_site(docs, templates, ROOT, changes=True, cache=SiteCache(cache))

        start = time.perf_counter()
        pages = with_diff_cache().pages
        cold = time.perf_counter() - start
        warm = best(with_diff_cache, args.repeat)
    with_section = sum("rb-changes" in p.load()[1].skeleton for p in pages if p.loader)
    print(f"  core site build without Changes sections: {off:.3f} s; with, cold cache: {cold:.3f} s "
          f"(+{cold - off:.3f} s); warm cache: {warm:.3f} s (+{warm - off:.3f} s); "
          f"{with_section} pages with a Changes section")
    return 0 if seconds < BUDGET and heavy < BUDGET else 1


def scale(n: int, repeat: int, whole: bool) -> int:
    """`runbooks diff HEAD~1 HEAD` in a repository of ``n`` runbooks with 10 items reworded."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_site import make_runbooks

    with tempfile.TemporaryDirectory(prefix="bench-diff-scale-") as tmp:
        repo = Path(tmp) / "repo"
        make_runbooks(repo, n)
        env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b",
               "GIT_COMMITTER_EMAIL": "b@b"}
        for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "one"]):
            subprocess.run(cmd, cwd=repo, env=env, check=True)
        sources = sorted((repo / "docs" / "runbooks").glob("*.runbook.yml"))
        step = max(1, len(sources) // 10)
        for src in sources[::step][:10]:
            text = src.read_text(encoding="utf-8")
            # the first plain one-line item text: a reworded item
            src.write_text(_PLAIN_TEXT.sub(r"\1 (reworded)", text, count=1), encoding="utf-8")
        subprocess.run(["git", "commit", "-qam", "two"], cwd=repo, env=env, check=True)
        state: dict[str, object] = {}

        def selective() -> None:
            result = diff_sides(*load_sides("HEAD~1", "HEAD", repo))
            state["texts"] = [fmt(result) for fmt in FORMATS.values()]
            state["result"] = result

        cpu = best_cpu(selective, repeat)
        result = state["result"]
        changes = sum(len(r.changes) for r in result.changed)  # type: ignore[attr-defined]
        print(f"{n} runbooks, 10 items reworded: {len(result.changed)} runbooks changed, {changes} changes")  # type: ignore[attr-defined]
        print(f"  runbooks diff HEAD~1 HEAD (checkout, compile what changed, compare, 3 formats): "
              f"{cpu:.2f} s CPU (budget {BUDGET:.1f} s) {'OK' if cpu <= BUDGET else 'OVER BUDGET'}")
        if whole:
            def whole_diff() -> None:
                result = diff_sides(load_side("HEAD~1", repo), load_side("HEAD", repo))
                [fmt(result) for fmt in FORMATS.values()]

            full = best_cpu(whole_diff, 1)
            print(f"  the same, compiling both sides whole (as before): {full:.2f} s CPU")
        return 0 if cpu <= BUDGET else 1


_PLAIN_TEXT = re.compile(r"^( +(?:- )?text: [A-Za-z][^\n\"'#:|>]*)$", re.M)


def best_cpu(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Best CPU seconds of this process and its children (git): the machine is shared."""
    times = []
    for _ in range(repeat):
        before = os.times()
        fn()
        after = os.times()
        times.append(sum(after[:4]) - sum(before[:4]))
    return min(times)


def churn(dest: Path) -> Path:
    """A copy of the example project (sources and templates) with many changes."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    n = 0

    def items(entries: list) -> None:  # type: ignore[type-arg]
        nonlocal n
        for it in entries:
            if not isinstance(it, dict) or "id" not in it:
                continue
            n += 1
            if n % 3 == 0 and isinstance(it.get("text"), str):
                it["text"] = it["text"] + " (now with more words)"
            if n % 5 == 0 and isinstance(it.get("command"), str):
                it["command"] = it["command"] + " --verbose"
            items(it.get("items") or [])
        entries.reverse()

    def sections(entries: list) -> None:  # type: ignore[type-arg]
        for s in entries:
            if isinstance(s, dict):
                items(s.get("items") or [])
                sections(s.get("sections") or [])

    sources = list((ROOT / "content").rglob("*.runbook.yml")) + list((ROOT / "templates").rglob("*.yml"))
    for src in sources:  # templates churn too: most items of the example runbooks come from them
        doc = yaml.load(src.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if isinstance(doc, dict):
            sections(doc.get("sections") or [])
            items(doc.get("items") or [])  # fragments
        out = dest / src.relative_to(ROOT)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


if __name__ == "__main__":
    raise SystemExit(main())

"""Material's navigation on a site of many runbooks: what to set (issue 18; content/scale.md).

Every page carries the whole navigation, so a site of N pages writes N x N nav
entries. Builds N runbooks (the example runbooks copied, as bench_site.py makes
them) in ``--folders`` folders, with Material's default navigation and with
``navigation.prune`` (and with the runbooks all in one folder), and prints the
build's CPU, peak memory and the average page size.

Usage: python bench/bench_nav.py [--runbooks 500] [--folders 20]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_site import build_once, make_runbooks  # noqa: E402


def layout(root: Path, n: int, folders: int, features: list[str]) -> None:
    make_runbooks(root, n)
    src = root / "docs" / "runbooks"
    if folders > 1:
        for k, path in enumerate(sorted(src.glob("*.runbook.yml"))):
            team = src / f"team-{k % folders:02d}"
            team.mkdir(exist_ok=True)
            path.rename(team / path.name)
    config = (root / "mkdocs.yml").read_text()
    config = config.replace("features: [navigation.instant, content.code.copy]",
                            f"features: [{', '.join(['navigation.instant', 'content.code.copy', *features])}]")
    (root / "mkdocs.yml").write_text(config)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runbooks", type=int, default=500)
    ap.add_argument("--folders", type=int, default=20)
    ap.add_argument("--cases", default="0,1,2,3", help="which layouts to build, by number (0: one folder, "
                    "1: folders, 2: folders + prune, 3: folders + prune + sections): a 1,000-runbook build is long")
    args = ap.parse_args()
    cases = [("one folder, default nav", 1, []),
             (f"{args.folders} folders, default nav", args.folders, []),
             (f"{args.folders} folders, navigation.prune", args.folders, ["navigation.prune"]),
             (f"{args.folders} folders, navigation.prune + navigation.sections", args.folders,
              ["navigation.prune", "navigation.sections"])]
    print(f"{args.runbooks} runbooks; CPU of one `mkdocs build` (search included), peak RSS, mean page size")
    print("| layout | CPU s | peak MiB | mean page KiB |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="bench-nav-") as tmp:
        for i, (name, folders, features) in enumerate(cases):
            if str(i) not in args.cases.split(","):
                continue
            root = Path(tmp) / f"case{i}"
            layout(root, args.runbooks, folders, features)
            cpu, rss = build_once(root)
            pages = [p for p in (root / "site").rglob("index.html") if "runbooks" in p.parts]
            size = sum(p.stat().st_size for p in pages) / max(1, len(pages)) / 1024
            print(f"| {name} | {cpu:.1f} | {rss / 1024:.0f} | {size:.0f} |", flush=True)
            shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

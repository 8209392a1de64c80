"""Front-end budget of fillable runbook pages: prints figures, asserts nothing.

- bytes of the JS and CSS the fillable page adds (raw and gzipped; budget 8 KB gzipped);
- on a generated 500-item runbook page in Chromium: time to start (page load -> toolbar live);
  tick -> progress-text update (the synchronous work of a real click: change event, save,
  progress; median / p95 / max); and click -> next frame, with runbooks.js and with it blocked
  (the page's own style/layout cost), so the difference is what the run module adds.

usage: .venv/bin/python bench/bench_frontend.py [--items 500] [--toggles 100]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "plugin" / "mkdocs_runbooks" / "assets"
#: what issue 5 added (the run module and its stylesheet) and issue 15 (several runs, the who/when log)
FRONTEND = ["runbooks.js", "forms.css", "runs.js", "runs.css"]
#: fetched only when used (switching runs, New run, Finish run, Export, Import): not in the first load
LAZY = ["runs-more.js"]
BUDGET_GZ = 8 * 1024
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def sizes() -> None:
    total_raw = total_gz = 0
    for name in FRONTEND:  # each file gzipped alone, as a server sends it
        data = (ASSETS / name).read_bytes()
        gz = len(gzip.compress(data, 9))
        total_raw += len(data)
        total_gz += gz
        print(f"  {name:<14} {len(data):>7,} B raw  {gz:>6,} B gzipped")
    verdict = "within" if total_gz <= BUDGET_GZ else "OVER"
    print(f"  {'first load':<14} {total_raw:>7,} B raw  {total_gz:>6,} B gzipped  ({verdict} the {BUDGET_GZ:,} B budget)")
    for name in LAZY:
        data = (ASSETS / name).read_bytes()
        print(f"  {name:<14} {len(data):>7,} B raw  {len(gzip.compress(data, 9)):>6,} B gzipped  (on first use only)")


def runbook(n_items: int) -> str:
    """A runbook with n checkable items in 20 sections, every 10th critical, every 25th with fields."""
    lines = ["id: big", "title: Big runbook", 'version: "1.0.0"', "sections:"]
    per = max(1, n_items // 20)
    for s in range(0, n_items, per):
        lines += [f"  - id: s{s}", f"    title: Section {s // per + 1}", "    items:"]
        for i in range(s, min(n_items, s + per)):
            lines.append(f"      - id: i{i}")
            lines.append(f"        text: Check thing number {i} and write down what you saw")
            if i % 10 == 0:
                lines.append("        severity: critical")
            if i % 25 == 0:
                lines.append("        fields: [{id: n, type: number, unit: ms}, {id: ok, type: yesno}]")
    return "\n".join(lines) + "\n"


def build(root: Path, n_items: int) -> Path:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import BASE_CONFIG, mkdocs_build, write_tree

    write_tree(root, {"mkdocs.yml": BASE_CONFIG, "docs/index.md": "# Home\n", "docs/big.runbook.yml": runbook(n_items)})
    mkdocs_build(root)
    return root / "site"


MEASURE = """async ([n, live]) => {
  const boxes = [...document.querySelectorAll('input[data-rb-item]')];
  const out = document.querySelector('[data-rb-progress]');
  const sync = [], frame = [];
  for (let i = 0; i < n; i++) {
    const box = boxes[(i * 7) % boxes.length];
    const before = out.textContent;
    const t0 = performance.now();
    box.click();                                   // real click: change event, save, progress
    if (live && out.textContent === before) throw new Error('progress did not change');
    sync.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));  // style, layout, paint
    frame.push(performance.now() - t0);
  }
  return { sync, frame };
}"""


def _stats(xs: list[float]) -> str:
    t = sorted(xs)
    return (f"median {statistics.median(t):.1f} ms, p95 {t[max(0, int(len(t) * 0.95) - 1)]:.1f} ms, "
            f"max {t[-1]:.1f} ms")


def measure(site: Path, n_toggles: int) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/big/")
            page.wait_for_selector(".rb-runbook.rb-live")
            start = page.evaluate("performance.now()")
            n = page.locator("input[data-rb-item]").count()
            print(f"  page: {n} checkable items, {page.locator('[data-rb-field]').count()} field controls")
            print(f"  page load -> run live: {start:.0f} ms (includes Material and the network)")
            page.wait_for_load_state("networkidle")  # Material's search index is built: quieter timings
            res = page.evaluate(MEASURE, [n_toggles, True])
            print(f"  toggle -> progress updated ({n_toggles} toggles): {_stats(res['sync'])}")
            print(f"  toggle -> next frame, with runbooks.js:    {_stats(res['frame'])}")
            # a reload applies the saved state of every item
            page.reload()
            page.wait_for_selector(".rb-runbook.rb-live")
            apply_ms = page.evaluate("performance.now()")
            print(f"  reload with saved state -> run live: {apply_ms:.0f} ms")
            bare = browser.new_page()
            bare.route("**/runbooks.js", lambda r: r.abort())
            bare.goto(f"http://127.0.0.1:{server.server_port}/big/")
            bare.wait_for_load_state("networkidle")
            res = bare.evaluate(MEASURE, [n_toggles, False])
            print(f"  toggle -> next frame, runbooks.js blocked: {_stats(res['frame'])}")
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=500)
    ap.add_argument("--toggles", type=int, default=100)
    args = ap.parse_args()
    print("front-end bytes (issue 5 budget: JS + CSS <= 8 KB gzipped):")
    sizes()
    with tempfile.TemporaryDirectory(prefix="rb-bench-fe-") as tmp:
        print(f"{args.items}-item page in Chromium:")
        measure(build(Path(tmp), args.items), args.toggles)


if __name__ == "__main__":
    main()

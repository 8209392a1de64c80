"""Front-end cost of runbook pages, from a real built site in Chromium: prints figures, asserts nothing.

- assets: every stylesheet and script a runbook page and a plain page load (ours and the theme's),
  files and gzipped bytes. Ours are split into the first load (the stylesheet and the script the page
  itself names and waits for: budget one CSS + one JS, <= 8 KB gzipped, none on plain pages) and what
  comes later without holding the page: a ``media=print`` stylesheet, and scripts a script fetched
  (the page tools, when idle or on first use);
- a 2,000-item runbook page against a plain Markdown task-list page of the same size (same texts, same
  sections, Material + pymdownx.tasklist): time to usable (navigation start -> page loaded, the run
  live, and one frame drawn; median of --loads fresh loads) and click -> progress (a real click on a
  box -> the next frame; for the runbook page the progress text must have changed). Goal <= 1.2x.

``--old REF`` builds the runbook page a second time with the plugin as it was at git REF (its
``plugin/`` put first on PYTHONPATH), for before/after figures from one run.

usage: .venv/bin/python bench/bench_frontend.py [--items 2000] [--loads 7] [--clicks 60] [--old REF]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from _common import export_old, site_config  # noqa: E402  (bench/ is on the path only from here)

BUDGET_GZ = 8 * 1024
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SECTIONS = 20


def _text(i: int) -> str:
    return f"Check thing number {i} and write down what you saw"


#: the big runbook is a variant, as most runbooks are: the provenance note and its toggle are on the page
TEMPLATE = """\
id: base
title: Base
version: "1.0.0"
sections:
  - id: base-checks
    title: Base checks
    items:
""" + "".join(f"      - {{id: b{i}, text: Template check {i}}}\n" for i in range(10))


def runbook(n_items: int) -> str:
    """A variant of TEMPLATE with n items of its own in 20 sections, every 10th critical, every 25th
    with fields."""
    lines = ["id: big", "title: Big runbook", 'version: "1.0.0"', "extends: base", "sections:"]
    per = max(1, n_items // SECTIONS)
    for s in range(0, n_items, per):
        lines += [f"  - id: s{s}", f"    title: Section {s // per + 1}", "    items:"]
        for i in range(s, min(n_items, s + per)):
            lines += [f"      - id: i{i}", f"        text: {_text(i)}"]
            if i % 10 == 0:
                lines.append("        severity: critical")
            if i % 25 == 0:
                lines.append("        fields: [{id: n, type: number, unit: ms}, {id: ok, type: yesno}]")
    return "\n".join(lines) + "\n"


def tasklist(n_items: int) -> str:
    """The same content as a hand-written Markdown task list."""
    out = ["# Big checklist", "", "## Base checks", "", *(f"- [ ] Template check {i}" for i in range(10)), ""]
    per = max(1, n_items // SECTIONS)
    for s in range(0, n_items, per):
        out += [f"## Section {s // per + 1}", ""]
        out += [f"- [ ] {_text(i)}" + (" **critical**" if i % 10 == 0 else "") for i in range(s, min(n_items, s + per))]
        out.append("")
    return "\n".join(out)


def build(root: Path, n_items: int, pythonpath: Path | None = None) -> Path:
    """A site with the big runbook, its Markdown twin and a plain page; built by a `mkdocs` child."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(site_config())
    (docs / "index.md").write_text("# Home\n\n[The runbook](big.md) and [the task list](tasks.md).\n")
    (docs / "big.runbook.yml").write_text(runbook(n_items))
    (root / "templates").mkdir()
    (root / "templates" / "base.runbook.yml").write_text(TEMPLATE)
    (docs / "tasks.md").write_text(tasklist(n_items))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", RUNBOOKS_CACHE="off")
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env, check=True,
                   capture_output=True)
    return root / "site"


# resolves once the page is usable: loaded, our run live (on a runbook page), and a frame drawn
USABLE = """window.__usable = new Promise((resolve) => {
  const ready = () => document.readyState === "complete" &&
    (!document.querySelector("[data-rb-runbook]") || document.querySelector(".rb-live"));
  const tick = () => ready() ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))
                             : setTimeout(tick, 4);
  tick();
});"""

CLICKS = """async ([n, live]) => {
  const boxes = [...document.querySelectorAll(live ? 'input[data-rb-item]' : '.task-list-item input')];
  const out = document.querySelector('[data-rb-progress]');
  const ms = [];
  for (let i = 0; i < n; i++) {
    const box = boxes[(i * 37) % boxes.length];
    const before = out && out.textContent;
    const t0 = performance.now();
    box.click();                                      // real click: change event, save, progress
    if (live && out.textContent === before) throw new Error('progress did not change');
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));  // style, layout, paint
    ms.push(performance.now() - t0);
  }
  return ms;
}"""


def _stats(xs: list[float]) -> str:
    t = sorted(xs)
    return f"median {statistics.median(t):.0f} ms, p95 {t[max(0, int(len(t) * 0.95) - 1)]:.0f} ms"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a page closed while a file was on its way (the page tools, fetched when idle): not news


class Served:
    def __init__(self, site: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(site))
        self.server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def assets_of(browser: Any, url: str) -> list[tuple[str, int, int, bool]]:
    """(path, raw bytes, gzipped bytes, first load?) of every stylesheet and script the page loads, once
    the network is idle. First load: a stylesheet the page links for the screen, or a script the page
    names itself; not a ``media=print`` sheet, nor a script another script added."""
    seen: list[tuple[str, int, int]] = []
    page = browser.new_page()

    def on_response(resp: Any) -> None:
        if resp.request.resource_type in ("stylesheet", "script") and resp.url.startswith("http://127.0.0.1"):
            body = resp.body()
            seen.append((resp.url.split("/", 3)[3], len(body), len(gzip.compress(body, 9))))

    page.on("response", on_response)
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    html = response.text() if response is not None else ""
    first = page.evaluate("""(html) => {
      const doc = new DOMParser().parseFromString(html, "text/html"), out = [];
      doc.querySelectorAll("link[rel=stylesheet][href]").forEach((l) => { if (l.media !== "print") out.push(new URL(l.getAttribute("href"), location.href).pathname); });
      doc.querySelectorAll("script[src]").forEach((s) => out.push(new URL(s.getAttribute("src"), location.href).pathname));
      return out;
    }""", html)
    page.close()
    return [(path, raw, gz, "/" + path in first) for path, raw, gz in seen]


def print_assets(browser: Any, base: str, label: str) -> None:
    for name, path in (("runbook page", "big/"), ("plain page", "")):
        got = assets_of(browser, f"{base}/{path}")
        ours = [a for a in got if "assets/runbooks/" in a[0]]
        theme = [a for a in got if a not in ours]
        now, later = [a for a in ours if a[3]], [a for a in ours if not a[3]]
        og, tg, lg = sum(a[2] for a in now), sum(a[2] for a in theme), sum(a[2] for a in later)
        verdict = "" if name != "runbook page" else f" ({'within' if og <= BUDGET_GZ else 'OVER'} the 8 KB budget)"
        print(f"  {label:<16} {name:<13}: ours {len(now)} file(s) {og:>6,} B gz on first load{verdict}, "
              f"{len(later)} later {lg:>6,} B gz; theme {len(theme)} file(s) {tg:>7,} B gz")
        for path_, raw, gz, first in ours:
            print(f"  {'':<16} {'':<13}    {path_}: {raw:,} B, {gz:,} B gz{'' if first else ' (later)'}")


def load_once(browser: Any, url: str) -> tuple[float, float, float]:
    """(time to usable, style recalculation, layout) in ms of one fresh load; the last two from
    Chromium's own counters (CDP Performance.getMetrics), which a busy machine inflates less."""
    ctx = browser.new_context()
    ctx.add_init_script(USABLE)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url, wait_until="commit")
    usable = float(page.evaluate("window.__usable"))
    m = {x["name"]: x["value"] for x in cdp.send("Performance.getMetrics")["metrics"]}
    ctx.close()
    return usable, m["RecalcStyleDuration"] * 1000, m["LayoutDuration"] * 1000


def click_ms(browser: Any, url: str, clicks: int, live: bool) -> list[float]:
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if live:
        page.wait_for_selector(".rb-runbook.rb-live")
    ms: list[float] = page.evaluate(CLICKS, [clicks, live])
    ctx.close()
    return ms


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--loads", type=int, default=7)
    ap.add_argument("--clicks", type=int, default=60)
    ap.add_argument("--old", metavar="REF", help="also the runbook page built by the plugin as it was at git REF")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    med = statistics.median
    with tempfile.TemporaryDirectory(prefix="rb-bench-fe-") as tmp_name:
        tmp = Path(tmp_name)
        sites = {"runbooks": build(tmp / "new", args.items)}
        if args.old:
            sites[f"runbooks@{args.old}"] = build(tmp / "old", args.items, export_old(args.old, tmp))
        served = {k: Served(v) for k, v in sites.items()}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                print("assets loaded (stylesheets and scripts, from the built site):")
                for label, s in served.items():
                    print_assets(browser, s.base, label)
                pages = {"task list (.md)": (f"{served['runbooks'].base}/tasks/", False),
                         **{label: (f"{s.base}/big/", True) for label, s in served.items()}}
                loads: dict[str, list[tuple[float, float, float]]] = {k: [] for k in pages}
                for _ in range(args.loads):  # interleaved: a busy machine slows every side alike
                    for label, (url, _live) in pages.items():
                        loads[label].append(load_once(browser, url))
                clicks = {label: click_ms(browser, url, args.clicks, live) for label, (url, live) in pages.items()}
                print(f"{args.items}-item page in Chromium (median of {args.loads} fresh loads; {args.clicks} clicks):")
                print("| page | time to usable | style recalc | layout | click -> next frame | vs task list |")
                print("| --- | --- | --- | --- | --- | --- |")
                base_u = med(x[0] for x in loads["task list (.md)"])
                base_c = med(clicks["task list (.md)"])
                for label in pages:
                    u = med(x[0] for x in loads[label])
                    st, lay, c = med(x[1] for x in loads[label]), med(x[2] for x in loads[label]), med(clicks[label])
                    print(f"| {label} | {u:.0f} ms | {st:.0f} ms | {lay:.0f} ms | {_stats(clicks[label])} | "
                          f"{u / base_u:.2f}x usable, {c / base_c:.2f}x click |")
                browser.close()
        finally:
            for s in served.values():
                s.close()


if __name__ == "__main__":
    main()

"""Make the example site's run (runs/) and the "Running a runbook" screenshots from the real site.

Builds the example site, runs the SmartWallet runbook in headless Chromium on a fake clock (a deploy
of about an hour, with a handover), exports the run into runs/, builds again and screenshots the run
bar, the Finish dialog, the run record and the runbook page's past runs into content/img/.

usage: .venv/bin/python scripts/runs_screenshots.py
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
IMG = REPO / "content" / "img"
PAGE = "runbooks/smartwallet-production/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RUNBOOKS_CACHE": "off"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=REPO, env=env, check=True)


def serve(site: Path) -> str:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def shot(page: Page, selector: str, name: str, pad: int = 8) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    page.screenshot(path=str(IMG / name), clip={"x": max(0, box["x"] - pad), "y": max(0, box["y"] - pad),
                                                 "width": min(1280, box["width"] + 2 * pad), "height": box["height"] + 2 * pad})


def run_the_runbook(page: Page, url: str) -> dict:  # type: ignore[type-arg]
    page.clock.install(time="2026-11-24T14:00:00+01:00")
    page.goto(url + PAGE)
    page.wait_for_selector(".rb-runbook.rb-live")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector(".rb-runbook.rb-live")
    page.fill("[data-rb-run-name]", "REL-2.4.0")
    page.fill("[data-rb-operator]", "Ada Lovelace")
    page.keyboard.press("Tab")
    boxes = page.locator(".rb-section:not(.rb-procedure) input[data-rb-item]")
    n = boxes.count()
    for i in range(min(n, 14)):
        page.clock.fast_forward("02:10")
        if boxes.nth(i).is_visible():
            boxes.nth(i).check()
    page.clock.fast_forward("05:00")
    page.fill("[data-rb-operator]", "Grace Hopper")  # handover
    page.keyboard.press("Tab")
    for i in range(14, min(n, 30)):
        page.clock.fast_forward("01:40")
        if boxes.nth(i).is_visible():
            boxes.nth(i).check()
    signers = page.locator(".rb-signoff-table input[data-rb-field$='/name']")
    for i, who in enumerate(["Alan Turing", "Grace Hopper"][: signers.count()]):
        signers.nth(i).fill(who)
    page.keyboard.press("Tab")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "[data-rb-toolbar]", "runs-toolbar.png")
    shot(page, "[data-rb-run]", "runs-bar.png")
    page.clock.fast_forward("03:00")
    page.click("[data-rb-action=finish-run]")
    page.wait_for_selector(".rb-finish[open]")
    page.fill(".rb-finish textarea", "Released on time; error rate flat.")
    shot(page, ".rb-finish", "runs-finish.png")
    page.click(".rb-finish button[value=finish]")
    with page.expect_download() as dl:
        page.click("[data-rb-action=export]")
    return json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))


def inputs_shot(page: Page, url: str) -> None:
    """The example with run inputs: the Run inputs box, and a step whose text and command show the value."""
    page.goto(url + "examples/rollback-demo/")
    page.wait_for_selector(".rb-runbook.rb-live")
    page.fill("[data-rb-input=release]", "v2.4.0")
    shot(page, "[data-rb-inputs]", "runs-inputs.png")
    page.locator("#deploy-green").scroll_into_view_if_needed()
    shot(page, "#deploy-green", "runs-inputs-step.png")


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rb-runs-shots-") as tmp, sync_playwright() as p:
        site = Path(tmp) / "site"
        build(site)
        url = serve(site) + "/"
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Europe/Berlin", accept_downloads=True)
        run = run_the_runbook(ctx.new_page(), url)
        out = REPO / "runs" / "smartwallet-production" / "rel-2.4.0.run.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        build(site)  # the committed run becomes a record page
        page = ctx.new_page()
        page.goto(f"{url}runs/smartwallet-production/{run['id']}/")
        page.screenshot(path=str(IMG / "runs-record.png"))
        page.evaluate("window.scrollTo(0, document.querySelector('#timeline').getBoundingClientRect().top + scrollY - 70)")
        page.screenshot(path=str(IMG / "runs-timeline.png"))
        page.goto(url + PAGE + "#past-runs")
        shot(page, ".rb-past-runs", "runs-past.png")
        inputs_shot(ctx.new_page(), url)
        browser.close()
    print(f"wrote {out.relative_to(REPO)} and content/img/runs-*.png")


if __name__ == "__main__":
    main()

"""Screenshot built site pages in headless Chromium: a look, not a test.

usage: python scripts/screenshot.py SITE_DIR PAGE_PATH OUT.png [--width 1280] [--full] [--dark] [--print]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("page")
    ap.add_argument("out")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--dark", action="store_true")
    ap.add_argument("--print", action="store_true", help="emulate print media")
    args = ap.parse_args()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.site)
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                color_scheme="dark" if args.dark else "light")
        page.goto(f"http://127.0.0.1:{server.server_port}/{args.page}")
        if args.print:
            page.emulate_media(media="print")
        page.wait_for_timeout(300)
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()

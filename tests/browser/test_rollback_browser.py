"""Real Chromium: one click from a step to its rollback, one click back, with and without JS."""

from __future__ import annotations

import pytest
from test_rollback_build import DEPLOY, NETWORK


@pytest.mark.parametrize("js", [True, False])
def test_one_click_there_one_click_back(site, serve, browser, js: bool) -> None:  # type: ignore[no-untyped-def]
    built = site({"docs/ops/deploy.runbook.yml": DEPLOY, "docs/net/network.runbook.yml": NETWORK}, strict=True)
    base = serve(built.site)
    ctx = browser.new_context(java_script_enabled=js, viewport={"width": 1200, "height": 800})
    page = ctx.new_page()
    try:
        page.goto(f"{base}/ops/deploy/")
        page.locator("#run-migrations a.rb-to-rollback").click()
        page.wait_for_function("location.hash === '#db-rollback--from-run-migrations'")
        back = page.locator("#db-rollback--from-run-migrations")
        heading = page.locator("h3#db-rollback")
        page.wait_for_timeout(100)  # let the scroll settle before measuring
        # the procedure's heading and the way back are on screen, and the way back is marked
        box, hbox = back.bounding_box(), heading.bounding_box()
        assert box is not None and hbox is not None
        assert 0 <= hbox["y"] and box["y"] + box["height"] <= 800, (hbox, box)
        if not js:  # pure CSS: the anchor is the :target
            assert back.evaluate("e => e.matches(':target')")
        assert back.evaluate("e => getComputedStyle(e).fontWeight") == "700"
        back.click()
        page.wait_for_function("location.hash === '#run-migrations'")
        step = page.locator("#run-migrations").bounding_box()
        assert step is not None and 0 <= step["y"] < 800
        # across runbooks: to the other page's procedure, and back to this step
        page.locator("#shift-traffic a.rb-to-rollback").click()
        page.wait_for_url("**/net/network/#route-back--from-deploy--shift-traffic")
        page.locator("#route-back--from-deploy--shift-traffic").click()
        page.wait_for_url("**/ops/deploy/#shift-traffic")
    finally:
        ctx.close()

"""What the page says when nothing computes its tiles: the server cannot be reached (and then
is back), or in Redis mode no worker is running (and then one starts)."""

from __future__ import annotations

import pytest

from .conftest import EXPERIMENT, wait_ready

pytestmark = pytest.mark.browser

BADGE_KIND = "() => document.getElementById('pending').dataset.kind"


def test_an_outage_is_said_then_the_page_recovers_by_itself(page, open_map):
    page.watch.expected_text.append("net::ERR_FAILED")
    open_map(f"?e={EXPERIMENT}")
    cut = lambda route: route.abort()  # noqa: E731
    page.route("**/api/**", cut)
    page.route("**/healthz", cut)
    page.locator("#map").focus()
    page.keyboard.press("Equal")  # one level in: tiles the page does not have yet
    page.wait_for_function(f"() => ({BADGE_KIND})() === 'offline'")
    badge = page.locator("#pending").inner_text()
    assert badge.startswith("Server unreachable") and "computing" not in badge, badge
    alert = page.locator("#message")
    assert alert.is_visible() and "unreachable" in alert.inner_text()
    # switching experiment fails: the controls keep naming what the map shows
    page.select_option("#experiment", "tanh-single-point")  # cheap: no cost question
    page.wait_for_function(
        "() => /Could not open/.test(document.getElementById('toast').textContent)"
    )
    assert page.locator("#experiment").input_value() == "tanh-quick"
    assert page.evaluate("() => window.trainscape.state.id") == EXPERIMENT
    page.unroute("**/api/**", cut)
    page.unroute("**/healthz", cut)
    alert.wait_for(state="hidden", timeout=20_000)  # the probe found the server again
    wait_ready(page)
    assert page.locator("#pending").is_hidden()


def test_redis_mode_without_a_worker_says_so_until_one_starts(page, procs, redis_url):
    api = procs("serve", redis_url=redis_url, tile_wait_s="0.5", poll_s="0.1").wait_healthy()
    page.goto(f"{api.url}/?e={EXPERIMENT}&z=0&x=128&y=128")
    page.wait_for_function(f"() => ({BADGE_KIND})() === 'stalled'", timeout=40_000)
    badge = page.locator("#pending")
    assert "no worker running" in badge.inner_text()
    assert "trainscape worker" in (badge.get_attribute("title") or "")
    procs("worker", redis_url=redis_url)
    # the moment a tile has values, the badge stops saying that no worker runs
    kind = page.wait_for_function(
        """() => [...window.trainscape.tiles.records].some((r) => r.data)
            && (document.getElementById('pending').dataset.kind || 'none')""",
        timeout=90_000,
        polling=100,
    ).json_value()
    assert kind != "stalled", kind
    wait_ready(page)  # the worker computes what was queued; the page polls on by itself
    assert badge.is_hidden()

"""The page names its view and ranks each tile request by distance from the screen's centre, so
the server computes the tiles in view from the middle out (docs/api.md, "Compute order")."""

from __future__ import annotations

import math

import pytest

from .conftest import EXPERIMENT

pytestmark = pytest.mark.browser


def test_tile_requests_carry_the_view_and_a_rank_that_grows_from_the_centre(page):
    hints: dict[str, tuple[str, int]] = {}

    def record(request):
        if "/tiles/" in request.url:
            h = request.headers
            tile = "/".join(request.url.split("/tiles/")[1].split(".")[0].split("/"))
            hints[tile] = (h.get("x-trainscape-view", ""), int(h.get("x-trainscape-rank", "-1")))

    page.on("request", record)
    page.goto(page.base_url + f"/?e={EXPERIMENT}&z=3&x=1000.5&y=700.25")
    page.wait_for_function("() => window.trainscape && window.trainscape.tiles.records.size > 3")
    page.wait_for_timeout(500)
    # where each tile's canvas is, relative to the centre of the map
    placed = page.evaluate(
        """() => {
            const m = document.getElementById('map').getBoundingClientRect();
            const cx = m.left + m.width / 2, cy = m.top + m.height / 2;
            return [...window.trainscape.tiles.records].map((r) => {
                const b = r.canvas.getBoundingClientRect();
                const x = b.left + b.width / 2 - cx, y = b.top + b.height / 2 - cy;
                return [r.canvas.dataset.tile, x, y];
            });
        }"""
    )
    assert len(placed) >= 4
    for _ in range(300):  # at most 4 tile requests are in flight: the others wait their turn
        if all(t in hints for t, _, _ in placed):
            break
        page.wait_for_timeout(100)
    views = {hints[t][0] for t, _, _ in placed}
    assert len(views) == 1 and next(iter(views)), hints  # one view, named
    for tile, dx, dy in placed:
        expected = round(16 * math.hypot(dx, dy) / 256)
        assert abs(hints[tile][1] - expected) <= 1, (tile, hints[tile], expected)
    ranks = sorted(hints[t][1] for t, _, _ in placed)
    assert ranks[0] < 16 < ranks[-1]  # the middle tile first, the corners last

    before = next(iter(views))
    seen = len(hints)
    page.evaluate("() => window.trainscape.view.map.panBy([700, 500], {animate: false})")
    for _ in range(50):
        if len(hints) > seen:
            break
        page.wait_for_timeout(100)
    new = [v for v, _ in list(hints.values())[seen:]]
    assert new and before not in new, hints  # tiles revealed by the pan name the new view


#: Tiles of this many steps of the quick net take seconds each on a CPU: while the page is open
#: they compute, and each tile request is a long-poll (the test server holds it up to 1 s).
COMPUTING = "tanh-quick@290"


def test_a_click_is_not_queued_behind_computing_tiles(page):
    # tile requests open (asked, not yet answered or failed), and the most open at once
    open_now: set = set()
    most = {"open": 0}

    def asked(request):
        if "/tiles/" in request.url:
            open_now.add(request)
            most["open"] = max(most["open"], len(open_now))

    page.on("request", asked)
    page.on("response", lambda r: open_now.discard(r.request))
    page.on("requestfailed", lambda r: open_now.discard(r))
    # a large map (7 x 5 tiles): more long-polls than the browser's 6 connections to the server
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(page.base_url + f"/?e={COMPUTING}&z=4&x=2048.5&y=2048.5")
    page.wait_for_function(
        """() => window.trainscape && window.trainscape.state.exp && [...window.trainscape
            .tiles.records].filter((r) => r.state !== 'ready').length >= 20"""
    )
    page.wait_for_timeout(1500)  # the tiles' long-polls are under way
    pending = page.evaluate(
        "() => [...window.trainscape.tiles.records].filter((r) => r.state !== 'ready').length"
    )
    assert pending >= 20, pending  # still computing: the click competes with them
    page.evaluate(
        """() => document.getElementById('map').addEventListener('click',
            () => { window.clickedAt = performance.now(); }, {capture: true, once: true})"""
    )
    page.locator("#map").click()
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some((e) => e.name.includes('/pixels/'))",
        timeout=30_000,
    )
    timing = page.evaluate(
        """() => {
            const e = performance.getEntriesByType('resource')
                .find((r) => r.name.includes('/pixels/'));
            return {asked: e.startTime - window.clickedAt, sent: e.requestStart - e.startTime};
        }"""
    )
    # asked after the page's 250 ms wait for a double click; sent at once, not behind the tiles
    assert timing["asked"] < 500, timing
    assert timing["sent"] < 500, timing
    assert most["open"] <= 4, most

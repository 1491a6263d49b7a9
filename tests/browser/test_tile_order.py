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

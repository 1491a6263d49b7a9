"""The explorer in Debian Chromium: tiles draw, zoom goes deeper, clicks give loss curves,
permalinks restore the view, and 1-px pans stay exact at zoom >= 47."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from .conftest import EXPERIMENT, wait_ready

pytestmark = pytest.mark.browser

STEPS = int(EXPERIMENT.split("@")[1])
VIEW_JS = "() => window.trainscape.currentView()"


def tile_stats(page) -> dict:
    """Distinct colours and opaque pixels over the drawn tile canvases."""
    return page.evaluate("""() => {
        const seen = new Set(); let opaque = 0;
        for (const r of window.trainscape.tiles.records) {
            if (!r.data) continue;
            const d = r.canvas.getContext('2d').getImageData(0, 0, 256, 256).data;
            for (let i = 0; i < d.length; i += 4 * 7) {
                if (d[i + 3] === 255) opaque += 1;
                seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            }
        }
        return {colours: seen.size, opaque};
    }""")


def test_map_loads_and_tiles_draw(open_map):
    page = open_map()
    stats = tile_stats(page)
    assert stats["opaque"] > 1000
    assert stats["colours"] > 20, stats  # not blank, not one colour
    assert page.locator("#title").inner_text().startswith("tanh")
    ticks = page.locator("#axis-x").get_attribute("data-ticks")
    assert '"1"' in ticks and "1e" in ticks, ticks  # η labels (decades) along the x axis
    assert page.locator("#pending").is_hidden()


def test_zoom_fetches_deeper_tiles(open_map):
    page = open_map()
    z0 = page.evaluate(VIEW_JS)["z"]
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.locator("#map").focus()
    page.keyboard.press("Equal")  # Leaflet's keyboard zoom-in (+ / =)
    page.wait_for_function(f"() => window.trainscape.view.z === {z0 + 1}")
    wait_ready(page)
    assert any(f"/tiles/{z0 + 1}/" in u for u in urls), urls
    assert f"z={z0 + 1}" in page.url


def test_click_draws_loss_curve_of_that_pixel(open_map):
    page = open_map()
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(f"() => document.getElementById('chart').dataset.points === '{STEPS}'")
    pin = page.evaluate(
        "() => { const p = window.trainscape.pins.items[0];"
        " return {z: p.z, px: p.px, py: p.py, run: p.run}; }"
    )
    assert len(pin["run"]["losses"]) == STEPS
    text = page.locator("#pins li").first.inner_text()
    assert ("converged" in text) or ("diverged" in text)
    assert f"pin={pin['z']}/{pin['px']}/{pin['py']}" in page.url
    # the pinned pixel is the one under the cursor: the view centre's pixel
    view = page.evaluate(VIEW_JS)
    assert abs(int(pin["px"]) - int(Decimal(view["x"]))) <= 1
    assert abs(int(pin["py"]) - int(Decimal(view["y"]))) <= 1


def test_permalink_reload_restores_view_and_pins(open_map, browser):
    page = open_map()
    page.locator("#map").focus()
    page.keyboard.press("Equal")
    page.wait_for_function("() => !window.trainscape.view.map._animatingZoom")
    page.evaluate("() => window.trainscape.view.panBy(37, -21)")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + 200, box["y"] + 150)
    page.wait_for_function(
        "() => window.trainscape.pins.items.length === 1 && window.trainscape.pins.items[0].run"
    )
    wait_ready(page)
    page.mouse.move(1, 1)  # clear the cursor readout
    before = page.evaluate(VIEW_JS)
    shot_before = page.locator("#map").screenshot()
    url = page.url
    other = browser.new_context(viewport=page.viewport_size).new_page()
    try:
        other.goto(url)
        wait_ready(other)
        other.mouse.move(1, 1)
        other.wait_for_function("() => window.trainscape.pins.items.every((p) => p.run)")
        assert other.evaluate(VIEW_JS) == before
        assert other.url == url
        shot_after = other.locator("#map").screenshot()
        assert shot_after == shot_before  # pixel for pixel
    finally:
        other.context.close()


def _deep_query(z: int) -> str:
    """A view at zoom z centred near the boundary, as exact global-pixel strings."""
    n = 256 * 2**z
    px = Fraction(1 - -3, 9) * n + Fraction(1, 3)  # log10 eta1 ~ 1, sub-pixel offset
    py = Fraction(6 - 2, 9) * n
    q = lambda f: str(Decimal(f.numerator) / Decimal(f.denominator)).split(".")[0] + ".5"  # noqa: E731
    return f"?e={EXPERIMENT}&z={z}&x={q(px)}&y={q(py)}"


def _tile_offsets(page) -> list[list]:
    """[global tile x, y, screen left, top] of the drawn deep tiles."""
    return page.evaluate("""() => [...document.querySelectorAll('canvas[data-tile]')].map((c) => {
        const [z, x, y] = c.dataset.tile.split('/'); const r = c.getBoundingClientRect();
        return [Number(z), x, y, r.left, r.top];
    })""")


def test_one_pixel_pan_is_exact_at_zoom_47(page, open_map):
    z = 47
    page.set_viewport_size({"width": 640, "height": 440})  # fewer deep tiles to compute
    open_map(_deep_query(z))
    assert page.evaluate(VIEW_JS)["z"] == z
    assert page.evaluate("() => window.trainscape.view.anchor.base") > 0  # re-anchored frame
    before = page.evaluate(VIEW_JS)
    tiles_before = {(t[1], t[2]): t[3:] for t in _tile_offsets(page) if t[0] == z}
    page.evaluate("() => window.trainscape.view.panBy(1, 0)")
    after = page.evaluate(VIEW_JS)
    assert Decimal(after["x"]) - Decimal(before["x"]) == 1
    assert after["y"] == before["y"]
    tiles_after = {(t[1], t[2]): t[3:] for t in _tile_offsets(page) if t[0] == z}
    common = set(tiles_before) & set(tiles_after)
    assert common
    for k in common:  # every tile moved left by exactly one screen pixel
        assert tiles_after[k][0] == pytest.approx(tiles_before[k][0] - 1, abs=1e-6)
        assert tiles_after[k][1] == pytest.approx(tiles_before[k][1], abs=1e-6)
    # tiles are aligned with each other: screen offset = 256 * (global index difference)
    (x0, y0), (l0, t0) = next(iter(tiles_after.items()))
    for (x, y), (left, top) in tiles_after.items():
        assert left - l0 == pytest.approx(256 * (int(x) - int(x0)), abs=1e-6)
        assert top - t0 == pytest.approx(256 * (int(y) - int(y0)), abs=1e-6)
    # keyboard pans are exact too (Leaflet's keyboard pan is 64 px here)
    page.locator("#map").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => window.trainscape.currentView().x !== '{after['x']}'")
    moved = page.evaluate(VIEW_JS)
    assert Decimal(moved["x"]) - Decimal(after["x"]) == 64
    assert page.locator("#depth").inner_text().startswith(f"zoom {z} / 48")
    ticks = page.locator("#axis-x").get_attribute("data-ticks")
    assert len(ticks) > 20


def test_unknown_experiment_says_so(page):
    page.watch.expected_status.add(404)
    page.goto(page.base_url + "/?e=no-such-thing")
    msg = page.locator("#message")
    msg.wait_for(state="visible")
    assert "Unknown experiment" in msg.inner_text()


def test_precision_floor_notice(page):
    page.goto(page.base_url + "/" + _deep_query(48))
    page.locator("#floor").wait_for(state="visible")
    assert page.locator("#depth").inner_text().startswith("zoom 48 / 48")

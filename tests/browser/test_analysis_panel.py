"""The boundary-dimension panel (D of the view on request, from a server grid or from the loaded
tiles, with its log-log plot) and the Lyapunov chart beside the loss curves."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from urllib.parse import parse_qs, urlsplit

import httpx
import numpy as np
import pytest

from trainscape.analysis.dimension import boundary_dimension

from .conftest import EXPERIMENT, fulfill_preview, stitch_from_api, wait_ready

pytestmark = pytest.mark.browser

STEPS = int(EXPERIMENT.split("@")[1])
#: Blue of the plot's dots (dimplot.js) and red of its fitted line.
DOT, FIT = (0x21, 0x66, 0xAC), (0xB2, 0x18, 0x2B)


def canvas_colours(page, selector: str, colours: list[tuple[int, int, int]]) -> list[int]:
    """How many opaque pixels of a canvas are near each of `colours` (RGB)."""
    return page.evaluate(
        """([sel, colours]) => {
        const c = document.querySelector(sel);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const counts = colours.map(() => 0);
        for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] < 200) continue;
            colours.forEach((rgb, k) => {
                const far = Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1])
                    + Math.abs(d[i + 2] - rgb[2]);
                if (far < 30) counts[k] += 1;
            });
        }
        return counts;
    }""",
        [selector, [list(c) for c in colours]],
    )


def press_recompute(page) -> dict:
    """Press the button; return the dimension request's query once the panel shows the answer.
    The panel's states are recorded in `window.dimStates`."""
    page.evaluate("""() => {
        const el = document.getElementById('dim');
        window.dimStates = [];
        new MutationObserver(() => window.dimStates.push(el.dataset.state))
            .observe(el, {attributes: true, attributeFilter: ['data-state']});
    }""")
    with page.expect_request(lambda r: "/dimension?" in r.url) as req:
        page.click("#dim-go")
    page.wait_for_function("() => document.getElementById('dim').dataset.state !== 'computing'")
    return {k: v[0] for k, v in parse_qs(urlsplit(req.value.url).query).items()}


def test_recompute_shows_dimension_and_plot(page):
    page.goto(page.base_url + f"/?e={EXPERIMENT}")
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    assert "Press a button" in page.locator("#dim-result").inner_text()
    q = press_recompute(page)
    assert page.evaluate("() => window.dimStates") == ["computing", "done"]
    assert q["size"] == "128"  # 10 steps: the largest power of two <= 128 allowed
    # zoom 0: the plane's whole width is in view, and the map's height (h px of 256) around
    # the centre, written exactly
    h = page.evaluate("() => window.trainscape.view.map.getSize().y")
    w = {k: Fraction(q[k]) for k in ("x0", "x1", "y0", "y1")}
    assert (w["x0"], w["x1"]) == (-3, 6)
    assert w["y0"] + w["y1"] == 3 and w["y1"] - w["y0"] == Fraction(9 * min(h, 256), 256)
    text = page.locator("#dim-result").inner_text()
    d = re.search(r"D = (\d\.\d{3}) · r² = (\d\.\d{3}) · boxes (\d+)–(\d+) px", text)
    assert d, text
    assert 0.5 <= float(d[1]) <= 2.05 and 0 < float(d[2]) <= 1  # a boundary curve: D near 1
    dots, fit = canvas_colours(page, "#dim-plot", [DOT, FIT])
    points = int(page.locator("#dim-plot").get_attribute("data-points"))
    assert points >= 3 and dots > 20 * points and fit > 20, (points, dots, fit)
    assert "128 × 128 runs of 10 steps" in page.locator("#dim-note").inner_text()
    # moving the view marks the answer as stale; it is not recomputed by itself
    page.evaluate("() => window.trainscape.view.panBy(40, 0)")
    page.wait_for_function(
        "() => document.getElementById('dim-status').textContent.includes('earlier')"
    )
    assert page.locator("#dim").get_attribute("data-state") == "done"


def test_window_without_boundary_says_so(page):
    # the top-left corner: η2 ≈ 1e5.5, every run diverges
    page.goto(page.base_url + f"/?e={EXPERIMENT}&z=5&x=100&y=100")
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    q = press_recompute(page)
    assert Fraction(q["x0"]) == -3 and Fraction(q["y1"]) == 6
    assert page.locator("#dim").get_attribute("data-state") == "done"
    assert "No boundary in view" in page.locator("#dim-result").inner_text()
    assert "0% converge" in page.locator("#dim-note").inner_text()


def test_server_error_detail_is_shown(page):
    detail = "size 128 is too large for 500 steps; allowed 8..64 (size^2 x steps <= 2048000)"
    page.watch.expected_status.add(422)
    page.route(
        "**/dimension?*",
        lambda route: route.fulfill(
            status=422, content_type="application/json", body=json.dumps({"detail": detail})
        ),
    )
    page.goto(page.base_url + f"/?e={EXPERIMENT}")
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    press_recompute(page)
    assert page.locator("#dim").get_attribute("data-state") == "error"
    assert page.locator("#dim-error").inner_text() == detail
    assert page.locator("#dim-go").is_enabled()


# ---- The server grid's size comes from the server's budget for the experiment ------------------
#: A custom net over the dimension budget at 128 and 64 px: width 36, depth 3, 200 steps allows
#: 10 px at most (`cost.dimension_max_size`; 200 steps of a preset net would allow 64).
COSTLY = {"activation": "tanh", "width": 36, "depth": 3, "steps": 200}


def open_costly(page, max_size: int | None = None) -> dict:
    """Post COSTLY, open it with every tile answered 503 + Retry-After (nothing is computed: a
    tile of it is hours of CPU) and, when `max_size` is given, its description's
    `cost.dimension_max_size` replaced by it. Returns the server's description."""
    r = httpx.post(page.base_url + "/api/experiments", json=COSTLY, timeout=30)
    assert r.status_code in (200, 201), r.text
    desc = r.json()
    page.route(
        "**/tiles/**",
        lambda route: route.fulfill(status=503, headers={"Retry-After": "30"}, body=""),
    )
    if max_size is not None:
        patched = json.loads(json.dumps(desc))
        patched["cost"]["dimension_max_size"] = max_size
        page.route(f"**/api/experiments/{desc['id']}", lambda route: route.fulfill(json=patched))
    page.goto(page.base_url + f"/?e={desc['id']}")
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    return desc


def test_recompute_asks_for_the_largest_power_of_two_the_server_allows(page):
    desc = open_costly(page)
    assert desc["cost"]["dimension_max_size"] == 10
    answer = {  # the server's answer shape (computing it for real takes a minute of CPU)
        "experiment": desc["id"],
        "size": 8,
        "steps": 200,
        "dimension": 1.25,
        "r2": 0.99,
        "fit": {"slope": 1.25, "intercept": 0.5, "range": [2, 8]},
        "sizes": [2, 4, 8],
        "counts": [20, 8, 3],
        "boundary_blocks": 20,
        "shape": [8, 8],
        "converged_fraction": 0.5,
    }
    page.route("**/dimension?*", lambda route: route.fulfill(json=answer))
    q = press_recompute(page)
    assert q["size"] == "8"  # the largest power of two <= 10 (never 64 or 128: a 422)
    assert page.locator("#dim").get_attribute("data-state") == "done"
    assert page.locator("#dim-result").inner_text().startswith("D = 1.250")


def test_an_experiment_too_costly_for_any_server_grid_says_what_to_use(page):
    # Posted experiments always fit 8 px (the tile budget bounds their run cost), so the
    # description is patched to a server answer of 7, as for an experiment stored before the
    # budget or a smaller budget.
    requests: list[str] = []
    page.on("request", lambda r: "/dimension?" in r.url and requests.append(r.url))
    open_costly(page, max_size=7)
    text = page.locator("#dim-result").inner_text()
    assert "too costly for a server measurement" in text, text
    assert "not even an 8 × 8 grid fits" in text and "7 × 7" in text
    assert "Measure loaded tiles" in text and "trainscape dimension" in text
    assert page.locator("#dim-go").is_disabled()
    assert "too costly" in page.locator("#dim-go").get_attribute("title")
    # called anyway (a script, an old button state): the message, and still no request
    page.evaluate("() => window.trainscape.dim.recompute()")
    assert "too costly" in page.locator("#dim-error").inner_text()
    assert page.locator("#dim").get_attribute("data-state") == "idle"
    # Measure loaded tiles still answers (here: what to wait for, tiles are computing)
    page.click("#dim-tiles")
    assert page.locator("#dim-error").inner_text().startswith("Not yet")
    # back to a preset: Recompute is on again
    page.goto(page.base_url + f"/?e={EXPERIMENT}")
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    assert page.locator("#dim-go").is_enabled()
    assert "Press a button" in page.locator("#dim-result").inner_text()
    assert requests == []


def test_lyapunov_chart_has_one_point_per_step(open_map):
    page = open_map(f"?e={EXPERIMENT}&layer=lyapunov")
    assert page.locator("#lyap-wrap").is_hidden()
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        f"() => document.getElementById('lyap-chart').dataset.points === '{STEPS}'"
    )
    assert page.locator("#lyap-wrap").is_visible()
    assert page.locator("#chart").get_attribute("data-points") == str(STEPS)
    run = page.evaluate("() => window.trainscape.pins.items[0].run")
    assert len(run["lyapunov"]) == STEPS
    colour = page.evaluate("() => window.trainscape.pins.items[0].colour")
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    [drawn] = canvas_colours(page, "#lyap-chart", [rgb])
    assert drawn > 50  # the pin's colour is drawn
    # back to the measure layer: runs are refetched without λ and the chart goes away
    page.select_option("#layer", "measure")
    page.wait_for_function(
        "() => document.getElementById('lyap-chart').dataset.series === '0'"
        " && document.getElementById('chart').dataset.series === '1'"
    )
    assert page.locator("#lyap-wrap").is_hidden()


# ---- Measure loaded tiles: the tiles in view, stitched at full resolution in the page ----------
#: A view the boundary crosses (zoom 4: the plane is 4096 px; the boundary is near y ≈ 1985).
TILES_VIEW = f"?e={EXPERIMENT}&z=4&x=2030.5&y=1985.25"


def result_data(page) -> dict:
    return page.evaluate("() => ({...document.getElementById('dim-result').dataset})")


def test_measure_loaded_tiles_matches_python_on_the_same_pixels(open_map):
    page = open_map(TILES_VIEW)
    page.click("#dim-tiles")
    page.wait_for_function("() => document.getElementById('dim-result').dataset.source === 'tiles'")
    d = result_data(page)
    z, px, py, w, h = int(d["z"]), int(d["px"]), int(d["py"]), int(d["w"]), int(d["h"])
    # the map container's pixel rectangle, whole pixels around the exact centre
    size = page.evaluate("() => Object.values(window.trainscape.view.map.getSize())")
    assert z == 4 and [w, h] == size
    assert abs(px + w / 2 - 2030.5) <= 1 and abs(py + h / 2 - 1985.25) <= 1
    # stitched pixel (0, 0) is the map's top-left screen pixel: every tile sits at 256 t - p
    origin = page.locator("#map").bounding_box()
    for tile in page.locator("#map canvas.ts-ready").all():
        tz, tx, ty = map(int, tile.get_attribute("data-tile").split("/"))
        box = tile.bounding_box()
        assert tz == z
        assert (round(box["x"] - origin["x"]), round(box["y"] - origin["y"])) == (
            256 * tx - px,
            256 * ty - py,
        )
    measure = stitch_from_api(page.base_url, z, px, py, w, h)
    assert 0.05 < float(np.mean(measure < 0)) < 0.95  # the boundary crosses the view
    py_dim = boundary_dimension(measure).to_dict()
    assert py_dim["dimension"] is not None
    assert float(d["dimension"]) == pytest.approx(py_dim["dimension"], abs=1e-9)
    assert d["counts"] == ",".join(map(str, py_dim["counts"]))
    text = page.locator("#dim-result").inner_text()
    assert text.startswith(f"D = {py_dim['dimension']:.3f} · r² = {py_dim['r2']:.3f} · boxes 2–")
    assert text.endswith(f"px of {w} × {h}")
    conv = round(100 * float(np.mean(measure < 0)))
    assert page.locator("#dim-note").inner_text() == (
        f"{w} × {h} px of the loaded tiles (full resolution); "
        f"{py_dim['boundary_blocks']} boundary blocks; {conv}% converge."
    )
    assert int(page.locator("#dim-plot").get_attribute("data-points")) >= 5
    assert page.locator("#dim").get_attribute("data-state") == "done"
    # a move marks it stale, like a server answer
    page.evaluate("() => window.trainscape.view.panBy(40, 0)")
    page.wait_for_function(
        "() => document.getElementById('dim-status').textContent.includes('earlier')"
    )


def test_measure_loaded_tiles_waits_for_final_tiles(open_map):
    page = open_map(TILES_VIEW)
    # zoom in and press at once (one task): the new zoom's tiles have only been requested
    message = page.evaluate("""() => {
        window.trainscape.view.map.zoomIn(1, {animate: false});
        document.getElementById('dim-tiles').click();
        return document.getElementById('dim-error').textContent;
    }""")
    assert re.match(r"Not yet: of the \d+ tiles in view, \d+ loading", message), message
    assert "Wait until every tile is final" in message
    assert "source" not in result_data(page)  # nothing measured
    wait_ready(page)
    page.click("#dim-tiles")
    assert result_data(page)["source"] == "tiles" and result_data(page)["z"] == "5"
    assert page.locator("#dim-error").inner_text() == ""


def test_measure_loaded_tiles_refuses_previews_and_other_layers(page):
    preview = np.where(np.arange(64)[:, None] < 32, -5.0, 5.0) * np.ones((64, 64))
    page.route("**/tiles/**", lambda route: fulfill_preview(route, preview, retry_after=30))
    page.goto(page.base_url + "/" + TILES_VIEW)
    page.wait_for_function("""() => {
        const recs = [...(window.trainscape ? window.trainscape.tiles.records : [])];
        return recs.length > 0 && recs.every((r) => r.state === 'preview');
    }""")
    page.click("#dim-tiles")
    message = page.locator("#dim-error").inner_text()
    assert re.match(r"Not yet: of the (\d+) tiles in view, \1 still 64 × 64 previews\.", message), (
        message
    )
    assert "source" not in result_data(page)
    # the lyapunov layer's values are not the measure
    page.select_option("#layer", "lyapunov")
    page.click("#dim-tiles")
    assert "lyapunov layer" in page.locator("#dim-error").inner_text()
    assert "source" not in result_data(page)

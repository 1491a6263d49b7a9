"""Explorer fixes from a first-time-user QA pass: a layer the server cannot serve, the zoom keys,
a refused dimension request beside an old answer, the dimension plot's axes."""

from __future__ import annotations

import json

import httpx
import pytest

from .conftest import EXPERIMENT, answer_tiles_not_ready, open_explorer, wait_ready

pytestmark = pytest.mark.browser

#: A custom net whose measure tiles fit the tile budget and whose Lyapunov tiles (3x) do not:
#: width 20 fits Lyapunov up to 4282 steps.
OVER_BUDGET = {"width": 20, "steps": 10000}
#: A view the boundary crosses (zoom 4 of EXPERIMENT; as in test_analysis_panel).
TILES_VIEW = f"?e={EXPERIMENT}&z=4&x=2030.5&y=1985.25"


def post(base: str, config: dict) -> str:
    r = httpx.post(f"{base}/api/experiments", json=config, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["id"]


def layer_options(page) -> list[dict]:
    return page.evaluate("""() => [...document.getElementById('layer').options].map(
        (o) => ({value: o.value, text: o.text, title: o.title, disabled: o.disabled}))""")


def test_a_layer_over_the_budget_is_disabled_with_the_reason(page):
    answer_tiles_not_ready(page)  # these tiles cost hours on a CPU: nothing is computed
    cid = post(page.base_url, OVER_BUDGET)
    tileset = httpx.get(f"{page.base_url}/api/experiments/{cid}/tileset.json").json()
    reason = {x["id"]: x for x in tileset["layers"]}["lyapunov"]["reason"]
    assert "at most 4282 steps" in reason
    open_explorer(page, f"?e={cid}")
    assert page.locator("#layer").is_visible()
    measure, lyap = layer_options(page)
    assert measure["value"] == "measure" and not measure["disabled"]
    assert lyap == {
        "value": "lyapunov",
        "text": "lyapunov (unavailable)",
        "title": reason,
        "disabled": True,
    }
    assert page.locator("#layer").get_attribute("title") == reason
    # the same experiment at fewer steps: the layer can be chosen again
    open_explorer(page, f"?e={post(page.base_url, {**OVER_BUDGET, 'steps': 4282})}")
    assert not layer_options(page)[1]["disabled"]
    assert page.locator("#layer").get_attribute("title") == ""


def test_a_permalink_to_an_unavailable_layer_falls_back_to_measure(page):
    answer_tiles_not_ready(page)
    cid = post(page.base_url, OVER_BUDGET)
    tiles: list[str] = []
    page.on("request", lambda r: "/tiles/" in r.url and tiles.append(r.url))
    open_explorer(page, f"?e={cid}&z=1&x=256&y=256&layer=lyapunov")
    page.wait_for_function("() => !document.getElementById('toast').hidden")
    toast = page.locator("#toast").inner_text()
    assert toast.startswith("Ignored: ") and "layer=lyapunov" in toast, toast
    assert page.evaluate("() => window.trainscape.state.layer") == "measure"
    assert page.locator("#layer").input_value() == "measure"
    assert "layer=" not in page.url
    page.wait_for_function("() => window.trainscape.tiles.records.size > 0")
    assert tiles and not any("layer=lyapunov" in u for u in tiles), tiles
    assert "at most 4282 steps" in toast  # the server's reason, not just "not a layer"


def test_a_dearer_layer_on_a_cpu_server_says_what_it_costs(page):
    answer_tiles_not_ready(page)
    open_explorer(page, "?e=tanh")  # the paper's net: a Lyapunov tile is 3 x 48 quick tiles
    page.select_option("#layer", "lyapunov")
    page.wait_for_function(
        "() => /cost 3× a measure tile/.test(document.getElementById('toast').textContent)"
    )
    assert "at 500 steps about 12 min per tile" in page.locator("#toast").inner_text()
    page.evaluate("() => { document.getElementById('toast').hidden = true; }")
    page.select_option("#layer", "measure")  # no note for the measure itself
    page.wait_for_timeout(500)
    assert page.locator("#toast").is_hidden()
    open_explorer(page, f"?e={EXPERIMENT}")  # 10 steps of the quick net: cheap, no note
    page.select_option("#layer", "lyapunov")
    page.wait_for_function("() => window.trainscape.state.layer === 'lyapunov'")
    page.wait_for_timeout(500)
    assert page.locator("#toast").is_hidden()


@pytest.mark.parametrize(
    ("key", "delta"),
    [
        ("Shift+Equal", 1),  # "+" on a US layout
        ("Equal", 1),
        ("NumpadAdd", 1),
        ("Shift+NumpadAdd", 1),
        ("Minus", -1),
        ("Shift+Minus", -1),
        ("NumpadSubtract", -1),
    ],
)
def test_a_zoom_key_zooms_exactly_one_level(page, key, delta):
    answer_tiles_not_ready(page)
    open_explorer(page, f"?e={EXPERIMENT}&z=10&x=131072&y=131072")
    page.locator("#map").focus()
    page.keyboard.press(key)
    page.wait_for_function("(z) => window.trainscape.view.z === z", arg=10 + delta)
    page.wait_for_timeout(600)  # a zoom animation of several levels would still be going on
    assert page.evaluate("() => window.trainscape.view.z") == 10 + delta
    assert f"z={10 + delta}&" in page.url
    page.keyboard.press(key)  # and again: one more level
    page.wait_for_function("(z) => window.trainscape.view.z === z", arg=10 + 2 * delta)
    page.wait_for_timeout(600)
    assert page.evaluate("() => window.trainscape.view.z") == 10 + 2 * delta


def _settled_at(page, z: int) -> None:
    page.wait_for_function(
        "(z) => window.trainscape.view.z === z && !window.trainscape.view.map._animatingZoom",
        arg=z,
        timeout=20_000,
    )
    page.wait_for_timeout(600)  # no zoom still queued beyond it
    assert page.evaluate("() => window.trainscape.view.z") == z


def test_zoom_keys_pressed_during_the_animation_all_count(page):
    # 12 presses 100 ms apart, each during the previous one's 250 ms animation, from zoom 20
    # (frame base 4): the way in passes the frame's band (re-anchored at 29), and back out again
    # lands on the exact centre it left
    answer_tiles_not_ready(page)
    x = "119304647.5"
    open_explorer(page, f"?e={EXPERIMENT}&z=20&x={x}&y={x}")
    page.locator("#map").focus()
    for _ in range(12):
        page.keyboard.press("Shift+Equal")
        page.wait_for_timeout(100)
    _settled_at(page, 32)
    assert page.evaluate("() => window.trainscape.view.anchor.base") > 4
    for _ in range(12):
        page.keyboard.press("Minus")
        page.wait_for_timeout(100)
    _settled_at(page, 20)
    assert page.evaluate("() => window.trainscape.currentView()")["x"] == x
    page.evaluate("() => window.trainscape.view.setView(1, 0n, 0n)")
    for _ in range(3):  # and not below zoom 0: the extra presses are dropped, not kept
        page.keyboard.press("Minus")
    _settled_at(page, 0)
    page.keyboard.press("Equal")
    _settled_at(page, 1)


def test_shift_arrow_still_pans_further(page):
    answer_tiles_not_ready(page)
    open_explorer(page, f"?e={EXPERIMENT}&z=10&x=131072&y=131072")
    page.locator("#map").focus()
    for key, dx in (("ArrowRight", 64), ("Shift+ArrowRight", 192)):
        before = int(page.evaluate("() => String(window.trainscape.currentView().x)").split(".")[0])
        page.keyboard.press(key)
        page.wait_for_function(
            "(x) => Number(window.trainscape.currentView().x.split('.')[0]) === x",
            arg=before + dx,
        )
    assert page.evaluate("() => window.trainscape.view.z") == 10


def shown(page) -> dict:
    return page.evaluate("""() => ({
        result: document.getElementById('dim-result').textContent,
        source: document.getElementById('dim-result').dataset.source || null,
        dimension: document.getElementById('dim-result').dataset.dimension || null,
        plot: !document.getElementById('dim-plot').hidden,
        note: document.getElementById('dim-note').textContent,
        error: document.getElementById('dim-error').textContent,
        state: document.getElementById('dim').dataset.state,
    })""")


def test_a_refused_tiles_measurement_does_not_leave_the_old_answer_beside_it(open_map):
    page = open_map(TILES_VIEW)
    page.click("#dim-tiles")
    before = shown(page)
    assert before["source"] == "tiles" and before["plot"] and before["result"].startswith("D = ")
    # zoom in and press at once: the new zoom's tiles are not loaded, the request is refused
    message = page.evaluate("""() => {
        window.trainscape.view.map.zoomIn(1, {animate: false});
        document.getElementById('dim-tiles').click();
        return document.getElementById('dim-error').textContent;
    }""")
    assert message.startswith("Not yet"), message
    after = shown(page)
    assert after == {
        "result": "No result for this view.",
        "source": None,
        "dimension": None,
        "plot": False,
        "note": "",
        "error": message,
        "state": "error",
    }
    wait_ready(page)  # once the tiles are in, the same button measures this view
    page.click("#dim-tiles")
    assert shown(page)["source"] == "tiles" and shown(page)["error"] == ""


def test_a_failed_server_request_does_not_leave_the_old_answer_beside_it(page):
    page.goto(page.base_url + f"/?e={EXPERIMENT}")
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    page.click("#dim-go")
    page.wait_for_function("() => document.getElementById('dim').dataset.state === 'done'")
    assert shown(page)["source"] == "server" and shown(page)["plot"]
    # the next request is refused by the server (as a 422 says why)
    detail = "size 128 would cost 1e+99 ops, over the budget per dimension request"
    page.watch.expected_status.add(422)
    page.route(
        "**/dimension?*",
        lambda route: route.fulfill(
            status=422, content_type="application/json", body=json.dumps({"detail": detail})
        ),
    )
    page.evaluate("() => window.trainscape.view.panBy(40, 0)")
    page.click("#dim-go")
    page.wait_for_function("() => document.getElementById('dim').dataset.state === 'error'")
    after = shown(page)
    assert after["error"] == detail
    assert after["result"] == "No result for this view." and not after["plot"]
    assert after["source"] is None and after["dimension"] is None and after["note"] == ""


def test_the_dimension_plot_labels_its_y_axis(open_map):
    page = open_map(TILES_VIEW)
    page.click("#dim-tiles")
    page.wait_for_function("() => document.getElementById('dim-result').dataset.source")
    # ink in the plot's left margin, left of the tick labels: the rotated label
    ink = page.evaluate("""() => {
        const c = document.getElementById('dim-plot');
        const dpr = window.devicePixelRatio || 1;
        const d = c.getContext('2d').getImageData(0, 0, Math.round(16 * dpr), c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 100) n += 1;
        return n;
    }""")
    assert ink > 40, ink

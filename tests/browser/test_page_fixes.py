"""QA pass 3's page findings: an unknown experiment on first load offers the presets (#1); the
Experiment menu asks before a much dearer preset on this CPU server (#3) and keeps the view on
the same plane (#8); the Steps box (#11); pins whose loss curves coincide (#12)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from .conftest import EXPERIMENT, answer_tiles_not_ready, open_explorer

pytestmark = pytest.mark.browser

SEARCH = "() => location.search"  # page.url lags behind history.replaceState


@pytest.fixture(autouse=True)
def no_tile_compute(page):
    answer_tiles_not_ready(page)


def _gpu_server(page) -> None:
    body = {"status": "ok", "mode": "embedded", "backend": "gpu", "devices": 1, "numerics": "gpu"}
    page.route("**/healthz", lambda route: route.fulfill(status=200, json=body))


def _options(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#experiment option')]
        .map((o) => ({value: o.value, text: o.textContent,
                      disabled: o.disabled, selected: o.selected}))"""
    )


def test_unknown_experiment_on_first_load_offers_the_presets(page):
    page.watch.expected_status.add(404)
    pixels: list[str] = []
    page.on("request", lambda r: "/pixels/" in r.url and pixels.append(r.url))
    page.goto(page.base_url + "/?e=nope")
    page.locator("#message").wait_for(state="visible")
    assert "Pick one from the menu above" in page.locator("#message").inner_text()
    listed = page.request.get(page.base_url + "/api/experiments").json()["experiments"]
    presets = [e["id"] for e in listed]
    options = _options(page)
    placeholder = {"value": "", "text": "Pick an experiment…", "disabled": True, "selected": True}
    assert options[0] == placeholder
    assert [o["value"] for o in options[1:]] == presets
    assert page.locator("#experiment").input_value() == ""
    # the rest of the page agrees: nothing open, nothing to act on
    assert page.locator("#title").inner_text() == "No experiment open"
    assert page.locator("#steps").input_value() == "" and page.locator("#steps").is_disabled()
    for hidden in ("#legend", "#runs", "#extra", "#depth", "#pending"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("#share").is_disabled() and page.locator("#save-png").is_disabled()
    assert page.locator("#colormap").is_disabled()
    assert not page.locator(".leaflet-control-zoom").is_visible()  # nothing to zoom into
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(400)
    assert pixels == []  # no experiment: no run to fetch
    # choosing one opens it, in place of the broken address (Back does not lead back to it)
    length = page.evaluate("() => history.length")
    page.select_option("#experiment", "tanh-quick")
    page.wait_for_function("() => window.trainscape.state.id === 'tanh-quick'")
    assert page.evaluate(SEARCH).startswith("?e=tanh-quick&")
    assert page.evaluate("() => history.length") == length
    assert not page.locator("#message").is_visible()
    assert page.locator("#legend").is_visible() and page.locator("#runs").is_visible()
    assert page.locator("#steps").input_value() == "100" and page.locator("#steps").is_enabled()
    assert not page.locator("#share").is_disabled() and page.locator("#colormap").is_enabled()
    assert page.locator(".leaflet-control-zoom").is_visible()
    assert [o["value"] for o in _options(page)] == presets  # no placeholder any more


def _tiles_across(centre: float, size: int, n: int) -> int:
    """Tiles of a pyramid level n tiles wide that a map of `size` px centred on `centre` shows."""
    lo = max(0, int((centre - size / 2) // 256))
    hi = min(n - 1, int((centre + size / 2 - 1e-9) // 256))
    return hi - lo + 1


def test_menu_asks_before_a_much_dearer_preset_on_a_cpu_server(page):
    health = page.request.get(page.base_url + "/healthz").json()
    assert health["mode"] == "embedded" and health["backend"] == "cpu"
    open_explorer(page, f"?e={EXPERIMENT}&z=2&x=512.5&y=600.5")
    before = page.evaluate(SEARCH)
    length = page.evaluate("() => history.length")
    page.select_option("#experiment", "tanh")
    dialog = page.locator("#costly")
    dialog.wait_for(state="visible")
    assert page.locator("#costly-title").inner_text() == "This experiment is slow to compute here"
    text = page.locator("#costly-text").inner_text()
    assert "width 16 for 500 steps" in text and "48× the work of a tanh-quick tile" in text, text
    size = page.evaluate("() => window.trainscape.view.map.getSize()")
    tiles = _tiles_across(512.5, size["x"], 4) * _tiles_across(600.5, size["y"], 4)
    assert "CPU" in text and f"the view needs {tiles} tiles, about 4 min each" in text, text
    page.click("#costly-cancel")
    dialog.wait_for(state="hidden")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.trainscape.state.id") == EXPERIMENT
    assert page.locator("#experiment").input_value() == "tanh-quick"  # names what the map shows
    assert page.evaluate(SEARCH) == before and page.evaluate("() => history.length") == length
    # about twice the quick preset's tile: no question
    page.select_option("#experiment", "tanh-single-point")
    page.wait_for_function("() => window.trainscape.state.id === 'tanh-single-point'")
    assert not dialog.is_visible()
    # 4.5 times: asks; opening it opens it
    page.select_option("#experiment", "linear")
    dialog.wait_for(state="visible")
    assert "4.5× the work" in page.locator("#costly-text").inner_text()
    page.click("#costly-open")
    page.wait_for_function("() => window.trainscape.state.id === 'linear'")


def test_steps_ask_before_a_much_dearer_tile_on_a_cpu_server(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    before = page.evaluate(SEARCH)
    page.fill("#steps", "5000")
    page.locator("#steps").dispatch_event("change")
    dialog = page.locator("#costly")
    dialog.wait_for(state="visible")
    assert page.locator("#costly-title").inner_text() == "So many steps are slow to compute here"
    text = page.locator("#costly-text").inner_text()
    # 5000 steps of tanh-quick's net: 50 times its 100-step tile
    assert "“tanh, quick (CPU)” trains a tanh net of width 8 for 5000 steps" in text, text
    assert "50× the work of a tanh-quick tile" in text, text
    page.click("#costly-cancel")
    dialog.wait_for(state="hidden")
    page.wait_for_function("() => document.getElementById('steps').value === '10'")
    assert page.evaluate("() => window.trainscape.state.id") == EXPERIMENT
    assert page.evaluate(SEARCH) == before
    page.fill("#steps", "20")  # cheaper: no question
    page.locator("#steps").dispatch_event("change")
    page.wait_for_function("() => window.trainscape.state.id === 'tanh-quick@20'")
    assert not dialog.is_visible()


def test_menu_keeps_the_view_on_the_same_plane_and_fits_another(page):
    _gpu_server(page)
    open_explorer(page, f"?e={EXPERIMENT}&z=3&x=1000.5&y=1200.5&cmap=viridis&pin=3/1000/1200")
    page.wait_for_function("() => window.trainscape.pins.items.length === 1")
    page.select_option("#experiment", "relu")
    page.wait_for_function("() => window.trainscape.state.id === 'relu'")
    search = page.evaluate(SEARCH)
    assert search.startswith("?e=relu&z=3&x=1000.5&y=1200.5&cmap=viridis"), search
    assert "pin=" not in search  # a pin was a run of the other experiment
    # the offset plane has other axes: the whole of it
    page.select_option("#experiment", "init-offset")
    page.wait_for_function("() => window.trainscape.state.id === 'init-offset'")
    search = page.evaluate(SEARCH)
    assert search.startswith("?e=init-offset&z=0&x=128&y=128&cmap=viridis"), search
    page.go_back()
    page.wait_for_function("() => window.trainscape.state.id === 'relu'")
    assert page.evaluate(SEARCH).startswith("?e=relu&z=3&x=1000.5&y=1200.5")


def test_the_presets_own_steps_open_the_preset_itself(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    page.fill("#steps", "100")
    page.locator("#steps").dispatch_event("change")
    page.wait_for_function("() => window.trainscape.state.id === 'tanh-quick'")
    assert page.evaluate(SEARCH).startswith("?e=tanh-quick&")
    length = page.evaluate("() => history.length")
    page.fill("#steps", " 100 ")  # its own count again: nothing to open
    page.locator("#steps").dispatch_event("change")
    page.wait_for_timeout(400)
    assert page.evaluate("() => window.trainscape.state.id") == "tanh-quick"
    assert page.evaluate("() => history.length") == length
    assert page.locator("#steps").input_value() == "100"


def _hold_experiment(page, exp_id: str) -> list:
    """Hold the page's GET of experiment `exp_id` until the test continues it."""
    held: list = []
    page.route(f"**/api/experiments/{quote(exp_id, safe='')}", lambda route: held.append(route))
    return held


def _wait_held(page, held: list) -> None:
    for _ in range(200):
        if held:
            return
        page.wait_for_timeout(50)
    pytest.fail("the page never asked for the experiment")


@pytest.mark.parametrize("enter_first", [True, False])
def test_steps_typed_while_the_page_loads_are_kept(page, enter_first):
    held = _hold_experiment(page, EXPERIMENT)
    page.goto(page.base_url + f"/?e={EXPERIMENT}")
    _wait_held(page, held)
    page.click("#steps")
    page.keyboard.type("12")
    if enter_first:  # QA #11: Enter before the experiment has arrived
        page.keyboard.press("Enter")
    held[0].continue_()
    page.wait_for_function("() => window.trainscape.state.exp")
    if not enter_first:
        page.wait_for_timeout(200)
        assert page.locator("#steps").input_value() == "12"  # not replaced by the 10 that arrived
        page.keyboard.press("Enter")
    page.wait_for_function("() => window.trainscape.state.id === 'tanh-quick@12'")
    assert page.evaluate(SEARCH).startswith("?e=tanh-quick@12&")
    assert page.locator("#steps").input_value() == "12"


def test_pins_on_one_curve_say_so_and_are_dashed(page):
    mid = 2**54  # zoom 47: adjacent pixels' eta differ by about 1e-15 relative
    pins = f"pin=47/{mid}/{mid}&pin=1/100/200&pin=47/{mid + 1}/{mid}"
    open_explorer(page, f"?e={EXPERIMENT}&z=1&x=256&y=256&{pins}")
    page.wait_for_function("() => window.trainscape.pins.items.every((p) => p.run)")
    page.wait_for_function("() => document.getElementById('chart').dataset.series === '3'")
    assert page.locator("#chart").get_attribute("data-same") == ",,0"
    items = page.locator("#pins li")
    assert "same loss curve as pin 1" not in items.nth(0).inner_text()
    assert "same loss curve as pin 1" not in items.nth(1).inner_text()
    third = items.nth(2).inner_text()
    assert third.startswith("3"), third  # pins are numbered in the list
    assert "same loss curve as pin 1 (drawn dashed over it)" in third, third
    items.nth(0).locator("button").click()  # its twin gone: a curve of its own again
    page.wait_for_function("() => document.getElementById('chart').dataset.same === ','")
    assert "same loss curve" not in page.locator("#pins").inner_text()

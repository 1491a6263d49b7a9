"""Header controls: custom-experiment form with server validation, bookmarks, steps, share; and
what a click or a pin outside the plane does."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from .conftest import EXPERIMENT, answer_tiles_not_ready, open_explorer

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def no_tile_compute(page):
    answer_tiles_not_ready(page)


def test_custom_form_shows_server_errors_then_creates(page):
    page.watch.expected_status.add(422)
    open_explorer(page, f"?e={EXPERIMENT}")
    page.click("#custom-open")
    form = page.locator("#custom-form")
    form.locator("[name=width]").fill("1000")
    page.click("#custom-submit")
    err = page.locator("#custom-error")
    err.wait_for(state="visible")
    page.wait_for_function("() => document.getElementById('custom-error').textContent !== ''")
    assert "width" in err.inner_text() and "64" in err.inner_text()
    assert "bad" in (form.locator("[name=width]").get_attribute("class") or "")
    assert "64" in form.locator(".field-error").inner_text()  # next to the field itself
    form.locator("[name=width]").fill("4")
    form.locator("[name=steps]").fill("7")
    page.click("#custom-submit")
    page.wait_for_function("() => /[?&]e=c[0-9a-f]{20}/.test(location.search)")
    assert page.evaluate("() => window.trainscape.state.exp.steps") == 7
    assert page.locator("#steps").input_value() == "7"
    page.go_back()  # back to the preset
    page.wait_for_function(f"() => window.trainscape.state.id === '{EXPERIMENT}'")


def _bookmark(page, preset: str) -> str:
    return page.evaluate(
        """(p) => [...document.querySelectorAll('#bookmarks option')]
        .map((o) => o.value).find((v) => v.startsWith(p + '|'))""",
        preset,
    )


def _gpu_server(page) -> None:
    """Answer /healthz as a server whose tiles are computed on a GPU."""
    body = {"status": "ok", "mode": "embedded", "backend": "gpu", "devices": 1, "numerics": "gpu"}
    page.route("**/healthz", lambda route: route.fulfill(status=200, json=body))


def test_bookmark_jumps_to_the_paper_window_as_one_history_entry(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    before = page.url
    length = page.evaluate("() => history.length")
    page.select_option("#bookmarks", _bookmark(page, "tanh"))
    page.locator("#costly").wait_for(state="visible")  # this test server computes on a CPU
    page.click("#costly-open")
    page.wait_for_function("() => window.trainscape.state.id === 'tanh'")
    page.wait_for_function("() => window.trainscape.view.z > 20")
    view = page.evaluate("() => window.trainscape.currentView()")
    assert "e=tanh&" in page.url and f"z={view['z']}" in page.url
    # the axes now span the paper's window: eta1 13.29976231..13.29978604
    ticks = page.locator("#axis-x").get_attribute("data-ticks")
    assert "13.29977" in ticks, ticks
    assert Decimal(view["x"]) > 0
    # one jump, one history entry: Back lands where we were, not on the whole paper plane
    assert page.evaluate("() => history.length") == length + 1
    # and no tile of the paper net's whole plane was asked for on the way
    assert not page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".some((e) => /tanh\\/tiles\\/[0-4]\\//.test(e.name))"
    )
    page.go_back()
    page.wait_for_function(f"() => window.trainscape.state.id === '{EXPERIMENT}'")
    assert page.url == before


def test_bookmark_opens_its_own_step_count(page):
    _gpu_server(page)
    open_explorer(page, "?e=tanh-minibatch")
    page.select_option("#bookmarks", _bookmark(page, "tanh-minibatch"))
    page.wait_for_function("() => window.trainscape.state.id === 'tanh-minibatch@1000'")
    assert page.evaluate("() => window.trainscape.state.exp.steps") == 1000
    assert "e=tanh-minibatch@1000&" in page.url
    assert page.locator("#steps").input_value() == "1000"


def test_on_a_cpu_server_a_bookmark_asks_before_computing(page):
    health = page.request.get(page.base_url + "/healthz").json()
    assert health["mode"] == "embedded" and health["backend"] == "cpu"
    open_explorer(page, f"?e={EXPERIMENT}")
    before = page.url
    length = page.evaluate("() => history.length")
    page.select_option("#bookmarks", _bookmark(page, "relu"))
    dialog = page.locator("#costly")
    dialog.wait_for(state="visible")
    text = page.locator("#costly-text").inner_text()
    assert "CPU" in text and "width 16, 500 steps" in text, text
    tiles = int(text.split("the view needs ")[1].split(" tile")[0])
    assert 4 <= tiles <= 20, text  # a 702 x 442 px map: 3-4 tiles across, 2-3 down
    page.click("#costly-cancel")
    dialog.wait_for(state="hidden")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.trainscape.state.id") == EXPERIMENT
    assert page.url == before and page.evaluate("() => history.length") == length
    assert page.locator("#bookmarks").input_value() == ""


def test_on_a_gpu_server_a_bookmark_opens_at_once(page):
    _gpu_server(page)
    open_explorer(page, f"?e={EXPERIMENT}")
    page.select_option("#bookmarks", _bookmark(page, "relu"))
    page.wait_for_function("() => window.trainscape.state.id === 'relu'")
    assert not page.locator("#costly").is_visible()


def test_a_click_outside_the_plane_pins_nothing(page):
    pixel_requests: list[str] = []
    page.on("request", lambda r: "/pixels/" in r.url and pixel_requests.append(r.url))
    open_explorer(page, f"?e={EXPERIMENT}&z=0&x=128&y=128")  # the 256 px plane in a wider map
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + box["height"] - 20)  # left of the plane, below
    page.wait_for_function(
        "() => document.getElementById('toast').textContent.includes('Outside the plane')"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.trainscape.pins.items.length") == 0
    assert "pin=" not in page.url and pixel_requests == []
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # inside: pins
    page.wait_for_function("() => window.trainscape.pins.items.length === 1")


def test_a_permalink_pin_outside_the_plane_is_ignored(page):
    open_explorer(page, f"?e={EXPERIMENT}&z=1&x=256&y=256&pin=1/512/3&pin=1/100/200")
    page.wait_for_function("() => window.trainscape.pins.items.length === 1")
    toast = page.locator("#toast").inner_text()
    assert "1/512/3" in toast and "outside the plane" in toast, toast
    assert json.dumps(page.evaluate("() => window.trainscape.currentView().pins")) == json.dumps(
        [{"z": 1, "px": "100", "py": "200"}]
    )


def test_steps_control_and_share_link(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    page.fill("#steps", "12")
    page.locator("#steps").dispatch_event("change")
    page.wait_for_function("() => window.trainscape.state.id === 'tanh-quick@12'")
    assert "e=tanh-quick@12" in page.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#share")
    page.wait_for_function("() => document.getElementById('toast').textContent === 'Link copied'")
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url


def test_zooming_through_re_anchors_keeps_the_exact_centre(page):
    z0 = 20
    open_explorer(page, f"?e={EXPERIMENT}&z={z0}&x=123456789.5&y=98765432.5")
    base0 = page.evaluate("() => window.trainscape.view.anchor.base")
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.locator("#map").focus()
    for k in range(1, 10):  # the local zoom leaves its band: the frame re-anchors on the way
        page.keyboard.press("Equal")
        page.wait_for_function(
            f"() => window.trainscape.view.z === {z0 + k}"
            " && !window.trainscape.view.map._animatingZoom"
        )
    z = z0 + 9
    assert page.evaluate("() => window.trainscape.view.anchor.base") > base0
    view = page.evaluate("() => window.trainscape.currentView()")
    assert Decimal(view["x"]) == Decimal("123456789.5") * 2**9
    assert Decimal(view["y"]) == Decimal("98765432.5") * 2**9
    # the tile under the exact centre is requested by its global address
    tx, ty = int(Decimal(view["x"])) // 256, int(Decimal(view["y"])) // 256
    page.wait_for_function(f"() => document.querySelector('canvas[data-tile=\"{z}/{tx}/{ty}\"]')")
    assert any(f"/tiles/{z}/{tx}/{ty}.npy" in u for u in urls)
    for k in range(1, 13):  # and back out below the band
        page.keyboard.press("Minus")
        page.wait_for_function(
            f"() => window.trainscape.view.z === {z - k}"
            " && !window.trainscape.view.map._animatingZoom"
        )
    assert page.evaluate("() => window.trainscape.view.anchor.base") < base0 + 9
    back = page.evaluate("() => window.trainscape.currentView()")
    assert Decimal(back["x"]) * 2**12 == Decimal(view["x"])


def test_unreachable_server_gives_a_message(page):
    page.watch.expected_text.append("net::ERR_FAILED")
    page.route("**/api/experiments", lambda route: route.abort())
    page.goto(page.base_url + "/")
    msg = page.locator("#message")
    msg.wait_for(state="visible")
    assert "unreachable" in msg.inner_text()


def test_enter_pins_the_run_at_the_centre(page):
    open_explorer(page, f"?e={EXPERIMENT}&z=3&x=1000.5&y=1200.5")
    page.locator("#map").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.trainscape.pins.items.length === 1")
    assert "pin=3/1000/1200" in page.url
    page.locator("#pins button").first.click()  # and removed again
    page.wait_for_function("() => window.trainscape.pins.items.length === 0")
    assert "pin=" not in page.url


def test_custom_form_refuses_an_empty_required_field(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    posts = []
    page.on("request", lambda r: r.method == "POST" and posts.append(r.url))
    page.click("#custom-open")
    form = page.locator("#custom-form")
    form.locator("[name=steps]").fill("")
    page.click("#custom-submit")
    page.wait_for_function("() => document.getElementById('custom-error').textContent !== ''")
    assert page.locator("#custom-error").inner_text() == "steps: required (a positive integer)"
    assert "bad" in (form.locator("[name=steps]").get_attribute("class") or "")
    assert posts == []  # never sent, so never silently the server's 500 steps
    assert page.locator("#custom").is_visible()


def test_custom_form_opens_clean_after_an_error_then_a_create(page):
    page.watch.expected_status.add(422)
    open_explorer(page, f"?e={EXPERIMENT}")
    page.click("#custom-open")
    form = page.locator("#custom-form")
    form.locator("[name=x0]").fill("1")
    form.locator("[name=x1]").fill("1")  # an empty range: refused, noted under x1
    page.click("#custom-submit")
    form.locator(".field-error").wait_for(state="visible")
    assert "bad" in (form.locator("[name=x1]").get_attribute("class") or "")
    form.locator("[name=x1]").fill("2")
    page.click("#custom-submit")
    page.wait_for_function("() => /[?&]e=c[0-9a-f]{20}/.test(location.search)")
    page.click("#custom-open")
    assert page.locator("#custom").is_visible()
    assert form.locator(".field-error").count() == 0
    assert form.locator(".bad, [aria-invalid]").count() == 0
    assert page.locator("#custom-error").inner_text() == ""


def test_panel_names_the_config_and_the_form_keeps_the_offset_mode(page):
    open_explorer(page, "?e=init-offset-once@5")
    text = page.locator("#config").inner_text()
    assert "width 16" in text and "5 steps" in text and "offset applied once" in text
    page.click("#custom-open")
    form = page.locator("#custom-form")
    assert form.locator("[name=offset_mode]").input_value() == "once"
    form.locator("[name=width]").fill("3")
    page.click("#custom-submit")
    page.wait_for_function("() => /[?&]e=c[0-9a-f]{20}/.test(location.search)")
    page.wait_for_function("() => window.trainscape.state.exp.config.width === 3")
    assert page.evaluate("() => window.trainscape.state.exp.config.offset_mode") == "once"
    assert "width 3" in page.locator("#config").inner_text()


def test_steps_out_of_range_are_refused_and_the_box_restored(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    url = page.url
    for bad in ("20000", "0", "", "2.5"):
        page.fill("#steps", bad)
        page.locator("#steps").dispatch_event("change")
        toast = page.locator("#toast")
        toast.wait_for(state="visible")
        assert "from 1 to 10000" in toast.inner_text(), bad
        assert page.locator("#steps").input_value() == "10", bad
        page.evaluate("() => { document.getElementById('toast').hidden = true; }")
    assert page.url == url


def test_a_typed_permalink_centre_stays_as_typed(page):
    x, y = "1479.111111111111", "1920.058029419262"
    open_explorer(page, f"?e={EXPERIMENT}&z=4&x={x}&y={y}")
    page.wait_for_function("() => /[?&]x=/.test(location.search)")
    query = page.evaluate("() => location.search")
    assert f"x={x}&" in query and f"y={y}" in query, query  # not their 60-digit fixed values

"""Header controls: custom-experiment form with server validation, bookmarks, steps, share."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .conftest import EXPERIMENT

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def no_tile_compute(page):
    """These tests look at controls, not tiles: answer every tile with the protocol's own
    "not ready" (503 + Retry-After) so that no experiment is computed on the test's behalf."""
    page.route(
        "**/tiles/**",
        lambda route: route.fulfill(
            status=503,
            headers={"Retry-After": "60", "Cache-Control": "no-store"},
            content_type="application/json",
            body='{"detail": "not ready"}',
        ),
    )


def _loaded(page, query: str) -> None:
    page.goto(page.base_url + "/" + query)
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")


def test_custom_form_shows_server_errors_then_creates(page):
    page.watch.expected_status.add(422)
    _loaded(page, f"?e={EXPERIMENT}")
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


def test_bookmark_jumps_to_the_paper_window(page):
    _loaded(page, f"?e={EXPERIMENT}")
    value = page.evaluate("""() => [...document.querySelectorAll('#bookmarks option')]
        .map((o) => o.value).find((v) => v.startsWith('tanh|'))""")
    page.select_option("#bookmarks", value)
    page.wait_for_function("() => window.trainscape.state.id === 'tanh'")
    page.wait_for_function("() => window.trainscape.view.z > 20")
    view = page.evaluate("() => window.trainscape.currentView()")
    assert "e=tanh&" in page.url and f"z={view['z']}" in page.url
    # the axes now span the paper's window: eta1 13.29976231..13.29978604
    ticks = page.locator("#axis-x").get_attribute("data-ticks")
    assert "13.29977" in ticks, ticks
    assert Decimal(view["x"]) > 0


def test_steps_control_and_share_link(page):
    _loaded(page, f"?e={EXPERIMENT}")
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
    _loaded(page, f"?e={EXPERIMENT}&z={z0}&x=123456789.5&y=98765432.5")
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
    _loaded(page, f"?e={EXPERIMENT}&z=3&x=1000.5&y=1200.5")
    page.locator("#map").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.trainscape.pins.items.length === 1")
    assert "pin=3/1000/1200" in page.url
    page.locator("#pins button").first.click()  # and removed again
    page.wait_for_function("() => window.trainscape.pins.items.length === 0")
    assert "pin=" not in page.url

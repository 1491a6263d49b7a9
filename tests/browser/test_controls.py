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
    page.route("**/tiles/**", lambda route: route.fulfill(
        status=503, headers={"Retry-After": "60", "Cache-Control": "no-store"},
        content_type="application/json", body='{"detail": "not ready"}'))


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

"""The layer switch (measure / lyapunov) and the training-step slider over the checkpoints."""

from __future__ import annotations

import pytest

from .conftest import EXPERIMENT, wait_ready

pytestmark = pytest.mark.browser


def test_step_slider_requests_checkpoint_tiles(open_map):
    page = open_map()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    cps = page.evaluate("() => window.trainscape.state.exp.checkpoints")
    slider = page.locator("#step")
    assert slider.is_visible() and slider.is_enabled()
    slider.evaluate("(el) => { el.value = '0'; el.dispatchEvent(new Event('input')); }")
    wait_ready(page)
    assert any(f"step={cps[0]}" in u and "/tiles/" in u for u in urls), urls
    assert f"step={cps[0]}" in page.url
    assert page.locator("#step-out").inner_text() == str(cps[0])
    page.reload()
    wait_ready(page)
    assert page.evaluate("() => window.trainscape.state.step") == cps[0]


def test_lyapunov_layer_switch(open_map):
    page = open_map(f"?e={EXPERIMENT}&step=3")
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.select_option("#layer", "lyapunov")
    wait_ready(page)
    assert any("layer=lyapunov" in u and "/tiles/" in u for u in urls), urls
    assert "layer=lyapunov" in page.url and "step=" not in page.url  # no per-step λ tiles
    assert page.locator("#step").is_disabled()
    assert "chaotic" in page.locator("#legend-left").inner_text()

"""The API docs (/docs, /redoc) render offline: their scripts come from this server, not a CDN."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _offline(page) -> list[str]:
    """Abort every request to another host; returns the list of aborted URLs."""
    blocked: list[str] = []

    def handle(route) -> None:
        if route.request.url.startswith(page.base_url + "/"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.context.route("**/*", handle)
    return blocked


def test_swagger_ui_renders_without_internet(page) -> None:
    blocked = _offline(page)
    page.goto(page.base_url + "/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/tiles/" in p for p in paths), paths
    assert page.locator(".opblock").count() >= 5
    assert blocked == []


def test_redoc_renders_without_internet(page) -> None:
    blocked = _offline(page)
    page.watch.expected_text.append("net::ERR_FAILED")  # ReDoc's "by Redocly" logo, below
    page.goto(page.base_url + "/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", state="attached", timeout=30_000)
    assert page.locator("[data-section-id^='operation/']").count() >= 5
    # only ReDoc's own branding image comes from elsewhere (a blank spot offline)
    assert all(u.endswith(".svg") and "redoc" in u for u in blocked), blocked

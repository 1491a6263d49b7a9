"""Browser-test fixtures: one real `trainscape serve` (embedded mode) per session and Debian's
Chromium driven by Playwright. Every page fails its test on a console error or page error.

Chromium logs "Failed to load resource: ... 503" for every 503 answer; 503 + Retry-After is the
tile protocol (DESIGN §3), so exactly as many of those messages as the page received 503
responses are tolerated, and nothing else.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Few training steps keep each tile cheap on a CPU.
EXPERIMENT = "tanh-quick@10"
VIEWPORT = {"width": 760, "height": 480}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a `trainscape serve` subprocess in embedded mode."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINSCAPE_")}
    env["PYTHONPATH"] = str(ROOT / "server") + os.pathsep + env.get("PYTHONPATH", "")
    env["TRAINSCAPE_TILE_WAIT_S"] = "1"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "trainscape.cli.main", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, log.read_text(errors="replace")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("trainscape serve did not answer /healthz within 60 s")
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Chromium per test module: Playwright's sync API runs an event loop on this thread, which
    must be gone before other tests call asyncio.run()."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class ConsoleWatch:
    """Collects console errors and page errors of one page, and the answers it got whose
    "Failed to load resource" message is expected (503 + Retry-After, or a status a test allows).
    """

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.allowed: dict[int, int] = {}
        self.expected_status: set[int] = set()
        self.expected_text: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("response", self._response)

    def _response(self, r) -> None:
        if (r.status == 503 and r.headers.get("retry-after")) or r.status in self.expected_status:
            self.allowed[r.status] = self.allowed.get(r.status, 0) + 1

    def unexpected(self) -> list[str]:
        allowed = dict(self.allowed)
        out = []
        for e in self.errors:
            if any(t in e for t in self.expected_text):
                continue
            status = next((s for s in allowed if f"status of {s} " in e and allowed[s] > 0), None)
            if status is None:
                out.append(e)
            else:
                allowed[status] -= 1
        return out


@pytest.fixture
def page(browser, server) -> Iterator:
    """A fresh page (own context) whose console must stay free of errors."""
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    watch = ConsoleWatch(pg)
    pg.base_url = server
    pg.watch = watch
    yield pg
    context.close()
    assert watch.unexpected() == [], watch.unexpected()


@pytest.fixture
def open_map(page):
    """open_map(query) -> page, once the map has drawn every visible tile in full."""

    def go(query: str = f"?e={EXPERIMENT}"):
        page.goto(page.base_url + "/" + query)
        wait_ready(page)
        return page

    return go


def answer_tiles_not_ready(page) -> None:
    """Answer every tile with the protocol's own "not ready" (503 + Retry-After), so that no
    experiment is computed on the test's behalf (for tests about the page, not the tiles)."""
    page.route(
        "**/tiles/**",
        lambda route: route.fulfill(
            status=503,
            headers={"Retry-After": "60", "Cache-Control": "no-store"},
            content_type="application/json",
            body='{"detail": "not ready"}',
        ),
    )


def open_explorer(page, query: str) -> None:
    """Open the page at `query` and wait until its experiment is described."""
    page.goto(page.base_url + "/" + query)
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")


def wait_ready(page, timeout_ms: int = 120_000) -> None:
    """Wait until no tile is pending and the visible tiles are coloured."""
    page.wait_for_function(
        """() => {
            const t = window.trainscape;
            if (!t || !t.state.exp) return false;
            const recs = [...t.tiles.records];
            return recs.length > 0 && recs.every((r) => r.state === 'ready')
                && Number(document.getElementById('map').dataset.coloured || 0) > 0;
        }""",
        timeout=timeout_ms,
        polling=200,
    )
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def fulfill_preview(route, values: np.ndarray, retry_after: int) -> None:
    """Answer a tile request as the server does with a preview: a 200 whose .npy is the
    64 x 64 preview, `X-Trainscape-Preview: 64`, `Retry-After`, not cacheable."""
    buf = io.BytesIO()
    np.save(buf, values.astype("<f4"))
    route.fulfill(
        status=200,
        body=buf.getvalue(),
        headers={
            "X-Trainscape-Preview": "64",
            "Retry-After": str(retry_after),
            "Cache-Control": "no-store",
            "Content-Type": "application/octet-stream",
        },
    )


def stitch_from_api(base: str, z: int, px: int, py: int, w: int, h: int) -> np.ndarray:
    """The (h, w) rectangle at global pixel (px, py) of zoom z, from the tiles' .npy answers."""
    out = np.full((h, w), np.nan, np.float64)
    with httpx.Client(base_url=base, timeout=60) as client:
        for ty in range(py // 256, (py + h - 1) // 256 + 1):
            for tx in range(px // 256, (px + w - 1) // 256 + 1):
                r = client.get(f"/api/experiments/{EXPERIMENT}/tiles/{z}/{tx}/{ty}.npy")
                assert r.status_code == 200 and "x-trainscape-preview" not in r.headers
                tile = np.load(io.BytesIO(r.content))
                x0, y0 = max(px, 256 * tx), max(py, 256 * ty)
                x1, y1 = min(px + w, 256 * tx + 256), min(py + h, 256 * ty + 256)
                out[y0 - py : y1 - py, x0 - px : x1 - px] = tile[
                    y0 - 256 * ty : y1 - 256 * ty, x0 - 256 * tx : x1 - 256 * tx
                ]
    assert not np.isnan(out).any()
    return out

"""How the page follows the tile protocol: previews are drawn then replaced, and requests for
tiles that left the view are cancelled (none pile up)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from .conftest import EXPERIMENT, fulfill_preview

pytestmark = pytest.mark.browser


def _npy(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, a.astype("<f4"))
    return buf.getvalue()


def test_preview_is_drawn_then_replaced_by_the_full_tile(page):
    served: list[str] = []
    held: list = []
    preview = np.where(np.arange(64)[:, None] < 32, -5.0, 5.0) * np.ones((64, 64))

    def handle(route):
        if not served:  # the first answer is a preview: 64 x 64, retry after 1 s
            served.append("preview")
            fulfill_preview(route, preview, retry_after=1)
        else:  # the retry is held until the preview has been checked
            served.append("full")
            held.append(route)

    page.route("**/tiles/0/0/0.npy", handle)
    page.goto(page.base_url + f"/?e={EXPERIMENT}&z=0&x=128&y=128")
    page.wait_for_function("() => document.querySelector('canvas.ts-preview[data-tile=\"0/0/0\"]')")
    top, bottom = page.evaluate("""() => {
        const c = document.querySelector('canvas[data-tile="0/0/0"]').getContext('2d');
        return [[...c.getImageData(10, 10, 1, 1).data], [...c.getImageData(10, 200, 1, 1).data]];
    }""")
    assert top != bottom  # upscaled: rows 0..127 converged, 128..255 diverged
    while not held:
        page.wait_for_timeout(200)
    held[0].fulfill(
        status=200,
        body=_npy(np.linspace(-9, 9, 65536).reshape(256, 256)),
        headers={"Content-Type": "application/octet-stream"},
    )
    page.wait_for_function("() => document.querySelector('canvas.ts-ready[data-tile=\"0/0/0\"]')")
    assert served == ["preview", "full"]


def test_requests_for_tiles_that_left_the_view_are_cancelled(page):
    hanging: list[str] = []
    failed: list[str] = []
    page.route("**/tiles/**", lambda route: hanging.append(route.request.url))  # never answered
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(page.base_url + f"/?e={EXPERIMENT}&z=20&x=100000000.5&y=100000000.5")
    page.wait_for_function("() => window.trainscape && window.trainscape.tiles.records.size > 0")
    page.wait_for_function("() => window.trainscape.state.pending > 0")
    first = set(hanging)
    assert first
    page.evaluate(
        "() => { const t = window.trainscape; t.view.setView(20, 200000000n * 2n ** 44n,"
        " 200000000n * 2n ** 44n); }"
    )
    page.wait_for_function(f"() => window.trainscape.state.pending > 0 && {len(first)} > 0")
    page.wait_for_timeout(300)
    assert first <= set(failed), first - set(failed)  # every old request was aborted
    live = page.evaluate("() => window.trainscape.tiles.records.size")
    assert page.evaluate("() => window.trainscape.state.pending") == live


def test_the_previous_zoom_stays_until_the_new_tiles_have_values(page):
    ready = {"z1": False}

    def handle(route):
        z = route.request.url.split("/tiles/")[1].split("/")[0]
        if z == "0" or ready["z1"]:
            route.fulfill(
                status=200,
                body=_npy(np.linspace(-9, 9, 65536).reshape(256, 256)),
                headers={"Content-Type": "application/octet-stream"},
            )
        else:  # zoom 1 is still computing
            route.fulfill(status=503, headers={"Retry-After": "1"}, json={"detail": "computing"})

    page.route("**/tiles/**", handle)
    page.goto(page.base_url + f"/?e={EXPERIMENT}&z=0&x=128&y=128")
    page.wait_for_function("() => document.querySelector('canvas.ts-ready[data-tile=\"0/0/0\"]')")
    page.locator("#map").focus()
    page.keyboard.press("Equal")
    page.wait_for_function(
        """() => { const recs = [...window.trainscape.tiles.records]
                     .filter((r) => r.global.z === 1);
                   return recs.length === 4 && recs.every((r) => r.state === 'pending'); }"""
    )
    page.wait_for_timeout(1500)  # a second round of 503s
    shown = """(sel) => { const c = document.querySelector(sel);
                          return Boolean(c && c.isConnected
                            && getComputedStyle(c).visibility === 'visible'); }"""
    # the zoom-0 tile is kept (scaled) under the zoom-1 placeholders, which show too
    assert page.evaluate(shown, 'canvas[data-tile="0/0/0"]')
    assert page.evaluate(shown, 'canvas.ts-pending[data-tile="1/0/0"]')
    assert page.locator("#pending").inner_text() == "4 tiles computing"
    ready["z1"] = True
    page.wait_for_function(
        """() => [...window.trainscape.tiles.records].filter((r) => r.global.z === 1)
                 .every((r) => r.state === 'ready')"""
    )
    page.wait_for_function("() => !document.querySelector('canvas[data-tile=\"0/0/0\"]')")


#: Counts repaints of tile canvases (putImageData), per `data-tile`.
COUNT_PAINTS = """
    window.__paints = {};
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
        const t = this.canvas.dataset.tile;
        if (t) window.__paints[t] = (window.__paints[t] || 0) + 1;
        return put.apply(this, args);
    };
"""


def test_re_asks_for_a_computing_tile_get_304_and_keep_the_preview(page):
    """Real server and Chromium: a tile that computes for several Retry-After periods is
    downloaded once as a preview; each re-ask sends its ETag and gets a bodiless 304 (nothing
    decoded or repainted) until the full tile arrives."""
    exp = "tanh-quick@300"  # not cached by other tests; its full tile takes several Retry-Afters
    answers: list[dict] = []

    def finished(request):
        if "/tiles/0/0/0.npy" not in request.url:
            return
        r = request.response()
        answers.append(
            {
                "status": r.status,
                "preview": "x-trainscape-preview" in r.headers,
                "etag": r.headers.get("etag"),
                "sent": request.headers.get("if-none-match"),
                "bytes": request.sizes()["responseBodySize"],
            }
        )

    page.on("requestfinished", finished)
    page.add_init_script(COUNT_PAINTS)
    page.goto(page.base_url + f"/?e={exp}&z=0&x=128&y=128")
    page.wait_for_function("() => document.querySelector('canvas.ts-preview[data-tile=\"0/0/0\"]')")
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.evaluate("() => { window.__held = [...window.trainscape.tiles.records][0].data; }")
    painted = page.evaluate("() => window.__paints['0/0/0']")
    while not any(a["status"] == 304 for a in answers):
        final = [a for a in answers if a["status"] == 200 and not a["preview"]]
        assert not final, f"no re-ask got a 304 before the full tile: {answers}"
        page.wait_for_timeout(200)
    kept = page.evaluate("""() => { const rec = [...window.trainscape.tiles.records][0];
        return [rec.state, rec.data === window.__held, window.__paints['0/0/0']]; }""")
    assert kept == ["preview", True, painted]  # no re-decode, no repaint
    page.wait_for_function(
        "() => document.querySelector('canvas.ts-ready[data-tile=\"0/0/0\"]')", timeout=120_000
    )
    for _ in range(100):  # Playwright reports a finished request after the page has used it
        if answers and answers[-1]["status"] == 200 and not answers[-1]["preview"]:
            break
        page.wait_for_timeout(50)
    statuses = [(a["status"], a["preview"]) for a in answers]
    first = statuses.index((200, True))
    assert statuses[first + 1 : -1] == [(304, True)] * (len(statuses) - first - 2), statuses
    assert statuses[-1] == (200, False) and all(s == (503, False) for s in statuses[:first])
    etag = answers[first]["etag"]
    assert [a["sent"] for a in answers[first + 1 :]] == [etag] * (len(answers) - first - 1)
    assert answers[-1]["etag"] != etag and answers[-1]["bytes"] > 256 * 256 * 4
    assert all(a["bytes"] == 0 for a in answers[first + 1 : -1])

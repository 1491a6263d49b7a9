"""Re-anchoring the deep-zoom frame while diving keeps the imagery on screen: the tile layer is
replaced, but a snapshot of what the map showed stays under the new tiles until they arrive."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from .conftest import EXPERIMENT, wait_ready

pytestmark = pytest.mark.browser


def _npy(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, a.astype("<f4"))
    return buf.getvalue()


#: Every tile is answered with this one (a diagonal boundary, both signs): nothing is computed.
TILE = _npy(np.subtract.outer(np.arange(256.0), np.arange(256.0)))

#: Opened at zoom 20 (frame base 4, local zoom 16); 8 levels deeper the local zoom is 24, the top
#: of its band, so the next zoom-in re-anchors the frame at its end. Near log10 (η1, η2) = (1, 2).
Z0 = 20
QUERY = f"?e={EXPERIMENT}&z={Z0}&x=119304647.5&y=119304647.5"

#: In the page: after the frame changes, record what is on screen at once (the snapshot canvas, its
#: place, how much of it is drawn; tiles with values), then count every animation frame that shows
#: neither a snapshot nor any tile with values (an all-grey map) until `window.stopFrames`.
RECORD_JS = """() => {
    const t = window.trainscape;
    const hooks = t.view.hooks;
    const reanchored = hooks.onReanchor;
    window.greyFrames = 0;
    window.frames = 0;
    window.stopFrames = false;
    const snap = () => document.querySelector('#map canvas.ts-snapshot');
    const count = () => {
        window.frames += 1;
        if (!snap() && t.tiles.withData(t.view.local).length === 0) window.greyFrames += 1;
        if (!window.stopFrames) requestAnimationFrame(count);
    };
    hooks.onReanchor = () => {
        reanchored();
        const c = snap();
        const info = {snapshot: Boolean(c), tilesWithData: t.tiles.withData().length,
                      base: t.view.anchor.base, z: t.view.z};
        if (c) {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let opaque = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] === 255) opaque += 1;
            const r = c.getBoundingClientRect();
            const m = document.getElementById('map').getBoundingClientRect();
            Object.assign(info, {opaque: opaque / (c.width * c.height),
                offset: [r.left - m.left, r.top - m.top, r.width - m.width, r.height - m.height]});
        }
        window.reanchor = info;
        requestAnimationFrame(count);
    };
}"""


def grey_fraction(png: bytes) -> float:
    """Fraction of pixels that are neutral grey (the map's background, with or without the
    placeholders' hatch): what an empty map shows."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    neutral = rgb.max(axis=2) - rgb.min(axis=2) <= 3
    return float(np.mean(neutral & (rgb[..., 0] >= 195) & (rgb[..., 0] <= 235)))


def test_a_re_anchor_keeps_the_imagery_until_the_new_tiles_arrive(page, open_map, tmp_path: Path):
    # tiles are answered here: at once, or (while `hold` is on) 503 + Retry-After 1, so that the
    # new frame's tiles stay without values for a while after the re-anchor
    hold = {"on": False}

    def tiles(route):
        if hold["on"]:
            route.fulfill(status=503, headers={"Retry-After": "1"}, body="")
        else:
            headers = {"Content-Type": "application/octet-stream"}
            route.fulfill(status=200, body=TILE, headers=headers)

    page.route("**/tiles/**", tiles)
    open_map(QUERY)
    base0 = page.evaluate("() => window.trainscape.view.anchor.base")
    page.evaluate("() => window.trainscape.view.map.setZoom(24, {animate: false})")
    page.wait_for_function(f"() => window.trainscape.view.z === {Z0 + 8}")
    wait_ready(page)
    assert page.evaluate("() => window.trainscape.view.anchor.base") == base0  # not yet
    assert grey_fraction(page.locator("#map").screenshot()) < 0.2
    hold["on"] = True
    page.evaluate(RECORD_JS)
    page.locator("#map").focus()
    page.keyboard.press("Equal")  # an animated zoom-in; the frame is re-anchored at its end
    page.wait_for_function("() => window.reanchor !== undefined && window.reanchor !== null")
    after = page.evaluate("() => window.reanchor")
    assert after["z"] == Z0 + 9 and after["base"] > base0, after
    # right after the re-anchor no tile has values yet: the snapshot is what the map shows, drawn
    # over the whole map, in place
    assert after["tilesWithData"] == 0, after
    assert after["snapshot"], after
    assert after["opaque"] > 0.95, after
    assert all(abs(v) <= 1 for v in after["offset"]), after
    page.wait_for_timeout(600)  # tiles are being refused: the map still shows the imagery
    shot = page.locator("#map").screenshot()
    (tmp_path / "after-reanchor.png").write_bytes(shot)
    assert grey_fraction(shot) < 0.2, tmp_path / "after-reanchor.png"
    assert page.evaluate("() => window.trainscape.snapshot.active")
    # one more zoom-in while the tiles are still refused: the snapshot follows the zoom (twice
    # the size, still centred on the view), as the previous zoom's tiles would
    page.keyboard.press("Equal")
    page.wait_for_function(
        f"() => window.trainscape.view.z === {Z0 + 10}"
        " && !window.trainscape.view.map._animatingZoom"
    )
    snap, box = page.evaluate("""() => [
        document.querySelector('#map canvas.ts-snapshot').getBoundingClientRect().toJSON(),
        document.getElementById('map').getBoundingClientRect().toJSON()]""")
    assert snap["width"] == pytest.approx(2 * box["width"], abs=2), (snap, box)
    assert snap["height"] == pytest.approx(2 * box["height"], abs=2), (snap, box)
    for a, n in (("x", "width"), ("y", "height")):
        assert snap[a] + snap[n] / 2 == pytest.approx(box[a] + box[n] / 2, abs=1.5), (snap, box)
    hold["on"] = False
    wait_ready(page)
    page.wait_for_function("() => !document.querySelector('#map canvas.ts-snapshot')")
    page.evaluate("() => { window.stopFrames = true; }")
    frames, grey = page.evaluate("() => [window.frames, window.greyFrames]")
    assert frames > 10 and grey == 0, (frames, grey)
    assert not page.evaluate("() => window.trainscape.snapshot.active")
    assert grey_fraction(page.locator("#map").screenshot()) < 0.2

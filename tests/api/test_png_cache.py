"""Cached PNGs are keyed by the colouring's version (trainscape.render.RENDER_VERSION)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from tests.conftest import QUICK, fetch_final

from trainscape.cache.keys import tile_key
from trainscape.experiments.presets import resolve

BASE = f"/api/experiments/{QUICK}"
MAGENTA = (255, 0, 255)


@pytest.mark.parametrize("kind", ["measure.png.gray", "measure.png.r2.gray"])
def test_a_png_cached_by_an_older_colouring_is_not_served(client, kind):
    """PNG colours changed with the explorer's colormaps (version 2) and with the diverged runs'
    logarithmic scale (version 3): a PNG cached by an earlier version (keys `.png.<colormap>`,
    `.png.r2.<colormap>`, e.g. in a tile-cache Redis kept across a redeploy) must not be served
    as today's."""
    fetch_final(client, f"{BASE}/tiles/1/1/1.npy")  # the raw tile is cached
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), MAGENTA).save(buf, format="PNG")
    store = client.app.state.services.store
    old_key = tile_key(resolve(QUICK), 1, 1, 1, kind)
    client.portal.call(store.set, old_key, buf.getvalue())
    r = fetch_final(client, f"{BASE}/tiles/1/1/1.png?colormap=gray")
    assert r.status_code == 200 and r.content != buf.getvalue()
    assert Image.open(io.BytesIO(r.content)).getpixel((0, 0)) != MAGENTA

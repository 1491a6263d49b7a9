"""Cached PNGs are keyed by the colouring's version (trainscape.render.RENDER_VERSION)."""

from __future__ import annotations

import io

from PIL import Image
from tests.conftest import QUICK, fetch_final

from trainscape.cache.keys import tile_key
from trainscape.experiments.presets import resolve

BASE = f"/api/experiments/{QUICK}"
MAGENTA = (255, 0, 255)


def test_a_png_cached_by_an_older_colouring_is_not_served(client):
    """PNG colours changed with the explorer's colormaps (version 2): a PNG cached by an earlier
    version (key `.png.<colormap>`, e.g. in a tile-cache Redis kept across a redeploy) must not
    be served as today's."""
    fetch_final(client, f"{BASE}/tiles/1/1/1.npy")  # the raw tile is cached
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), MAGENTA).save(buf, format="PNG")
    store = client.app.state.services.store
    old_key = tile_key(resolve(QUICK), 1, 1, 1, "measure.png.gray")
    client.portal.call(store.set, old_key, buf.getvalue())
    r = fetch_final(client, f"{BASE}/tiles/1/1/1.png?colormap=gray")
    assert r.status_code == 200 and r.content != buf.getvalue()
    assert Image.open(io.BytesIO(r.content)).getpixel((0, 0)) != MAGENTA

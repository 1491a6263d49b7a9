"""The explorer's colour menu is the API's list of colormaps: choosing `paper` recolours the map
with the paper's colours, and every `cmap=` the page writes into its URL is a `colormap=` the
PNG tiles accept."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import httpx
import numpy as np
import pytest
from PIL import Image

from trainscape.render import lut

pytestmark = pytest.mark.browser

#: Sampled opaque pixels of the drawn tile canvases, as 0xrrggbb.
PIXELS_JS = """() => {
    const out = [];
    for (const r of window.trainscape.tiles.records) {
        if (!r.data) continue;
        const d = r.canvas.getContext('2d').getImageData(0, 0, 256, 256).data;
        for (let i = 0; i < d.length; i += 4 * 97) {
            if (d[i + 3] === 255) out.push((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        }
    }
    return out;
}"""
MENU_JS = "os => os.map((o) => o.value)"


def table(name: str) -> list[int]:
    """Colormap `name`'s 256 colours, as 0xrrggbb."""
    return [(int(r) << 16) | (int(g) << 8) | int(b) for r, g, b in lut(name)]


def share_in(pixels: list[int], name: str) -> float:
    colours = set(table(name))
    return sum(p in colours for p in pixels) / len(pixels)


def test_menu_lists_the_api_colormaps_and_paper_recolours_the_map(open_map):
    page = open_map()
    listing = httpx.get(page.base_url + "/api/colormaps").json()
    assert page.eval_on_selector_all("#colormap option", MENU_JS) == [
        c["id"] for c in listing["colormaps"]
    ]
    assert share_in(page.evaluate(PIXELS_JS), "Spectral") == 1.0

    page.select_option("#colormap", "paper")
    page.wait_for_function(
        f"(t) => {{ const s = new Set(t); return ({PIXELS_JS})().every((p) => s.has(p)); }}",
        arg=table("paper"),
    )
    pixels = page.evaluate(PIXELS_JS)
    assert len(pixels) > 100 and share_in(pixels, "Spectral") < 0.5
    assert "cmap=paper" in page.url
    assert page.locator("#legend-note").inner_text().startswith("dark ends: slowest runs")


def test_each_menu_choice_writes_a_cmap_the_png_tiles_accept(open_map):
    page = open_map()
    path = page.evaluate(
        """() => { const g = [...window.trainscape.tiles.records].find((r) => r.data).global;
        return `/api/experiments/${window.trainscape.state.id}/tiles/${g.z}/${g.x}/${g.y}.png`; }"""
    )
    with httpx.Client(base_url=page.base_url, timeout=60) as client:
        for name in page.eval_on_selector_all("#colormap option", MENU_JS):
            page.select_option("#colormap", name)
            page.wait_for_function("(n) => location.search.includes(`cmap=${n}`)", arg=name)
            cmap = parse_qs(urlparse(page.url).query)["cmap"][0]
            r = client.get(path, params={"colormap": cmap})
            assert r.status_code == 200 and r.headers["content-type"] == "image/png", r.text
            assert np.asarray(Image.open(io.BytesIO(r.content))).shape == (256, 256, 3)

"""Export the view: *Save PNG* downloads exactly the tile canvases in view; *Render this view*
shows a `trainscape render` command that runs and holds the view's exact window."""

from __future__ import annotations

import base64
import os
import re
import shlex
import subprocess
import sys
from fractions import Fraction

import httpx
import numpy as np
import pytest
from PIL import Image

from .conftest import EXPERIMENT, ROOT, stitch_from_api, wait_ready

pytestmark = pytest.mark.browser

#: Inside the plane, the boundary crosses it (as test_analysis_panel's TILES_VIEW), viridis.
INSIDE = f"?e={EXPERIMENT}&z=4&x=2030.5&y=1985.25&cmap=viridis"
#: The whole plane (256 px at zoom 0) in a wider map: the PNG is clipped to the plane.
WHOLE = f"?e={EXPERIMENT}&z=0&x=128&y=128&cmap=magma&lock=1"
#: The plane of the tanh-quick preset (log10 bounds).
PLANE = (Fraction(-3), Fraction(6), Fraction(-3), Fraction(6))


def screen_canvases(page) -> np.ndarray:
    """The map area as the screen shows it: every final tile canvas at its on-screen position
    (relative to the map's top-left), read back with getImageData. Uncovered pixels stay 0."""
    tiles = page.evaluate("""() => {
        const origin = document.getElementById('map').getBoundingClientRect();
        return [...document.querySelectorAll('#map canvas.ts-ready')].map((c) => {
            const box = c.getBoundingClientRect();
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let s = '';
            for (let i = 0; i < d.length; i += 8192) {
                s += String.fromCharCode(...d.subarray(i, i + 8192));
            }
            return {x: Math.round(box.left - origin.left), y: Math.round(box.top - origin.top),
                    w: c.width, h: c.height, rgba: btoa(s)};
        });
    }""")
    w, h = page.evaluate("() => Object.values(window.trainscape.view.map.getSize())")
    out = np.zeros((h, w, 4), np.uint8)
    for t in tiles:
        px = np.frombuffer(base64.b64decode(t["rgba"]), np.uint8).reshape(t["h"], t["w"], 4)
        x0, y0 = max(t["x"], 0), max(t["y"], 0)
        x1, y1 = min(t["x"] + t["w"], w), min(t["y"] + t["h"], h)
        if x0 < x1 and y0 < y1:
            out[y0:y1, x0:x1] = px[y0 - t["y"] : y1 - t["y"], x0 - t["x"] : x1 - t["x"]]
    return out


def save_png(page, tmp_path) -> tuple[np.ndarray, dict, str]:
    """Press Save PNG; the decoded download (RGBA), the geometry the button reports, its name."""
    with page.expect_download() as dl:
        page.click("#save-png")
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    page.wait_for_function("() => document.getElementById('save-png').dataset.state === 'saved'")
    geometry = page.evaluate("() => ({...document.getElementById('save-png').dataset})")
    with Image.open(path) as im:
        assert im.format == "PNG"
        return np.asarray(im.convert("RGBA")), geometry, dl.value.suggested_filename


def test_save_png_is_the_tile_canvases_in_view(open_map, tmp_path):
    page = open_map(INSIDE)
    png, g, name = save_png(page, tmp_path)
    assert name == "trainscape-tanh-quick@10-z4-viridis.png" and g["file"] == name
    size = page.evaluate("() => Object.values(window.trainscape.view.map.getSize())")
    # inside the plane the visible rectangle is the map's: whole pixels around the exact centre
    assert (g["z"], int(g["w"]), int(g["h"])) == ("4", *size)
    assert png.shape == (int(g["h"]), int(g["w"]), 4)
    assert abs(int(g["px"]) + size[0] / 2 - 2030.5) <= 1
    assert abs(int(g["py"]) + size[1] / 2 - 1985.25) <= 1
    screen = screen_canvases(page)
    assert np.array_equal(png, screen)
    assert (png[..., 3] == 255).all() and len(np.unique(png.reshape(-1, 4), axis=0)) > 50


def test_save_png_is_clipped_to_the_plane(open_map, tmp_path):
    page = open_map(WHOLE)
    png, g, name = save_png(page, tmp_path)
    assert name == "trainscape-tanh-quick@10-z0-magma.png"
    w, h = page.evaluate("() => Object.values(window.trainscape.view.map.getSize())")
    assert w > 256  # the plane's one tile is narrower than the map: the PNG stops at its edges
    assert (g["px"], g["w"], int(g["h"])) == ("0", "256", min(h, 256))
    assert png.shape == (int(g["h"]), 256, 4)
    # PNG pixel (0, 0) is global pixel (px, py): on screen at the tile's position + (px, py)
    box = page.evaluate("""() => {
        const o = document.getElementById('map').getBoundingClientRect();
        const b = document.querySelector('#map canvas.ts-ready').getBoundingClientRect();
        return [Math.round(b.left - o.left), Math.round(b.top - o.top)];
    }""")
    x0, y0 = box[0] + int(g["px"]), box[1] + int(g["py"])
    assert x0 > 0 and y0 >= 0
    assert np.array_equal(png, screen_canvases(page)[y0 : y0 + png.shape[0], x0 : x0 + 256])


def test_save_png_waits_for_final_tiles(open_map, tmp_path):
    page = open_map(INSIDE)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    # zoom in and press at once (one task): the new zoom's tiles have only been requested
    message = page.evaluate("""() => {
        window.trainscape.view.map.zoomIn(1, {animate: false});
        document.getElementById('save-png').click();
        return document.getElementById('toast').textContent;
    }""")
    assert re.match(r"Not yet: of the \d+ tiles in view, \d+ loading", message), message
    assert message.endswith(
        "Wait until every tile is final (the badge on the map is gone), then save again."
    )
    assert page.locator("#save-png").get_attribute("data-state") == "refused"
    wait_ready(page)
    assert downloads == []
    png, g, name = save_png(page, tmp_path)
    assert (
        g["z"] == "5"
        and name.endswith("-z5-viridis.png")
        and png.shape[:2] == (int(g["h"]), int(g["w"]))
    )


# ---- the render command ---------------------------------------------------------------------
def command_rect(page) -> tuple[int, int, int, int, int]:
    """(z, px, py, width, height) of the pixel rectangle the render command covers, as the page
    reports it on the command element."""
    d = page.evaluate("() => ({...document.getElementById('render-cmd').dataset})")
    return int(d["z"]), int(d["px"]), int(d["py"]), int(d["w"]), int(d["h"])


def rect_window(z: int, px: int, py: int, w: int, h: int) -> tuple[str, ...]:
    """Log10 window whose edges are the rectangle's pixel edges (y grows downwards)."""
    side = 256 * 2**z
    x0, x1, y0, y1 = PLANE
    return tuple(
        decimal(v)
        for v in (
            x0 + (x1 - x0) * Fraction(px, side),
            x0 + (x1 - x0) * Fraction(px + w, side),
            y1 - (y1 - y0) * Fraction(py + h, side),
            y1 - (y1 - y0) * Fraction(py, side),
        )
    )


def decimal(f: Fraction) -> str:
    """Exact decimal string of a fraction with a terminating expansion (as exact.js writes it)."""
    sign, f = ("-" if f < 0 else ""), abs(f)
    whole, rest = divmod(f.numerator, f.denominator)
    digits = ""
    while rest:
        rest *= 10
        digits += str(rest // f.denominator)
        rest %= f.denominator
    return f"{sign}{whole}" + (f".{digits}" if digits else "")


def render_command(page) -> str:
    if not page.evaluate("() => document.getElementById('render').open"):
        page.click("#render summary")
    page.wait_for_function("() => document.getElementById('render-cmd').textContent !== ''")
    return page.locator("#render-cmd").inner_text()


def test_render_command_is_the_exact_view_and_runs(open_map, tmp_path):
    page = open_map(INSIDE)
    cmd = shlex.split(render_command(page))
    w, h = page.evaluate("() => Object.values(window.trainscape.view.map.getSize())")
    z, px, py, rw, rh = command_rect(page)
    assert z == 4 and abs(px + w / 2 - 2030.5) <= 1 and abs(py + h / 2 - 1985.25) <= 1
    assert (rw, rh) == (w, h)  # the map shows whole pixels of the plane only
    assert cmd[:3] == ["trainscape", "render", EXPERIMENT] and "--steps" not in cmd
    i = cmd.index("--window")
    assert tuple(cmd[i + 1 : i + 5]) == rect_window(z, px, py, rw, rh)
    assert (int(cmd[cmd.index("--size") + 1]), int(cmd[cmd.index("--height") + 1])) == (rw, rh)
    assert cmd[cmd.index("-o") + 1] == "view.png"
    # run it for real: it computes exactly the runs behind the tiles in view
    out, npy = tmp_path / "view.png", tmp_path / "view.npy"
    cmd[cmd.index("-o") + 1] = str(out)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINSCAPE_")}
    env["PYTHONPATH"] = str(ROOT / "server") + os.pathsep + env.get("PYTHONPATH", "")
    run = subprocess.run(
        [sys.executable, "-m", "trainscape.cli.main", *cmd[1:], "--npy", str(npy)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    with Image.open(out) as im:
        assert (im.format, im.size) == ("PNG", (rw, rh))
    conv = float(re.search(r"converged ([\d.]+)% of pixels", run.stderr)[1])
    assert 0 < conv < 100  # the boundary crosses this view
    tiles = stitch_from_api(page.base_url, z, px, py, rw, rh)  # float64, as the API serves them
    np.testing.assert_array_equal(np.load(npy), tiles)  # the very runs, bit for bit
    # the command follows the view: a pan, then a Step checkpoint (a run of that many steps)
    page.evaluate("() => window.trainscape.view.panBy(40, -24)")
    page.wait_for_function(
        "(old) => document.getElementById('render-cmd').textContent !== old", arg=" ".join(cmd)
    )
    cmd = shlex.split(render_command(page))
    assert command_rect(page)[1:3] != (px, py)
    assert tuple(cmd[4:8]) == rect_window(*command_rect(page))
    page.evaluate("""() => {
        const s = document.getElementById('step');
        s.value = '4';
        s.dispatchEvent(new Event('input'));
    }""")
    step = page.evaluate("() => window.trainscape.state.step")
    assert step is not None and step < 10
    assert render_command(page).startswith(f"trainscape render tanh-quick@{step} --window ")


def test_render_command_for_a_custom_experiment(page):
    r = httpx.post(
        page.base_url + "/api/experiments",
        json={"activation": "tanh", "width": 4, "depth": 2, "steps": 10},
        timeout=30,
    )
    assert r.status_code in (200, 201), r.text
    cid = r.json()["id"]
    assert cid.startswith("c")
    # answer tiles with 503 + Retry-After: nothing is computed
    page.route(
        "**/tiles/**",
        lambda route: route.fulfill(status=503, headers={"Retry-After": "30"}, body=""),
    )
    page.goto(page.base_url + f"/?e={cid}")
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    assert (
        render_command(page) == "custom experiments: use the API (the CLI resolves preset ids only)"
    )
    assert page.locator("#render-copy").is_disabled()
    assert page.locator("#render-cmd").get_attribute("data-runnable") == "false"

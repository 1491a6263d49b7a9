"""One set of colormaps for the explorer and the PNG tiles: the page's colour.js (run by node)
builds the same tables as `trainscape.render`, and a PNG shows the page's hue for each kind of
run; `paper` is the look of `trainscape render`'s whole pictures."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from trainscape.render import colour_layer, lut
from trainscape.render.colormaps import ALIASES, COLORMAPS, DEFAULT_COLORMAP
from trainscape.render.paper import paper_rgb

SCRIPT = Path(__file__).with_name("colour_js.mjs")
STEPS = 100
#: Slowest convergence, fastest convergence, fastest divergence, slowest divergence.
KINDS = np.array([-STEPS, -1e-6, 1e-6, STEPS], dtype=np.float32)

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def node(*args: str) -> list | dict:
    out = subprocess.run(
        ["node", str(SCRIPT), *args], capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(out.stdout)


def test_the_names_are_the_pages_plus_paper_and_the_old_names_are_aliases():
    assert list(COLORMAPS) == ["Spectral", "RdBu", "paper", "viridis", "magma", "gray"]
    assert DEFAULT_COLORMAP == "Spectral"
    assert ALIASES == {"spectral": "Spectral", "redblue": "RdBu"}


@needs_node
def test_the_page_builds_the_same_tables():
    tables = node("luts")
    assert list(tables) == list(COLORMAPS)
    for name, rgb in tables.items():
        np.testing.assert_array_equal(np.array(rgb).reshape(256, 3), lut(name), err_msg=name)


@needs_node
@pytest.mark.parametrize("name", list(COLORMAPS))
def test_a_png_shows_the_pages_colour_for_each_kind_of_run(name):
    page = np.array(node("tile", name, *map(str, KINDS))).reshape(4, 3)
    png = colour_layer(KINDS[None, :], "measure", STEPS, name)[0]
    np.testing.assert_array_equal(png, page)
    assert len({tuple(c) for c in png}) == 4  # four different colours


def test_paper_is_the_look_of_whole_pictures():
    """`trainscape render` colours by rank, bright (fastest) to dark (slowest, the boundary)."""
    mags = np.linspace(1e-3, 1.0, 1000) * STEPS
    values = np.concatenate([-mags, mags])[None, :]
    whole, tile = paper_rgb(values)[0], colour_layer(values, "measure", STEPS, "paper")[0]
    for i in (0, 999, 1000, 1999):  # fastest and slowest convergence, then divergence
        assert np.abs(whole[i].astype(int) - tile[i]).max() <= 3, (i, whole[i], tile[i])
    assert tile[999].sum() < 150 and tile[1999].sum() < 150  # dark ends
    assert tile[0].sum() > 500 and tile[1000].sum() > 450  # pale middle

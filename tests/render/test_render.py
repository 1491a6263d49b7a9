"""Colouring is fixed and sign-preserving; encodings round-trip."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from trainscape.render import (
    COLORMAPS,
    colour,
    lut,
    measure_positions,
    npy_array,
    npy_bytes,
    png_bytes,
)
from trainscape.render.colour import colour_layer


def test_every_colormap_has_a_256_entry_table():
    for name in COLORMAPS:
        table = lut(name)
        assert table.shape == (256, 3) and table.dtype == np.uint8


def test_converged_maps_to_the_blue_half_and_diverged_to_the_red_half():
    p = measure_positions(np.array([-100.0, -50.0, -1.0, 1.0, 50.0, 100.0]), steps=100)
    assert (p[:3] > 0.5).all() and (p[3:] < 0.5).all()
    assert p[0] > p[1] > p[2]  # slower convergence -> further towards the blue end
    assert p[3] > p[4] > p[5]  # slower divergence -> further towards the red end
    assert p[0] == 1.0 and p[5] == 0.0  # the slowest runs, at the boundary, at the ends


def test_colouring_is_tile_independent():
    values = np.linspace(-100, 100, 64).reshape(8, 8)
    whole = colour_layer(values, "measure", 100, "Spectral")
    part = colour_layer(values[:4, :4], "measure", 100, "Spectral")
    np.testing.assert_array_equal(whole[:4, :4], part)


def test_nan_is_grey():
    rgb = colour(np.array([[np.nan, 0.5]]), "Spectral")
    assert tuple(rgb[0, 0]) == (128, 128, 128)


def test_npy_round_trip_keeps_float64():
    a = np.random.default_rng(0).normal(size=(4, 5)) + 300.0
    a[0, 1] = a[0, 0] * (1 + 2**-40)  # neighbours float32 cannot tell apart
    b = npy_array(npy_bytes(a))
    assert b.dtype == np.dtype("<f8")
    np.testing.assert_array_equal(b, a)
    assert b[0, 0] != b[0, 1]


def test_png_decodes_to_256_square_and_previews_upscale():
    rgb = colour(np.random.default_rng(1).random((64, 64)), "RdBu")
    img = Image.open(io.BytesIO(png_bytes(rgb, size=256)))
    assert img.size == (256, 256) and img.mode == "RGB"
    px = np.asarray(img)
    np.testing.assert_array_equal(px[::4, ::4], rgb)

"""Exact tile geometry: distinct, monotone coordinates down to the float64 floor."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from trainscape.experiments import PRESETS
from trainscape.tiles import (
    TileError,
    axis_values,
    max_zoom,
    pixel_log10,
    pixel_values,
    tile_values,
    validate_tile,
)

E = PRESETS["tanh"].experiment


def test_zoom_zero_covers_the_plane_with_pixel_centres():
    hp = tile_values(E, 0, 0, 0)
    assert hp.shape == (256 * 256, 2)
    u_first, v_first = pixel_log10(E, 0, 0, 0)
    assert u_first == Fraction(-3) + Fraction(9, 512)  # half a pixel in from the left edge
    assert v_first == Fraction(6) - Fraction(9, 512)  # row 0 is the top
    assert hp[0, 0] == pytest.approx(10**-3 * 10 ** (9 / 512), rel=1e-15)


@pytest.mark.parametrize("z", [45, 46, 47, 48])
def test_deep_zoom_pixels_distinct_and_monotone(z):
    n = 2**z
    for x, y in [(0, 0), (n // 3, n // 2), (n - 1, n - 1), (int(n * 0.3662), int(n * 0.4))]:
        hp = tile_values(E, z, x, y).reshape(256, 256, 2)
        assert np.all(np.diff(hp[0, :, 0]) > 0), "x grows left to right"
        assert np.all(np.diff(hp[:, 0, 1]) < 0), "y shrinks top to bottom"


def test_max_zoom_is_the_float64_floor():
    z = max_zoom(E)
    assert z == 48
    x0, x1, _, _ = E.bounds

    def collisions(zoom: int) -> int:
        n = 256 * 2**zoom
        total = 0
        for frac in np.linspace(0.01, 0.99, 25):  # tiles spread over the plane
            xs = axis_values(x0, x1, int(n * frac) // 256 * 256, 256, n)
            total += int(np.sum(np.diff(xs) <= 0))
        return total

    assert collisions(z) == 0
    assert collisions(z + 1) > 0  # one level deeper, neighbours round to one float64


def test_pixel_matches_tile_pixel():
    tile = tile_values(E, 20, 12345, 54321).reshape(256, 256, 2)
    assert pixel_values(E, 20, 12345 * 256 + 7, 54321 * 256 + 250) == tuple(tile[250, 7])


@pytest.mark.parametrize("z,x,y", [(-1, 0, 0), (49, 0, 0), (2, 4, 0), (2, 0, -1), (0, 1, 0)])
def test_out_of_range_addresses_say_what_is_allowed(z, x, y):
    with pytest.raises(TileError, match="allowed"):
        validate_tile(E, z, x, y)

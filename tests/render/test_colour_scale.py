"""A PNG's colour scale spreads a real tile's runs over the colormap on both sides of the boundary,
keeps the slowest runs at the ends and the sign jump, and colours each value on its own."""

from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest

from trainscape.compute import measure
from trainscape.compute.engine import compute_tile
from trainscape.experiments.presets import resolve
from trainscape.render import colour_layer, measure_positions

scale = importlib.import_module("trainscape.render.colour")  # the name `colour` is the function
STEPS = 100  # tanh-quick
FLOOR = 1 + (STEPS - 1) / measure.MAX_VAL  # the fastest divergence: clipped from step 1 on


@pytest.fixture(scope="module")
def tile() -> np.ndarray:
    """A real tanh-quick tile (64 x 64 preview grid) as the server stores it: float64."""
    values = compute_tile(resolve("tanh-quick"), 2, 1, 1, size=64)
    assert (values > 0).mean() > 0.5 and (values < 0).mean() > 0.05  # both sides, mostly diverged
    return values


def lut_indices(values: np.ndarray) -> np.ndarray:
    return np.round(measure_positions(values, STEPS) * 255).astype(int)


def colours_for_90_percent(indices: np.ndarray) -> int:
    """The fewest colormap entries that together colour 90% of the pixels."""
    counts = np.sort(np.unique(indices, return_counts=True)[1])[::-1]
    return int(np.searchsorted(np.cumsum(counts), 0.9 * counts.sum()) + 1)


def test_a_real_tiles_diverged_runs_spread_over_many_colours(tile):
    """Most diverged runs blow up within a few steps (m just above 1): a linear scale in m / T
    coloured 90% of them with 2 of the 96 entries of the diverged half, and its deciles with 3."""
    diverged = tile[tile > 0]
    assert colours_for_90_percent(lut_indices(diverged)) >= 30
    deciles = np.quantile(diverged, np.linspace(0.05, 0.95, 10))
    assert len(set(lut_indices(deciles))) == 10


def test_a_real_tiles_converged_runs_keep_their_spread(tile):
    assert colours_for_90_percent(lut_indices(tile[tile < 0])) >= 25


def test_each_pixels_colour_depends_only_on_its_value(tile):
    """No seams: a value gets the same colour in any tile, whatever the other pixels are."""
    rgb = colour_layer(tile, "measure", STEPS, "Spectral")
    other = np.linspace(-3 * STEPS, 3 * STEPS, tile.size, dtype=np.float32).reshape(tile.shape)
    keep = np.random.default_rng(0).random(tile.shape) < 0.5
    mixed = colour_layer(np.where(keep, tile, other), "measure", STEPS, "Spectral")
    np.testing.assert_array_equal(mixed[keep], rgb[keep])
    order = np.random.default_rng(1).permutation(tile.size)
    shuffled = colour_layer(tile.reshape(-1)[order][None, :], "measure", STEPS, "Spectral")
    np.testing.assert_array_equal(shuffled[0], rgb.reshape(-1, 3)[order])


def test_slowest_runs_at_the_ends_fastest_beside_the_sign_jump():
    slowest = 10.0 * STEPS  # |m| > T: the loss first went the other way
    p = measure_positions(np.array([FLOOR, STEPS, slowest, -1.0, -STEPS, -slowest]), STEPS)
    np.testing.assert_allclose(p[[0, 1, 2, 4, 5]], [3 / 8, 0, 0, 1, 1], atol=1e-12)
    assert 5 / 8 < p[3] < 5 / 8 + 0.01  # instant convergence (|m| = 1, its minimum)


def test_positions_are_monotone_and_logarithmic_on_the_diverged_side():
    mags = np.geomspace(1.0, 10.0 * STEPS, 2000)
    diverged, converged = measure_positions(mags, STEPS), measure_positions(-mags, STEPS)
    assert (np.diff(diverged) <= 0).all() and (np.diff(converged) >= 0).all()
    assert (np.diff(diverged[(mags > FLOOR) & (mags < STEPS)]) < 0).all()
    decades = 1 + (STEPS - 1) * 10.0 ** -np.arange(7)  # mean L_0 / L_t = 1, 0.1, ... 1e-6
    np.testing.assert_allclose(np.diff(measure_positions(decades, STEPS)), (3 / 8) / 6)


def test_the_scales_clip_is_the_measures():
    assert scale.MAX_VAL == measure.MAX_VAL


def test_nan_and_a_single_step_need_no_special_case():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = measure_positions(np.array([1.0, -1.0, np.nan]), steps=1)
        rgb = colour_layer(np.array([[np.nan]]), "measure", STEPS, "Spectral")
    np.testing.assert_array_equal(p[:2], [3 / 8, 1])
    assert np.isnan(p[2]) and tuple(rgb[0, 0]) == (128, 128, 128)

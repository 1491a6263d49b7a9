"""The Lyapunov layer: finite-time maximal exponents of gradient descent, per pixel."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from trainscape.analysis.dimension import boundary_mask
from trainscape.analysis.lyapunov import (
    LAMBDA_MAX,
    lyapunov_point,
    lyapunov_tile,
    lyapunov_values,
    lyapunov_window,
)
from trainscape.compute import compute_window
from trainscape.experiments import resolve
from trainscape.tiles import tile_values

E = resolve("tanh-quick@30")
PLANE = (Fraction(-3), Fraction(6), Fraction(-3), Fraction(6))


def test_a_tiny_learning_rate_contracts():
    running = lyapunov_point(E, (1e-3, 1e-3))
    assert running.shape == (E.steps,)
    assert running[-1] < 0


def test_a_huge_learning_rate_is_chaotic_and_finite():
    running = lyapunov_point(E, (1e5, 1e5))
    assert np.all(np.isfinite(running))
    assert 0 < running[-1] <= LAMBDA_MAX


def test_the_click_curve_ends_at_the_tile_value():
    tile = lyapunov_tile(E, 1, 1, 0, size=4)
    hp = tile_values(E, 1, 1, 0, 4)
    for k in (0, 5, 15):
        running = lyapunov_point(E, tuple(hp[k]))
        assert running[-1] == tile.ravel()[k]


def test_no_nan_reaches_a_tile_even_where_runs_diverge():
    e = resolve("tanh-quick@60")  # long enough for the largest rates to overflow
    lam, finite_steps = lyapunov_values(e, tile_values(e, 0, 0, 0, 8))
    measure = compute_window(e, PLANE, 8, 8).ravel()
    assert np.all(np.isfinite(lam))
    overflowed = finite_steps < e.steps
    assert overflowed.any(), "some runs should overflow within the run"
    assert np.all(measure[overflowed] > 0), "only diverged runs overflow"
    assert np.all(lam[overflowed] > 0)


def test_the_running_exponent_freezes_after_overflow():
    e = resolve("tanh-quick@60")
    running = lyapunov_point(e, (1e6, 1e6))
    assert np.all(np.isfinite(running))
    assert running[-1] == running[-10] > 0


def test_positive_exponents_line_up_with_the_boundary():
    n = 24
    measure = compute_window(E, PLANE, n, n)
    lam = lyapunov_window(E, PLANE, n, n)
    block = boundary_mask(measure)
    near = block.copy()  # pixels that belong to a boundary block
    near[1:, :] |= block[:-1, :]
    near[:, 1:] |= block[:, :-1]
    near[1:, 1:] |= block[:-1, :-1]
    interior = ~near & (measure < 0)
    assert near.sum() >= 10 and interior.sum() >= 10
    on_boundary = (lam[near] > 0).mean()
    assert on_boundary > 0.5, "positive exponents on the boundary more often than not"
    assert on_boundary > (lam[interior] > 0).mean()
    assert np.median(lam[near]) > np.median(lam[interior])

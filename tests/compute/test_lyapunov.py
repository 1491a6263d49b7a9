"""The Lyapunov layer: finite-time maximal exponents of gradient descent, per pixel."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np

from trainscape.analysis.dimension import boundary_mask
from trainscape.compute import compute_window
from trainscape.compute.lyapunov import (
    LAMBDA_MAX,
    lyapunov_point,
    lyapunov_tile,
    lyapunov_values,
    lyapunov_window,
)
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


@lru_cache(maxsize=8)
def _one_run_jvp(e):
    """jit (ws, u, hp_2, idx) -> (next ws, J u): jvp through the one-run step (`kernel.step`,
    jax.grad); compiled once per experiment so the reference loop is not op-by-op dispatch."""
    import jax

    from trainscape.compute.kernel import step
    from trainscape.compute.problem import make_problem

    p = make_problem(e)
    return jax.jit(
        lambda ws, u, hp_2, idx: jax.jvp(lambda w: step(e, p, w, hp_2, idx)[0], (ws,), (u,))
    )


def reference_exponent(e, hp: tuple[float, float]) -> float:
    """The definition, one run at a time: jvp through the one-run step (`kernel.step`, jax.grad),
    Python loop, no chunks, no early exit beyond the first non-finite stretch."""
    import jax.numpy as jnp

    from trainscape.compute.kernel import initial_weights
    from trainscape.compute.lyapunov import initial_tangent
    from trainscape.compute.problem import make_problem

    p = make_problem(e)
    one = _one_run_jvp(e)
    hp_2 = jnp.asarray(hp, dtype=jnp.float64)
    ws = initial_weights(e, p, hp_2)
    u = tuple(jnp.asarray(a) for a in initial_tangent(e))
    total, n = 0.0, 0
    for t in range(e.steps):
        idx = jnp.asarray(p.batch_idx_TxM[t]) if p.batch_idx_TxM is not None else jnp.zeros(1, int)
        ws, ju = one(ws, u, hp_2, idx)
        norm = float(jnp.sqrt(sum(jnp.sum(a * a) for a in ju)))
        if not np.isfinite(np.log(norm)):
            break
        total, n = total + np.log(norm), n + 1
        u = tuple(a / norm for a in ju)
    return total / n if n else LAMBDA_MAX


def test_tiles_match_the_one_run_definition_where_training_is_not_chaotic():
    for name in ("tanh-quick@30", "init-offset@20", "tanh-minibatch@20", "relu@20"):
        e = resolve(name)
        # the whole plane, and its small-rate quarter (where training contracts)
        hp = np.concatenate([tile_values(e, 0, 0, 0, 4), tile_values(e, 1, 0, 1, 2)])
        lam = lyapunov_values(e, hp)[0]
        checked = 0
        for k in range(len(hp)):
            ref = reference_exponent(e, tuple(hp[k]))
            if ref < 0:  # contracting: rounding differences shrink, values agree closely
                assert abs(lam[k] - ref) <= 1e-9 * abs(ref), (name, k, lam[k], ref)
                checked += 1
            else:  # chaotic or neutral: rounding grows, only the sign is robust
                assert (lam[k] > 0) == (ref > 0) or min(abs(lam[k]), abs(ref)) < 1e-2, (name, k)
        assert checked >= 3, name


def test_a_pixel_is_the_same_alone_or_in_a_tile():
    e = resolve("tanh-quick@40")
    hp = tile_values(e, 1, 1, 0, 16)
    lam = lyapunov_values(e, hp)[0]
    for k in (0, 77, 200, 255):
        alone = lyapunov_values(e, hp[k : k + 1])[0][0]
        assert alone == lam[k], (k, alone, lam[k])

"""Behaviour of the batched kernel a user would notice."""

from __future__ import annotations

import numpy as np

from trainscape.compute import compute_tile, run_many, run_point
from trainscape.experiments import PRESETS
from trainscape.tiles import pixel_values

QUICK = PRESETS["tanh-quick"].experiment.replace(steps=20)


def test_tiny_learning_rate_converges_huge_diverges():
    runs = run_many(QUICK, np.array([[1e-3, 1e-3], [1e5, 1e5]]), keep_losses=True)
    assert runs.converged.tolist() == [True, False]
    assert runs.measure[0] < 0 < runs.measure[1]
    assert runs.losses[0, -1] < runs.losses[0, 0]
    assert not runs.losses[1, -1] < 1e6 * runs.losses[1, 0]  # exploded (or non-finite)


def test_child_tile_is_quarter_of_parent_at_double_resolution():
    parent = compute_tile(QUICK, 1, 0, 1, size=64)  # 64 px over the parent = 32 per child
    child = compute_tile(QUICK, 2, 1, 3, size=32)  # bottom-right quarter of the parent
    np.testing.assert_array_equal(child, parent[32:, 32:])


def test_pixel_alone_equals_pixel_in_tile():
    tile = compute_tile(QUICK, 3, 2, 5, size=256)
    for i, j in [(0, 0), (17, 200), (255, 255), (128, 3)]:
        px, py = 2 * 256 + j, 5 * 256 + i
        run = run_point(QUICK, pixel_values(QUICK, 3, px, py))
        assert run.measure == tile[i, j]  # bitwise


def test_early_exit_is_exact():
    """A diverged run's skipped steps are NaN and its measure matches an explicit sum."""
    e = QUICK.replace(steps=100)
    run = run_point(e, (1e5, 1e5))
    v = np.where(np.isfinite(run.losses), run.losses, 1e6)
    v = np.minimum(v / v[0], 1e6)
    assert np.isnan(run.losses[-1])
    assert run.measure == np.float64(np.sum(1 / v)) or np.isclose(
        run.measure, np.sum(1 / v), rtol=1e-14
    )


def test_checkpoint_measure_matches_shorter_run():
    hp = np.array([[0.5, 2.0], [3.0, 30.0], [10.0, 0.1]])
    full = run_many(QUICK, hp)
    for k, t in enumerate(full.checkpoints):
        short = run_many(QUICK.replace(steps=t), hp).measure
        np.testing.assert_allclose(full.measure_at[:, k], short, rtol=1e-12)
    np.testing.assert_array_equal(full.measure_at[:, -1], full.measure)


def test_batch_order_does_not_change_values():
    rng = np.random.default_rng(0)
    hp = 10 ** rng.uniform(-2, 3, size=(40, 2))
    a = run_many(QUICK, hp).measure
    perm = rng.permutation(40)
    b = run_many(QUICK, hp[perm]).measure
    np.testing.assert_array_equal(a[perm], b)

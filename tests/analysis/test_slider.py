"""The training-step slider: the measure after T_c steps, from one full-length computation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from trainscape.compute import checkpoints, run_many
from trainscape.experiments import resolve
from trainscape.tiles import window_values

PLANE = (Fraction(-3), Fraction(6), Fraction(-3), Fraction(6))


def test_checkpoint_measure_equals_a_direct_shorter_run():
    e = resolve("tanh-quick@40")
    hp = window_values(*PLANE, 12, 12)
    runs = run_many(e, hp)
    assert runs.checkpoints == checkpoints(40)
    for c in (3, 9):
        t_c = runs.checkpoints[c]
        direct = run_many(e.replace(steps=t_c), hp).measure
        np.testing.assert_allclose(runs.measure_at[:, c], direct, rtol=1e-12, atol=0)
        assert np.array_equal(runs.measure_at[:, c] < 0, direct < 0)
    np.testing.assert_array_equal(runs.measure_at[:, -1], runs.measure)


def test_the_map_changes_as_training_proceeds():
    runs = run_many(resolve("tanh-quick@40"), window_values(*PLANE, 12, 12))
    first, last = runs.measure_at[:, 0], runs.measure_at[:, -1]
    assert np.all(np.abs(last) > np.abs(first)), "the measure accumulates over the steps"
    assert np.all(np.diff(np.abs(runs.measure_at), axis=1) > 0)

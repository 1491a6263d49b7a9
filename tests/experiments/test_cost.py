"""Cost estimates scale with the network, the data and the steps; every preset fits."""

from __future__ import annotations

import pytest

from trainscape.experiments import MAX_STEPS, PRESETS, Experiment
from trainscape.experiments.cost import (
    DIMENSION_BUDGET,
    LYAPUNOV_FACTOR,
    TILE_BUDGET,
    CostError,
    check_tile,
    max_steps,
    run_cost,
    step_cost,
)


def test_cost_grows_with_parameters_data_and_steps():
    paper = Experiment()
    assert step_cost(paper) > 3 * 272 * 272
    assert step_cost(Experiment(width=36, depth=3)) > 90 * step_cost(paper)
    assert step_cost(Experiment(batch=16)) < step_cost(paper)
    assert run_cost(paper.replace(steps=1000)) == 2 * run_cost(paper)


def test_every_preset_fits_at_every_step_count_and_layer():
    for p in PRESETS.values():
        e = p.experiment.replace(steps=MAX_STEPS)
        check_tile(e, LYAPUNOV_FACTOR)
        assert max_steps(p.experiment) == MAX_STEPS
    assert 64 * 64 * run_cost(PRESETS["tanh"].experiment) <= DIMENSION_BUDGET


def test_a_network_too_big_for_one_tile_is_refused_with_its_cost():
    big = Experiment(width=36, depth=3, steps=500)
    with pytest.raises(CostError) as info:
        check_tile(big)
    text = str(info.value)
    assert f"{TILE_BUDGET:.3g}" in text and f"at most {max_steps(big)} steps" in text
    check_tile(big.replace(steps=max_steps(big)))

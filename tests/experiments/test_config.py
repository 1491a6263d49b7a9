"""Experiment configs: validation, canonical identity, presets."""

from __future__ import annotations

import pytest

from trainscape.experiments import (
    PRESETS,
    Experiment,
    ExperimentError,
    custom_id,
    resolve,
)


def test_presets_match_the_paper_conditions():
    assert {
        "tanh",
        "relu",
        "linear",
        "tanh-minibatch",
        "tanh-single-point",
        "init-offset",
        "init-offset-once",
        "tanh-quick",
    } <= set(PRESETS)
    assert PRESETS["tanh"].experiment.n_params == 272
    assert PRESETS["tanh"].experiment.dataset_size == 272
    assert PRESETS["linear"].experiment.dataset_size == 16
    assert PRESETS["tanh-single-point"].experiment.dataset_size == 1
    assert PRESETS["tanh-minibatch"].experiment.batch == 16
    assert PRESETS["tanh-quick"].experiment.width == 8
    assert PRESETS["tanh-quick"].experiment.steps == 100
    assert all(p.experiment.steps == 500 for k, p in PRESETS.items() if k != "tanh-quick")


def test_content_id_is_stable_and_canonical():
    a = Experiment(x0="-3.0", x1=6)
    b = Experiment(x0="-3", x1="6.000")
    assert a == b and a.content_id == b.content_id
    assert Experiment(steps=501).content_id != a.content_id
    assert Experiment.from_dict(a.to_dict()) == a


def test_steps_override_makes_a_different_experiment():
    assert resolve("tanh@1000").steps == 1000
    assert resolve("tanh@1000").content_id != resolve("tanh").content_id


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"activation": "gelu"}, "activation"),
        ({"width": 0}, "width"),
        ({"width": 1000}, "width"),
        ({"steps": 0}, "steps"),
        ({"steps": 10**6}, "steps"),
        ({"x0": "abc"}, "x0"),
        ({"x0": "5", "x1": "4"}, "x1"),
        ({"batch": 0}, "batch"),
        ({"batch_seed": -1}, "batch_seed"),
        ({"batch_seed": "42"}, "batch_seed"),
        ({"depth": 9}, "depth"),
        ({"x1": "nan"}, "x1"),
    ],
)
def test_invalid_configs_name_the_field(changes, field):
    with pytest.raises(ExperimentError) as info:
        Experiment(**changes)
    assert info.value.field == field


def test_unknown_fields_and_ids():
    with pytest.raises(ExperimentError):
        Experiment.from_dict({"widht": 3})
    with pytest.raises(KeyError):
        resolve("nope")
    e = Experiment(width=4)
    assert resolve(custom_id(e), {custom_id(e): e}.get) == e


def test_preset_descriptions_state_their_configs_numbers():
    import re

    for p in PRESETS.values():
        e = p.experiment
        for n in re.findall(r"(\d+) (?:data )?points", p.description):
            assert int(n) in (e.dataset_size, e.batch), (p.id, n)
        for w in re.findall(r"[Ww]idth-(\d+)", p.description):
            assert int(w) == e.width, (p.id, w)
        for s in re.findall(r"(\d+) steps", p.description):
            assert int(s) == e.steps, (p.id, s)


def test_step_counts_with_leading_zeros_are_refused_so_each_experiment_has_one_id():
    assert resolve("tanh@5").steps == 5
    for bad in ("tanh@05", "tanh@0005"):
        with pytest.raises(ExperimentError) as info:
            resolve(bad)
        assert info.value.field == "steps" and "write tanh@5" in info.value.message
    with pytest.raises(ExperimentError, match="out of range"):
        resolve("tanh@00")


@pytest.mark.parametrize("value", ["1_0", " 1", "1 ", ".5"])
def test_plane_bounds_are_plain_decimal_strings(value):
    with pytest.raises(ExperimentError) as info:
        Experiment(x0=value)
    assert info.value.field == "x0" and "not a decimal number" in info.value.message

"""The paper's six conditions (plus variants) as named presets, and experiment-id resolution.

An experiment id is a preset name (`tanh`), a preset with its step count overridden
(`tanh@1000`; no leading zeros, so that each experiment has one id), or the content id of a
custom experiment (`c` + 20 hex digits), which a caller resolves through its own registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from trainscape.experiments.config import LIMITS, Experiment, ExperimentError


@dataclass(frozen=True)
class Bookmark:
    """A window of the paper's six-panel figure, in linear hyperparameter units; `steps` is the
    step count the figure needs when it differs from the preset's (None = the preset's)."""

    title: str
    x: tuple[str, str]
    y: tuple[str, str]
    steps: int | None = None


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    description: str
    experiment: Experiment
    bookmarks: tuple[Bookmark, ...] = field(default=())


def _bm(x0: str, x1: str, y0: str, y1: str, steps: int | None = None) -> tuple[Bookmark, ...]:
    return (Bookmark("Paper figure window", (x0, x1), (y0, y1), steps),)


PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset(
            "tanh",
            "tanh, full batch",
            "Width-16 tanh net, 272 points, full-batch GD; learning rate of layer 1 (x) vs "
            "layer 2 (y). The paper's main figure.",
            Experiment(activation="tanh"),
            _bm("13.29976231", "13.29978604", "200.3582269", "200.3585844"),
        ),
        Preset(
            "relu",
            "ReLU, full batch",
            "As `tanh` with a ReLU nonlinearity.",
            Experiment(activation="relu"),
            _bm("0.577622737", "0.577625590", "81.4432439", "81.4436463"),
        ),
        Preset(
            "linear",
            "linear (identity), full batch",
            "As `tanh` with no nonlinearity; 16 data points (N = width).",
            Experiment(activation="identity", dataset="width"),
            _bm("190.010080", "190.011840", "4.77745244", "4.77749670"),
        ),
        Preset(
            "tanh-minibatch",
            "tanh, minibatch 16",
            "As `tanh`, each step's gradient on 16 points drawn with replacement (the same "
            "sequence for every pixel); the recorded loss is full batch.",
            Experiment(activation="tanh", batch=16),
            # at 500 steps every pixel of this window diverges; the figure needs 1000
            _bm(
                "0.267398835471957",
                "0.267398835475071",
                "174.269509700711",
                "174.269509702741",
                steps=1000,
            ),
        ),
        Preset(
            "tanh-single-point",
            "tanh, one data point",
            "As `tanh` trained on a single data point (N = 1).",
            Experiment(activation="tanh", dataset="single"),
            _bm("48.298735", "48.299146", "18.2066141", "18.2067690"),
        ),
        Preset(
            "init-offset",
            "init offset vs learning rate",
            "tanh net; x is an offset added to layer-1 weights (re-added every step, as the "
            "paper's notebook does), y one learning rate shared by both layers.",
            Experiment(activation="tanh", plane="offset_vs_lr", offset_mode="every_step"),
            _bm("0.1960618282403", "0.1960618285243", "39.0254607863", "39.0254608429"),
        ),
        Preset(
            "init-offset-once",
            "init offset (applied once) vs learning rate",
            "As `init-offset`, but the offset is applied once at initialisation, as the "
            "paper's text describes.",
            Experiment(activation="tanh", plane="offset_vs_lr", offset_mode="once"),
        ),
        Preset(
            "tanh-quick",
            "tanh, quick (CPU)",
            "Width-8 tanh net, 72 points, 100 steps: the notebook's interactive setting, fast "
            "enough for a CPU. The default where no GPU is present.",
            Experiment(activation="tanh", width=8, steps=100),
        ),
    )
}

DEFAULT_PRESET = "tanh-quick"
_STEPS_SUFFIX = re.compile(r"^(?P<name>[a-z0-9-]+)@(?P<steps>[0-9]{1,6})$")
CUSTOM_ID = re.compile(r"^c[0-9a-f]{20}$")


def custom_id(experiment: Experiment) -> str:
    """The id under which a custom experiment is addressed: `c` + its content hash."""
    return "c" + experiment.content_id


def resolve(
    experiment_id: str, lookup: Callable[[str], Experiment | None] | None = None
) -> Experiment:
    """Experiment for an id; raises KeyError (unknown id) or ExperimentError (bad steps)."""
    if experiment_id in PRESETS:
        return PRESETS[experiment_id].experiment
    m = _STEPS_SUFFIX.match(experiment_id)
    if m and m["name"] in PRESETS:
        steps = int(m["steps"])
        lo, hi = LIMITS["steps"]
        if not lo <= steps <= hi:
            raise ExperimentError("steps", f"{steps} is out of range; allowed [{lo}, {hi}]")
        if m["steps"] != str(steps):  # one id per experiment: tanh@5, never tanh@05
            raise ExperimentError(
                "steps",
                f"{experiment_id!r} has leading zeros in the step count; write {m['name']}@{steps}",
            )
        return PRESETS[m["name"]].experiment.replace(steps=steps)
    if lookup is not None and CUSTOM_ID.match(experiment_id):
        found = lookup(experiment_id)
        if found is not None:
            return found
    raise KeyError(experiment_id)


@lru_cache(maxsize=256)
def experiment_id(e: Experiment) -> str:
    """The id `resolve` reads back as `e`: its preset (`tanh`), preset@steps (`tanh@1000`) or,
    for any other experiment, its custom id."""
    for name, preset in PRESETS.items():
        if preset.experiment == e:
            return name
    for name, preset in PRESETS.items():
        if preset.experiment.replace(steps=e.steps) == e:
            return f"{name}@{e.steps}"
    return custom_id(e)


def with_steps(experiment_id: str, steps: int | None) -> str:
    """The id of `experiment_id` with its step count overridden (presets only)."""
    if steps is None:
        return experiment_id
    base = experiment_id.split("@", 1)[0]
    if base not in PRESETS:
        raise ExperimentError(
            "steps",
            "a step override applies to presets only; "
            "post a custom experiment with its own steps instead",
        )
    return f"{base}@{steps}"

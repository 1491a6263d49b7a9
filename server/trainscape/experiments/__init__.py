"""Experiments: frozen, validated, hashable configs and the paper's presets."""

from trainscape.experiments.config import (
    LIMITS,
    MAX_STEPS,
    Experiment,
    ExperimentError,
)
from trainscape.experiments.presets import (
    DEFAULT_PRESET,
    PRESETS,
    Bookmark,
    Preset,
    custom_id,
    experiment_id,
    resolve,
    with_steps,
)

__all__ = [
    "DEFAULT_PRESET",
    "LIMITS",
    "MAX_STEPS",
    "PRESETS",
    "Bookmark",
    "Experiment",
    "ExperimentError",
    "Preset",
    "custom_id",
    "experiment_id",
    "resolve",
    "with_steps",
]

"""Experiments: frozen, validated, hashable configs and the paper's presets."""

from trainscape.experiments.config import (
    MAX_STEPS,
    Experiment,
    ExperimentError,
    LIMITS,
)
from trainscape.experiments.presets import (
    DEFAULT_PRESET,
    PRESETS,
    Bookmark,
    Preset,
    custom_id,
    resolve,
    with_steps,
)

__all__ = [
    "DEFAULT_PRESET",
    "Experiment",
    "ExperimentError",
    "LIMITS",
    "MAX_STEPS",
    "PRESETS",
    "Bookmark",
    "Preset",
    "custom_id",
    "resolve",
    "with_steps",
]

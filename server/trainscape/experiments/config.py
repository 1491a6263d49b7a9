"""The experiment config: what is trained at every pixel, as a frozen, hashable value.

Its canonical JSON form and content hash (`Experiment.content_id`) are what caches and URLs use.
Plane bounds are exact decimal strings (log10 units), never floats, so that pixel coordinates can
be computed exactly from integers (see `trainscape.tiles`); they are never rounded, and their size
is bounded (`trainscape.experiments.decimals`: no digit finer than 1e-64).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from trainscape.errors import TrainscapeError, shown
from trainscape.experiments.decimals import (
    BOUND_PLACES,
    DecimalError,
    decimal_string,
    parse_decimal,
)
from trainscape.experiments.measure import checkpoints

Activation = Literal["tanh", "relu", "identity"]
Dataset = Literal["params", "width", "single"]
Plane = Literal["lr_vs_lr", "offset_vs_lr"]
OffsetMode = Literal["every_step", "once"]

ACTIVATIONS: tuple[str, ...] = ("tanh", "relu", "identity")
DATASETS: tuple[str, ...] = ("params", "width", "single")
PLANES: tuple[str, ...] = ("lr_vs_lr", "offset_vs_lr")
OFFSET_MODES: tuple[str, ...] = ("every_step", "once")

#: Cost caps for any experiment (presets and custom ones); the API documents them.
LIMITS: dict[str, tuple[int, int]] = {
    "width": (1, 64),
    "depth": (2, 4),
    "steps": (1, 10_000),
    "batch": (1, 1024),
    "dataset_size": (1, 4096),
    "seed": (0, 2**31 - 1),
}
MAX_STEPS = LIMITS["steps"][1]
#: log10 bounds of a plane must lie inside this range and span at least MIN_SPAN decades.
BOUND_RANGE = (Decimal(-30), Decimal(30))
MIN_SPAN = Decimal("1e-6")


class ExperimentError(TrainscapeError, ValueError):
    """A config value is invalid; `field` names it, the message says what is allowed."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _decimal(field: str, value: Any) -> str:
    """A log10 bound as a canonical exact decimal string (size bounded: `decimals`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ExperimentError(field, "must be a decimal number or a decimal string")
    text = repr(value) if isinstance(value, float) else str(value)
    try:
        d = parse_decimal(text, places=BOUND_PLACES)
    except DecimalError as exc:
        raise ExperimentError(field, str(exc)) from None
    if not BOUND_RANGE[0] <= d <= BOUND_RANGE[1]:
        raise ExperimentError(field, f"must lie in [{BOUND_RANGE[0]}, {BOUND_RANGE[1]}] (log10)")
    return decimal_string(d)


def _int(field: str, value: Any, limits: str | None = None) -> int:
    """`value` if it is an integer within LIMITS[limits or field]; ExperimentError on `field`."""
    lo, hi = LIMITS[limits or field]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExperimentError(field, f"must be an integer in [{lo}, {hi}]")
    if not lo <= value <= hi:
        raise ExperimentError(field, f"{shown(value)} is out of range; allowed [{lo}, {hi}]")
    return value


def _choice(field: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ExperimentError(field, f"{shown(value)} is not one of {', '.join(allowed)}")
    return str(value)


@dataclass(frozen=True)
class Experiment:
    """One trainability experiment: a network, its data, its training, and the plane it spans.

    Layer i (0-based) trains with hyperparameter i mod 2 on the lr_vs_lr plane; on the
    offset_vs_lr plane x is an offset added to layer-1 weights and y one shared learning rate.
    """

    activation: Activation = "tanh"
    width: int = 16
    depth: int = 2
    dataset: Dataset = "params"
    batch: int | None = None
    steps: int = 500
    plane: Plane = "lr_vs_lr"
    offset_mode: OffsetMode = "every_step"
    x0: str = "-3"
    x1: str = "6"
    y0: str = "-3"
    y1: str = "6"
    seed: int = 0
    batch_seed: int = 42

    def __post_init__(self) -> None:
        _choice("activation", self.activation, ACTIVATIONS)
        _choice("dataset", self.dataset, DATASETS)
        _choice("plane", self.plane, PLANES)
        _choice("offset_mode", self.offset_mode, OFFSET_MODES)
        for name in ("width", "depth", "steps", "seed"):
            _int(name, getattr(self, name))
        _int("batch_seed", self.batch_seed, "seed")
        if self.batch is not None:
            _int("batch", self.batch)
        for name in ("x0", "x1", "y0", "y1"):
            object.__setattr__(self, name, _decimal(name, getattr(self, name)))
        x0, x1, y0, y1 = self.bounds
        for (lo, hi), span in ((("x0", "x1"), x1 - x0), (("y0", "y1"), y1 - y0)):
            if span < Fraction(MIN_SPAN):
                raise ExperimentError(hi, f"must exceed {lo} by at least {MIN_SPAN} decades")
        n = self.dataset_size
        if n > LIMITS["dataset_size"][1]:
            raise ExperimentError(
                "width",
                f"dataset of {n} points exceeds {LIMITS['dataset_size'][1]}; use a "
                "smaller width or depth, or another dataset rule",
            )

    # -- derived quantities -------------------------------------------------------------
    @property
    def layer_shapes(self) -> tuple[tuple[int, int], ...]:
        """(fan_in, fan_out) of each layer; the last layer has one output."""
        return tuple(
            (self.width, 1 if i == self.depth - 1 else self.width) for i in range(self.depth)
        )

    @property
    def n_params(self) -> int:
        return sum(a * b for a, b in self.layer_shapes)

    @property
    def dataset_size(self) -> int:
        return {"params": self.n_params, "width": self.width, "single": 1}[self.dataset]

    @property
    def bounds(self) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        """Exact log10 bounds (x0, x1, y0, y1)."""
        return tuple(Fraction(Decimal(getattr(self, k))) for k in ("x0", "x1", "y0", "y1"))  # type: ignore[return-value]

    @property
    def run_steps_per_pixel(self) -> int:
        return self.steps

    @property
    def checkpoints(self) -> tuple[int, ...]:
        """Step counts whose measure every tile also stores (the training-step slider)."""
        return checkpoints(self.steps)

    # -- identity ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def canonical_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @property
    def content_id(self) -> str:
        """Stable content hash of the canonical form (what cache keys use)."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:20]

    def replace(self, **changes: Any) -> Experiment:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Experiment:
        if not isinstance(data, dict):
            raise ExperimentError("config", "must be a JSON object")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ExperimentError(unknown[0], f"unknown field; allowed: {', '.join(sorted(known))}")
        return cls(**data)

"""The layer registry: what a tile can show. A layer maps (experiment, z, x, y, size) to a
(size, size) float64 array, row 0 = top.

`measure` is the paper's measure; it also yields the measure after each checkpoint step (the
training-step slider) from the same computation. Other layers register one function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from trainscape.experiments import Experiment
from trainscape.experiments.cost import LYAPUNOV_FACTOR

LayerFn = Callable[[Experiment, int, int, int, int], np.ndarray]


@dataclass(frozen=True)
class Layer:
    """A named tile layer; `steps` = it also stores one tile per checkpoint step; `cost` = what
    one run costs in measure runs (`trainscape.experiments.cost`)."""

    name: str
    tile: LayerFn
    steps: bool = False
    description: str = ""
    cost: int = 1


LAYERS: dict[str, Layer] = {}


def register(layer: Layer) -> None:
    """Make `layer` available to tiles, previews and tileset.json."""
    LAYERS[layer.name] = layer


def _measure_tile(e: Experiment, z: int, x: int, y: int, size: int) -> np.ndarray:
    from trainscape.compute import compute_tile

    return compute_tile(e, z, x, y, size)


register(
    Layer(
        "measure",
        _measure_tile,
        steps=True,
        description="training measure: negative = converged, positive = diverged",
    )
)
try:  # the analysis layer registers itself here once it exists
    from trainscape.analysis.lyapunov import lyapunov_tile

    register(
        Layer(
            "lyapunov",
            lyapunov_tile,
            description="finite-time maximal Lyapunov exponent of training",
            cost=LYAPUNOV_FACTOR,
        )
    )
except ModuleNotFoundError as exc:
    if exc.name != "trainscape.analysis.lyapunov":
        raise

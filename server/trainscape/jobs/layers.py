"""The layer registry: what a tile can show, and which kernel computes it.

A layer's kernel maps (experiment, z, x, y, size, progress) to its tiles, {step: (size, size)
float64 array, row 0 = top}: step None is the tile after all steps, other keys the checkpoint
tiles of the training-step slider (layers with `steps`). Kernels are named as "module:function"
and imported on first use, so reading the registry (the API's menus, validation, tileset.json)
loads no JAX. A new layer is one `register(Layer(...))`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from trainscape.experiments import Experiment
from trainscape.experiments.cost import LYAPUNOV_FACTOR


@dataclass(frozen=True)
class Layer:
    """A named tile layer. `kernel`: "module:function" computing its tiles; `point`: optional
    "module:function" (experiment, hyperparameters) -> per-step values added to a point's
    answer under the layer's name; `steps`: it also stores one tile per checkpoint step;
    `cost`: what one of its runs costs in measure runs (`trainscape.experiments.cost`)."""

    name: str
    kernel: str
    description: str = ""
    steps: bool = False
    cost: int = 1
    point: str | None = None

    def tiles(self, e: Experiment, z: int, x: int, y: int, size: int, progress=None) -> dict:
        """{step (None = final): values (size, size)} of tile (z, x, y) at size x size px."""
        return _resolve(self.kernel)(e, z, x, y, size, progress)

    def point_values(self, e: Experiment, hp: tuple[float, float]) -> Any:
        assert self.point is not None
        return _resolve(self.point)(e, hp)

    def payload_steps(self, e: Experiment) -> tuple[int | None, ...]:
        """The steps of every tile a job of this layer stores (None = the final one)."""
        return (*(t for t in e.checkpoints if t != e.steps), None) if self.steps else (None,)


@cache
def _resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


LAYERS: dict[str, Layer] = {}


def register(layer: Layer) -> None:
    """Make `layer` available to tiles, previews, points and tileset.json."""
    LAYERS[layer.name] = layer


register(
    Layer(
        "measure",
        "trainscape.compute.engine:measure_tiles",
        "training measure: negative = converged, positive = diverged",
        steps=True,
    )
)
register(
    Layer(
        "lyapunov",
        "trainscape.compute.lyapunov:lyapunov_tiles",
        "finite-time maximal Lyapunov exponent of training",
        cost=LYAPUNOV_FACTOR,
        point="trainscape.compute.lyapunov:lyapunov_point",
    )
)

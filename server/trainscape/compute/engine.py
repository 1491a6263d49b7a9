"""What the rest of trainscape calls: a tile's measure, one run's trajectory, a window."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from trainscape.compute.runner import Progress, Runs, run_many
from trainscape.experiments import Experiment
from trainscape.tiles import TILE_SIZE, tile_values, window_values


def compute_tile_runs(
    e: Experiment,
    z: int,
    x: int,
    y: int,
    size: int = TILE_SIZE,
    progress: Progress | None = None,
) -> Runs:
    """All per-pixel results of tile (z, x, y) sampled at size x size pixel centres."""
    return run_many(e, tile_values(e, z, x, y, size), progress=progress)


def measure_tiles(
    e: Experiment, z: int, x: int, y: int, size: int, progress: Progress | None = None
) -> dict[int | None, np.ndarray]:
    """The measure layer's tiles of (z, x, y): {checkpoint step: measure after that many steps,
    ..., None: the measure after all steps}, each (size, size), final last."""
    runs = compute_tile_runs(e, z, x, y, size, progress)
    out: dict[int | None, np.ndarray] = {
        t: runs.measure_at[:, c].reshape(size, size)
        for c, t in enumerate(runs.checkpoints)
        if t != e.steps
    }
    out[None] = runs.measure.reshape(size, size)
    return out


def compute_tile(
    e: Experiment,
    z: int,
    x: int,
    y: int,
    size: int = TILE_SIZE,
    progress: Progress | None = None,
) -> np.ndarray:
    """float64 measure (size, size) of tile (z, x, y); row 0 = top, column 0 = left.

    size < 256 (a power of two) computes the exact centres of a coarser grid: a preview.
    """
    return compute_tile_runs(e, z, x, y, size, progress).measure.reshape(size, size)


def compute_window(
    e: Experiment,
    bounds: tuple[Fraction, Fraction, Fraction, Fraction],
    width: int,
    height: int,
    progress: Progress | None = None,
) -> np.ndarray:
    """float64 measure (height, width) over an arbitrary log10 window (x0, x1, y0, y1)."""
    hp = window_values(*bounds, width, height)
    return run_many(e, hp, progress=progress).measure.reshape(height, width)


@dataclass(frozen=True)
class PointRun:
    """One training run: hyperparameters, full-batch loss before each update, its measure."""

    hp: tuple[float, float]
    losses: np.ndarray
    measure: float
    converged: bool


def run_point(e: Experiment, hp: tuple[float, float]) -> PointRun:
    """The run at one hyperparameter pair, through the same compiled kernel as tiles (so the
    measure is bitwise the tile's value at that pixel)."""
    runs = run_many(e, np.array([hp], dtype=np.float64), keep_losses=True)
    assert runs.losses is not None
    return PointRun(hp, runs.losses[0], float(runs.measure[0]), bool(runs.converged[0]))

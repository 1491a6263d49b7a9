"""The compute core: the paper's training runs, batched in JAX (float64), and their measure.

Importing this package configures JAX (float64, one XLA device per CPU core) before any
backend starts.
"""

from trainscape.compute.backend import init

init()

from trainscape.compute.engine import (
    PointRun,
    compute_tile,
    compute_tile_runs,
    compute_window,
    run_point,
)
from trainscape.compute.measure import checkpoints
from trainscape.compute.runner import Runs, map_chunks, run_many

__all__ = [
    "PointRun",
    "Runs",
    "checkpoints",
    "compute_tile",
    "compute_tile_runs",
    "compute_window",
    "init",
    "map_chunks",
    "run_many",
    "run_point",
]

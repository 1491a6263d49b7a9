"""Jobs: what a tile computation is (`model`), the layers it can compute (`layers`), its one
lifecycle (`lifecycle`) and the two transports that run it (`embedded`, `redis`).

Importing this package loads neither JAX nor Redis; the transports are imported explicitly."""

from trainscape.jobs.layers import LAYERS, Layer, register
from trainscape.jobs.lifecycle import JobEngine, Rules
from trainscape.jobs.model import (
    ComputeFailed,
    JobError,
    NotReady,
    Priority,
    QueueFull,
    TileJob,
    kind,
)

__all__ = [
    "LAYERS",
    "ComputeFailed",
    "JobEngine",
    "JobError",
    "Layer",
    "NotReady",
    "Priority",
    "QueueFull",
    "Rules",
    "TileJob",
    "kind",
    "register",
]

"""Tile jobs: the layer registry, the pure job body, embedded and Redis engines, delivery."""

from trainscape.jobs.layers import LAYERS, Layer, register
from trainscape.jobs.model import (
    ComputeFailed,
    JobError,
    NotReady,
    Priority,
    QueueFull,
    TileJob,
    kind,
)
from trainscape.jobs.service import Payload, TileRequest, TileService, ViewClock, ViewHint

__all__ = [
    "LAYERS",
    "ComputeFailed",
    "JobError",
    "Layer",
    "NotReady",
    "Payload",
    "Priority",
    "QueueFull",
    "TileJob",
    "TileRequest",
    "TileService",
    "ViewClock",
    "ViewHint",
    "kind",
    "register",
]

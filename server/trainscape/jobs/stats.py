"""Counters of the job engine, as a snapshot the metrics endpoint exports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class JobStats:
    """Totals over the engine: local in embedded mode, cluster-wide (from Redis) otherwise."""

    computed: int = 0
    failed: int = 0
    dropped: int = 0  # queued jobs nobody asked for any more
    abandoned: int = 0  # full tiles stopped while computing: nobody asked for them any more
    enqueued: int = 0
    compute_seconds: float = 0.0
    queue_depth: int = 0
    running: int = 0
    workers: int = 0
    worker_numerics: tuple[str, ...] = ()  # distinct `compute.runner.numerics()` of the workers

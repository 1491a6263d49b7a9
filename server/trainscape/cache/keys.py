"""Every cache and coordination key is built here: content addresses, never reused.

A tile key is experiment content id + kernel version + z/x/y + kind, so the bytes under a key
never change (a kernel change bumps `trainscape.KERNEL_VERSION`).
"""

from __future__ import annotations

from functools import lru_cache

from trainscape import KERNEL_VERSION
from trainscape.experiments import Experiment

PREFIX = "trainscape"


@lru_cache(maxsize=4096)
def _cid(e: Experiment) -> str:
    return e.content_id


def tile_key(e: Experiment, z: int, x: int, y: int, kind: str) -> str:
    """Key of one stored tile payload; kind e.g. `measure`, `measure@50`, `measure.preview`."""
    return f"{PREFIX}:tile:k{KERNEL_VERSION}:{_cid(e)}:{z}/{x}/{y}:{kind}"


def png_key(tile: str, render_version: str, colormap: str) -> str:
    """Key of the PNG of the tile stored under `tile`, as coloured by one renderer version."""
    return f"{tile}.png.r{render_version}.{colormap}"


def job_key(e: Experiment, z: int, x: int, y: int, layer: str) -> str:
    """Identity of one tile computation (dedup marker, done channel)."""
    return f"{PREFIX}:job:k{KERNEL_VERSION}:{_cid(e)}:{z}/{x}/{y}:{layer}"


def point_key(e: Experiment, u: str, v: str, layer: str) -> str:
    """Key of one cached point run (exact log10 strings)."""
    return f"{PREFIX}:point:k{KERNEL_VERSION}:{_cid(e)}:{u}:{v}:{layer}"


#: The set of posted experiments' ids (Redis mode: counted against TRAINSCAPE_MAX_EXPERIMENTS).
EXPERIMENTS_KEY = f"{PREFIX}:experiments"


def experiment_key(experiment_id: str) -> str:
    """Where a custom experiment's config lives (never evicted)."""
    return f"{PREFIX}:experiment:{experiment_id}"


def preview_set(queue_name: str) -> str:
    """The job queue's sorted set of preview jobs (Redis mode; `jobs.redis.queue`)."""
    return f"{queue_name}:preview"


def full_set(queue_name: str) -> str:
    """The job queue's sorted set of full-tile jobs."""
    return f"{queue_name}:full"


def messages_hash(queue_name: str) -> str:
    """The hash from a queued job to its taskiq message."""
    return f"{queue_name}:messages"


def preview_job(job: str) -> str:
    """Identity of a tile's preview computation, queued ahead of the full tile (Redis mode)."""
    return f"{job}:preview"


def inflight_key(job: str) -> str:
    return f"{job}:inflight"


def wanted_key(job: str) -> str:
    """Present while someone has asked for the job within the stale time (Redis mode)."""
    return f"{job}:wanted"


def failed_key(job: str) -> str:
    """Holds the error of a job that failed, for the failure backoff (expires)."""
    return f"{job}:failed"


def done_channel(job: str) -> str:
    return f"{job}:done"


DONE_PATTERN = f"{PREFIX}:job:*:done"
WORKER_PATTERN = f"{PREFIX}:worker:*"
STATS_KEY = f"{PREFIX}:stats"


def worker_key(worker_id: str) -> str:
    return f"{PREFIX}:worker:{worker_id}"

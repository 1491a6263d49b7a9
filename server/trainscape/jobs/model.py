"""What a job is (one tile layer to compute, in phases), its priority, and the errors callers
see. Pure: no JAX, no Redis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainscape.cache.keys import job_key, tile_key
from trainscape.errors import TrainscapeError
from trainscape.experiments import Experiment
from trainscape.experiments.presets import experiment_id

PREVIEW_SUFFIX = ".preview"
#: Seconds a failed job is not run again (its requests get the error meanwhile).
FAILURE_BACKOFF_S = 30
#: A job's phases: a tile's preview (queued ahead of every full tile), then the full tile.
PREVIEW, FULL = "preview", "full"


def kind(e: Experiment, layer: str, step: int | None = None, preview: bool = False) -> str:
    """Payload kind of a layer's tile at a checkpoint step (None or e.steps = all steps)."""
    name = layer if step is None or step == e.steps else f"{layer}@{step}"
    return name + (PREVIEW_SUFFIX if preview else "")


@dataclass(frozen=True)
class TileJob:
    """One computation: every payload of one layer of one tile (previews, steps, final)."""

    experiment: Experiment
    z: int
    x: int
    y: int
    layer: str

    @property
    def key(self) -> str:
        return job_key(self.experiment, self.z, self.x, self.y, self.layer)

    @property
    def name(self) -> str:
        """What a log line calls the job: `tanh-quick@5 measure 2/1/3`."""
        return f"{experiment_id(self.experiment)} {self.layer} {self.z}/{self.x}/{self.y}"

    def payload_key(self, step: int | None = None, preview: bool = False) -> str:
        """Where the job stores its tile (at checkpoint `step`; or its preview)."""
        e = self.experiment
        return tile_key(e, self.z, self.x, self.y, kind(e, self.layer, step, preview))

    def to_dict(self) -> dict[str, Any]:
        return {
            "experiment": self.experiment.to_dict(),
            "z": self.z,
            "x": self.x,
            "y": self.y,
            "layer": self.layer,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TileJob:
        return cls(
            Experiment.from_dict(d["experiment"]),
            int(d["z"]),
            int(d["x"]),
            int(d["y"]),
            str(d["layer"]),
        )


@dataclass(frozen=True)
class Task:
    """One phase of one job, as queued and run: `phase` is PREVIEW or FULL."""

    job: TileJob
    phase: str = FULL

    @property
    def preview(self) -> bool:
        return self.phase == PREVIEW

    @property
    def name(self) -> str:
        return f"{self.job.name} {self.phase}"

    def to_dict(self) -> dict[str, Any]:
        """The queue message (a preview names its phase; a full task's is the job's dict, as
        in earlier versions, so messages queued by them still run)."""
        return {**self.job.to_dict(), **({"phase": PREVIEW} if self.preview else {})}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Task:
        return cls(TileJob.from_dict(d), PREVIEW if d.get("phase") == PREVIEW else FULL)


@dataclass(frozen=True)
class Priority:
    """Which queued task an engine runs first: the newest view, then the lowest rank in it.

    `view` is when the server first saw the request's view (monotonic seconds; a request that
    names no view is a view of its own, seen when it arrived); `rank` orders the tiles of one
    view (the explorer sends each tile's distance from the centre of the screen).
    """

    view: float
    rank: int = 0

    @property
    def order(self) -> tuple[float, int]:
        """Larger runs first."""
        return (self.view, -self.rank)

    def newer(self, other: Priority) -> Priority:
        """The one of the two that runs first (a tile keeps the newest view it was wanted in)."""
        return self if self.order >= other.order else other


class JobError(TrainscapeError):
    """Base of the errors the job layer raises; `retry_after` is in seconds."""

    def __init__(self, message: str, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after


class QueueFull(JobError):
    """Too many tiles waiting to be computed."""


class NotReady(JobError):
    """The tile is still computing (and no preview is ready yet)."""


class ComputeFailed(JobError):
    """The computation raised; nothing was cached. Its tile is retried after a backoff."""


class Abandoned(Exception):
    """Nobody has asked for the tile within the stale time: its computation stops between two
    chunks and its partial results are dropped (not an error: a later request starts it anew)."""


class Shutdown(Exception):
    """The engine is closing: a computation stops between two chunks, its results dropped."""


def failure_text(exc: BaseException) -> str:
    """One line naming what went wrong in a failed job (shown to the clients that want it)."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:300].rstrip(": ")


def failed(text: str, retry_after: float) -> ComputeFailed:
    """The error for a request whose tile failed `text` and is retried in `retry_after` s."""
    s = max(1, round(retry_after))
    return ComputeFailed(f"computing this tile failed ({text}); it will be retried in {s} s", s)

"""The JSON answers' shapes, so that /openapi.json documents them and a response that drifts
from them fails (FastAPI validates `response_model`s; schemathesis checks the rest)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Axis(Strict):
    name: str
    label: str
    log10: tuple[str, str]  # exact decimal bounds of the plane
    scale: str


class Axes(Strict):
    x: Axis
    y: Axis


class Bookmark(Strict):
    title: str
    x: tuple[str, str]
    y: tuple[str, str]
    steps: int
    experiment: str


class ExperimentCost(Strict):
    step: int
    run: int
    tile: int
    max_steps: int
    dimension_max_size: int


class ExperimentInfo(Strict):
    id: str
    title: str
    description: str
    config: dict[str, Any]  # the fields of POST /api/experiments
    steps: int
    max_zoom: int
    axes: Axes
    checkpoints: list[int]
    layers: list[str]  # the layers whose tiles are served for it
    bookmarks: list[Bookmark]
    tileset: str
    cost: ExperimentCost


class Budgets(Strict):
    unit: str
    step_overhead: int
    lyapunov_factor: int
    tile: int
    dimension: int


class ExperimentList(Strict):
    default: str
    limits: dict[str, tuple[int, int]]
    cost: Budgets
    experiments: list[ExperimentInfo]


class LayerEntry(Strict):
    id: str
    description: str
    steps: bool
    cost: int
    available: bool
    reason: str | None = None


class TileUrls(Strict):
    npy: str
    png: str


class Tileset(Strict):
    id: str
    scheme: str
    plane: str
    axes: Axes
    tile_size: int
    minzoom: int
    maxzoom: int
    kernel_version: str
    steps: int
    checkpoints: list[int]
    layers: list[LayerEntry]
    tiles: TileUrls
    pixel: str
    point: str


class Coordinate(Strict):
    log10: str  # exact
    value: float
    label: str


class PointRun(BaseModel):
    """The training run at one point; a layer with a point kernel (e.g. `lyapunov`) adds its
    per-step series under its name."""

    model_config = ConfigDict(extra="allow")

    losses: list[float | None]  # null: not finite
    measure: float | str  # "Infinity" / "-Infinity" where not finite
    converged: bool
    steps: int
    x: Coordinate
    y: Coordinate
    lyapunov: list[float | None] | None = None

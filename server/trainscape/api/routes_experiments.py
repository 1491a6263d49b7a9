"""Experiments (presets, step overrides, posted custom configs) and colormaps."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from trainscape.api.deps import ExperimentDep, ExperimentId, ServicesDep
from trainscape.api.describe import describe, tileset
from trainscape.api.models import ExperimentInfo, ExperimentList, Tileset
from trainscape.experiments import LIMITS, PRESETS, Experiment
from trainscape.experiments.cost import budgets, check_tile
from trainscape.render import ALIASES, COLORMAPS, DEFAULT_COLORMAP

router = APIRouter(prefix="/api", tags=["experiments"])


@router.get(
    "/experiments",
    response_model=ExperimentList,
    summary="The presets (the paper's conditions and variants)",
)
async def list_experiments(svc: ServicesDep) -> dict[str, Any]:
    return {
        "default": svc.settings.default_experiment,
        "limits": {k: list(v) for k, v in LIMITS.items()},
        "cost": budgets(),
        "experiments": [describe(pid, p.experiment) for pid, p in PRESETS.items()],
    }


@router.get(
    "/experiments/{experiment_id}", response_model=ExperimentInfo, summary="One experiment by id"
)
async def get_experiment(experiment_id: ExperimentId, e: ExperimentDep) -> dict[str, Any]:
    return describe(experiment_id, e)


@router.post(
    "/experiments",
    response_model=ExperimentInfo,
    summary="Register a custom experiment; returns its content id",
)
async def post_experiment(
    svc: ServicesDep,
    config: Annotated[
        dict[str, Any],
        Body(
            description="Experiment fields (see `config` of any preset); omitted = defaults. "
            "Caps: `limits` and the tile budget `cost` of GET /api/experiments; 422 when "
            "one tile would cost more than the budget.",
            examples=[{"activation": "tanh", "width": 8, "steps": 50}],
        ),
    ],
) -> dict[str, Any]:
    e = Experiment.from_dict(config)
    check_tile(e)
    cid = await svc.registry.put(e)
    return describe(cid, e)


@router.get(
    "/experiments/{experiment_id}/tileset.json",
    response_model=Tileset,
    response_model_exclude_unset=True,  # a served layer has no `reason` summary="The tile pyramid"
)
async def get_tileset(experiment_id: ExperimentId, e: ExperimentDep) -> dict[str, Any]:
    return tileset(experiment_id, e)


@router.get(
    "/colormaps",
    summary="Colormaps of the explorer and the PNG tiles (stops: position, #rrggbb)",
    description="Position 0 = slowest divergence, 3/8 fastest divergence, 5/8 fastest "
    "convergence, 1 = slowest convergence. `aliases`: old names still accepted as `colormap=`.",
)
async def list_colormaps() -> dict[str, Any]:
    return {
        "default": DEFAULT_COLORMAP,
        "aliases": ALIASES,
        "colormaps": [{"id": k, "stops": [list(s) for s in v]} for k, v in COLORMAPS.items()],
    }

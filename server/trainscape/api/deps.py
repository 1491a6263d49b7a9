"""Dependencies shared by routes: the services and the experiment named in the path."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Path, Request

from trainscape.api.errors import UnknownExperiment
from trainscape.api.state import Services
from trainscape.experiments import Experiment, resolve
from trainscape.experiments.presets import CUSTOM_ID


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]
ExperimentId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        examples=["tanh-quick@5"],
        description="preset id, `preset@STEPS`, or custom `c…` id",
    ),
]


_resolve_preset = lru_cache(maxsize=1024)(resolve)


async def get_experiment(experiment_id: ExperimentId, svc: ServicesDep) -> Experiment:
    """The experiment behind an id (404 if unknown, 422 for a bad step override)."""
    try:
        if not CUSTOM_ID.match(experiment_id):
            return _resolve_preset(experiment_id)
        found = await svc.registry.get(experiment_id)
        return resolve(experiment_id, lambda _: found)
    except KeyError:
        raise UnknownExperiment(experiment_id) from None


ExperimentDep = Annotated[Experiment, Depends(get_experiment)]

"""Dependencies shared by routes: the services and the experiment named in the path."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from trainscape.api.errors import UnknownExperiment
from trainscape.api.state import Services
from trainscape.experiments import Experiment, resolve
from trainscape.experiments.presets import CUSTOM_ID


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]
ExperimentId = Annotated[str, Path(min_length=1, max_length=64,
                                   description="preset id, `preset@STEPS`, or custom `c…` id")]


async def get_experiment(experiment_id: ExperimentId, svc: ServicesDep) -> Experiment:
    """The experiment behind an id (404 if unknown, 422 for a bad step override)."""
    found = await svc.registry.get(experiment_id) if CUSTOM_ID.match(experiment_id) else None
    try:
        return resolve(experiment_id, lambda _: found)
    except KeyError:
        raise UnknownExperiment(experiment_id) from None


ExperimentDep = Annotated[Experiment, Depends(get_experiment)]

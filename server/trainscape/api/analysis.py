"""Analysis routes: the box-counting dimension of the boundary in a log10 window.

The measure is computed on a size x size grid inside the experiment's plane (a bound outside
it is a 422, as for a point) and the sign-change boundary or a level set is box-counted
(`trainscape.analysis.dimension`). Each request is bounded by the dimension budget
(`experiments.cost.check_dimension`); it runs in this process, sharing the bound on inline
computations with point runs (`Services.points`). docs/analysis.md has the method."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from trainscape import KERNEL_VERSION
from trainscape.analysis.dimension import MIN_BOX, boundary_dimension, resolve_level
from trainscape.analysis.window import Window, parse_decimal, plane_window, window_strings
from trainscape.api.deps import ExperimentDep, ExperimentId, ServicesDep
from trainscape.api.errors import BadRequest
from trainscape.api.validation import plain_integers
from trainscape.experiments import Experiment
from trainscape.experiments.cost import MAX_SIZE, MIN_SIZE, check_dimension
from trainscape.experiments.decimals import MAX_CHARS

router = APIRouter(prefix="/api", tags=["analysis"])
Bound = Annotated[str | None, Query(max_length=MAX_CHARS)]


def window_arg(e: Experiment, values: dict[str, str | None]) -> Window:
    """The window from query values, inside the experiment's plane (a missing bound is the
    plane's); WindowError (422) otherwise."""
    plane = dict(zip(("x0", "x1", "y0", "y1"), e.bounds))
    parsed = {k: plane[k] if v is None else parse_decimal(k, v) for k, v in values.items()}
    return plane_window(e, parsed["x0"], parsed["x1"], parsed["y0"], parsed["y1"])


def level_arg(text: str) -> str | float:
    """'sign', 'median' or a finite number; BadRequest (422) otherwise."""
    if text in ("sign", "median"):
        return text
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadRequest(f"level: {text!r} is not 'sign', 'median' or a finite number")
    return value


@lru_cache(maxsize=256)
def _dimension(
    e: Experiment, window: Window, size: int, min_box: int, level: str | float
) -> dict[str, Any]:
    from trainscape.compute.engine import compute_window

    measure = compute_window(e, window, size, size)
    value = resolve_level(measure, level)
    result = boundary_dimension(measure, min_size=min_box, level=value).to_dict()
    result["level"] = value
    result["converged_fraction"] = float((measure < 0).mean())
    return result


@router.get(
    "/experiments/{experiment_id}/dimension",
    summary="Box-counting dimension of the trainability boundary in a log10 window",
)
async def dimension(
    request: Request,
    experiment_id: ExperimentId,
    e: ExperimentDep,
    svc: ServicesDep,
    x0: Annotated[Bound, Query(description="log10 left (default: the plane's)")] = None,
    x1: Annotated[Bound, Query(description="log10 right")] = None,
    y0: Annotated[Bound, Query(description="log10 bottom")] = None,
    y1: Annotated[Bound, Query(description="log10 top")] = None,
    size: Annotated[int, Query(ge=MIN_SIZE, le=MAX_SIZE, description="grid side, px")] = 64,
    min_box: Annotated[int, Query(ge=1, le=64, description="smallest box, px")] = MIN_BOX,
    level: Annotated[
        str, Query(max_length=40, description="'sign' (boundary), 'median' or a value")
    ] = "sign",
) -> dict[str, Any]:
    plain_integers(request, size=size, min_box=min_box)
    check_dimension(e, size)
    window = window_arg(e, {"x0": x0, "x1": x1, "y0": y0, "y1": y1})
    lvl = level_arg(level)
    async with svc.points:
        result = await run_in_threadpool(_dimension, e, window, size, min_box, lvl)
    return {
        "experiment": experiment_id,
        "window": window_strings(window),
        "size": size,
        "steps": e.steps,
        "kernel_version": KERNEL_VERSION,
        **result,
    }

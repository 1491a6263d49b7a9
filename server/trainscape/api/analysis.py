"""Analysis routes: the box-counting dimension of the boundary in a window.

`GET /api/experiments/{id}/dimension?x0=&x1=&y0=&y1=&size=&min_box=&level=` computes the
measure on a size x size grid over a log10 window inside the experiment's plane (default: the
whole plane; a bound outside it is a 422, as for a point) with the engine, then box-counts the
sign-change boundary (`level=sign`, the default) or the level set at the window's median or at
a given measure value (`trainscape.analysis.dimension`).

Bound: size <= MAX_SIZE and size^2 runs x the experiment's run cost <= DIMENSION_BUDGET
(`trainscape.experiments.cost`: the paper's net at 500 steps on 64 x 64, about 20 s of CPU here,
well under a second on a GPU); beyond it the answer is a 422 giving the request's cost, the
budget and the largest size allowed for that experiment. Results are memoised in-process, and
one computation runs at a time.

Custom experiment ids are looked up through `app.state.services.registry` (or
`app.state.registry`): an object with an async `get(id) -> Experiment | None`.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from trainscape import KERNEL_VERSION
from trainscape.analysis.dimension import MIN_BOX, boundary_dimension, resolve_level
from trainscape.analysis.window import (
    Window,
    WindowError,
    parse_decimal,
    plane_window,
    window_strings,
)
from trainscape.api.validation import plain_integers
from trainscape.experiments import Experiment, ExperimentError, resolve
from trainscape.experiments.cost import (
    MAX_SIZE,
    MIN_SIZE,
    CostError,
    check_dimension,
    dimension_max_size,
)
from trainscape.experiments.decimals import MAX_CHARS
from trainscape.experiments.presets import CUSTOM_ID

_LOCK = threading.Lock()
#: Largest grid side allowed for an experiment (the budget lives in `experiments.cost`).
max_size = dimension_max_size


def _fail(status: int, detail: str) -> HTTPException:
    return HTTPException(status, detail, headers={"Cache-Control": "no-store"})


def _registry(request: Request) -> Any:
    state = request.app.state
    services = getattr(state, "services", None)
    return getattr(services, "registry", None) or getattr(state, "registry", None)


async def experiment_for(request: Request, experiment_id: str) -> Experiment:
    """Resolve a preset, preset@steps or registered custom id; 404/422 otherwise."""
    registry = _registry(request)
    custom = None
    if registry is not None and CUSTOM_ID.match(experiment_id):
        custom = await registry.get(experiment_id)
    try:
        return resolve(experiment_id, lambda _id: custom)
    except KeyError:
        raise _fail(
            404, f"unknown experiment {experiment_id!r}; see GET /api/experiments"
        ) from None
    except ExperimentError as exc:
        raise _fail(422, str(exc)) from None


def window_arg(e: Experiment, values: dict[str, str | None]) -> Window:
    """The window from query values, inside the experiment's plane (missing bounds default to
    the plane's)."""
    plane = dict(zip(("x0", "x1", "y0", "y1"), e.bounds))
    try:
        parsed = {k: plane[k] if v is None else parse_decimal(k, v) for k, v in values.items()}
        return plane_window(e, parsed["x0"], parsed["x1"], parsed["y0"], parsed["y1"])
    except WindowError as exc:
        raise _fail(422, str(exc)) from None


@lru_cache(maxsize=256)
def _dimension(
    e: Experiment, window: Window, size: int, min_box: int, level: str | float
) -> dict[str, Any]:
    from trainscape.compute import compute_window

    with _LOCK:
        measure = compute_window(e, window, size, size)
    value = resolve_level(measure, level)
    result = boundary_dimension(measure, min_size=min_box, level=value).to_dict()
    result["level"] = value
    result["converged_fraction"] = float((measure < 0).mean())
    return result


def level_arg(text: str) -> str | float:
    """'sign', 'median' or a finite number; 422 otherwise."""
    if text in ("sign", "median"):
        return text
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _fail(422, f"level: {text!r} is not 'sign', 'median' or a finite number")
    return value


def install(app: FastAPI) -> None:
    """Add the analysis routes to `app`."""

    @app.get("/api/experiments/{experiment_id}/dimension", tags=["analysis"])
    async def dimension(
        request: Request,
        experiment_id: Annotated[str, Path(max_length=80)],
        x0: Annotated[str | None, Query(max_length=MAX_CHARS, description="log10 left")] = None,
        x1: Annotated[str | None, Query(max_length=MAX_CHARS, description="log10 right")] = None,
        y0: Annotated[str | None, Query(max_length=MAX_CHARS, description="log10 bottom")] = None,
        y1: Annotated[str | None, Query(max_length=MAX_CHARS, description="log10 top")] = None,
        size: Annotated[int, Query(ge=MIN_SIZE, le=MAX_SIZE, description="grid side, px")] = 64,
        min_box: Annotated[int, Query(ge=1, le=64, description="smallest box, px")] = MIN_BOX,
        level: Annotated[
            str, Query(max_length=40, description="'sign' (boundary), 'median' or a value")
        ] = "sign",
    ) -> dict[str, Any]:
        """Box-counting dimension of the trainability boundary in a log10 window."""
        plain_integers(request, size=size, min_box=min_box)
        e = await experiment_for(request, experiment_id)
        try:
            check_dimension(e, size)
        except CostError as exc:
            raise _fail(422, str(exc)) from None
        window = window_arg(e, {"x0": x0, "x1": x1, "y0": y0, "y1": y1})
        lvl = level_arg(level)
        result = await run_in_threadpool(_dimension, e, window, size, min_box, lvl)
        return {
            "experiment": experiment_id,
            "window": window_strings(window),
            "size": size,
            "steps": e.steps,
            "kernel_version": KERNEL_VERSION,
            **result,
        }

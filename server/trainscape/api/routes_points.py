"""One training run behind a pixel or a log10 point: exact coordinates, losses, measure."""

from __future__ import annotations

import asyncio
import json
import logging
import math
from fractions import Fraction
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from redis.exceptions import RedisError

from trainscape.api.deps import ExperimentDep, ServicesDep
from trainscape.api.errors import BadRequest
from trainscape.api.headers import IMMUTABLE
from trainscape.api.models import PointRun
from trainscape.api.routes_tiles import TileIndex
from trainscape.api.validation import plain_integers
from trainscape.cache.keys import point_key
from trainscape.compute.engine import run_point
from trainscape.experiments import Experiment, decimals
from trainscape.experiments.axes import axes
from trainscape.experiments.cost import check_tile
from trainscape.experiments.decimals import MAX_CHARS, fraction_string
from trainscape.jobs import LAYERS
from trainscape.tiles import pixel_log10, point_values, validate_pixel

log = logging.getLogger("trainscape.api")

router = APIRouter(prefix="/api", tags=["points"])
Layer = Annotated[str, Query(max_length=32, description="`lyapunov` adds the running exponent")]


def _finite(values: Any) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in values]


def _run(e: Experiment, hp: tuple[float, float], layer: str) -> dict[str, Any]:
    run = run_point(e, hp)
    out: dict[str, Any] = {
        "losses": _finite(run.losses),
        # +inf when a diverged run's loss was exactly 0 at some step (1/v); JSON has no inf
        "measure": run.measure
        if math.isfinite(run.measure)
        else str(run.measure).replace("inf", "Infinity"),
        "converged": run.converged,
        "steps": e.steps,
    }
    extra = LAYERS[layer]
    if extra.point is not None:  # e.g. the running Lyapunov exponent
        out[extra.name] = _finite(extra.point_values(e, hp))
    return out


async def _cached(svc: ServicesDep, key: str) -> bytes | None:
    """The cached answer, or None; a cache that cannot be reached is a miss (this process
    computes points itself, so a loss curve needs no Redis)."""
    try:
        return await svc.store.get(key)
    except RedisError as exc:
        log.warning("point cache unreachable (%s); computing the point", exc)
        return None


async def _keep(svc: ServicesDep, key: str, body: bytes) -> None:
    """Cache an answer if the cache can be reached (else it is simply not cached)."""
    try:
        await svc.store.set(key, body)
    except RedisError as exc:
        log.warning("point cache unreachable (%s); answer not cached", exc)


async def point_response(
    svc: ServicesDep, e: Experiment, u: Fraction, v: Fraction, layer: str
) -> Response:
    """JSON of the run at exact log10 (u, v), cached under its exact coordinates."""
    if layer not in LAYERS:
        raise BadRequest(f"layer {layer!r} is unknown; allowed: {', '.join(LAYERS)}")
    check_tile(e, LAYERS[layer].cost, f"a {layer} tile")  # a point costs 1/65536 of it
    us, vs = fraction_string(u), fraction_string(v)
    key = point_key(e, us, vs, layer)
    body = await _cached(svc, key)
    if body is None:
        hp = point_values(u, v)
        async with svc.points:
            result = await asyncio.to_thread(_run, e, hp, layer)
        ax = axes(e)
        result["x"] = {"log10": us, "value": hp[0], "label": f"{ax['x']['label']} = {hp[0]:.6g}"}
        result["y"] = {"log10": vs, "value": hp[1], "label": f"{ax['y']['label']} = {hp[1]:.6g}"}
        body = json.dumps(result, allow_nan=False).encode()
        await _keep(svc, key, body)
    return Response(
        body,
        media_type="application/json",
        headers={"Cache-Control": IMMUTABLE},
    )


@router.get(
    "/experiments/{experiment_id}/pixels/{z}/{px}/{py}",
    summary="The run behind global pixel (px, py) at zoom z (py = 0 is the top row)",
    response_class=Response,
    responses={200: {"model": PointRun, "content": {"application/json": {}}}},
)
async def get_pixel(
    request: Request,
    svc: ServicesDep,
    e: ExperimentDep,
    z: Annotated[int, Path(ge=0, le=1024)],
    px: TileIndex,
    py: TileIndex,
    layer: Layer = "measure",
) -> Response:
    plain_integers(request, z=z, px=px, py=py)
    validate_pixel(e, z, px, py)
    u, v = pixel_log10(e, z, px, py)
    return await point_response(svc, e, u, v, layer)


@router.get(
    "/experiments/{experiment_id}/point",
    summary="The run at log10 coordinates (x, y), given as exact decimal strings",
    response_class=Response,
    responses={200: {"model": PointRun, "content": {"application/json": {}}}},
)
async def get_point(
    svc: ServicesDep,
    e: ExperimentDep,
    x: Annotated[str, Query(max_length=MAX_CHARS, description="log10 x", examples=["0.5"])],
    y: Annotated[str, Query(max_length=MAX_CHARS, description="log10 y", examples=["-1"])],
    layer: Layer = "measure",
) -> Response:
    # a refusal (DecimalError) is a 422 before any big-number work (experiments.decimals)
    u = decimals.parse_log10("x", x, e.x0, e.x1)
    v = decimals.parse_log10("y", y, e.y0, e.y1)
    return await point_response(svc, e, u, v, layer)

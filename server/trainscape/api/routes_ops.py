"""Operations: health (backend, devices, Redis, workers) and Prometheus metrics."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from trainscape import KERNEL_VERSION
from trainscape.api.deps import ServicesDep
from trainscape.api.headers import no_store

router = APIRouter(tags=["operations"])
log = logging.getLogger("trainscape.api")


def _jax() -> dict[str, Any]:
    from trainscape.compute.backend import backend_name, devices
    from trainscape.compute.runner import numerics

    return {"backend": backend_name(), "devices": len(devices()), "numerics": numerics()}


def _numerics_warnings(api: str, workers: tuple[str, ...]) -> list[str]:
    """Tiles from workers of different numerics, or points computed here with other numerics
    than the tiles, agree only to the last bits (docs/engine.md)."""
    out = []
    if len(workers) > 1:
        out.append(
            f"workers compute with different numerics ({'; '.join(workers)}): tiles may "
            "show seams at chaotic pixels"
        )
    if workers and any(w != api for w in workers):
        out.append(
            f"this API computes clicked points with {api!r}, the workers tiles with "
            f"{'; '.join(workers)!r}: a point may differ from its pixel in the last bits"
        )
    return out


@router.get("/healthz", summary="Liveness and backend status (503 when Redis is unreachable)")
async def healthz(svc: ServicesDep) -> JSONResponse:
    body: dict[str, Any] = {
        "status": "ok",
        "mode": svc.mode,
        "kernel_version": KERNEL_VERSION,
        **await asyncio.to_thread(_jax),  # the first call initialises the JAX backend
        "redis": None,
    }
    try:
        snap = await svc.jobs.snapshot()
        body["workers"] = snap.workers
        body["queue_depth"] = snap.queue_depth
        if svc.redis is not None:
            body["worker_numerics"] = list(snap.worker_numerics)
            body["warnings"] = _numerics_warnings(body["numerics"], snap.worker_numerics)
            if snap.workers == 0:
                body["warnings"].append(
                    f"no worker is running: {snap.queue_depth} queued tile(s) will not be "
                    "computed until one starts (`trainscape worker` with the same "
                    "TRAINSCAPE_REDIS_URL)"
                )
        if svc.redis is not None:
            body["redis"] = bool(await svc.redis.ping())
    except Exception as exc:  # noqa: BLE001 — report, do not fail
        body.update(status="degraded", redis=False, error=type(exc).__name__)
        return JSONResponse(body, status_code=503, headers=no_store())
    return JSONResponse(body, headers=no_store())


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(request: Request, svc: ServicesDep) -> Response:
    collector = request.app.state.collector
    try:
        collector.jobs = await svc.jobs.snapshot()
    except Exception as exc:  # noqa: BLE001 — serve the local counters anyway
        log.warning("metrics: job stats unavailable: %s", exc)
    return Response(generate_latest(collector.registry), media_type=CONTENT_TYPE_LATEST)

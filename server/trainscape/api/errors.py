"""One table from exception type to HTTP status; 4xx bodies say what was wrong and what is
allowed. Only 5xx are logged as errors."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from taskiq.exceptions import TaskiqError

from trainscape.api import validation
from trainscape.cache.registry import RegistryFull
from trainscape.experiments import ExperimentError
from trainscape.experiments.cost import CostError
from trainscape.experiments.decimals import DecimalError
from trainscape.jobs import JobError, NotReady, QueueFull
from trainscape.tiles import TileError

log = logging.getLogger("trainscape.api")


class UnknownExperiment(LookupError):
    """No preset, preset@steps or posted custom experiment has this id."""


class BadRequest(ValueError):
    """A query value is malformed or out of range (422)."""


#: exception type -> (status, retry) — retry: send Retry-After and `Cache-Control: no-store`.
STATUS: dict[type[Exception], tuple[int, bool]] = {
    UnknownExperiment: (404, False),
    TileError: (404, False),
    ExperimentError: (422, False),
    CostError: (422, False),
    BadRequest: (422, False),
    DecimalError: (422, False),
    RegistryFull: (507, False),
    JobError: (503, True),
    RedisError: (503, True),
    TaskiqError: (503, True),
}


def _handler(status: int, retry: bool):
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        if status >= 500 and not isinstance(exc, (NotReady, QueueFull)):
            log.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        headers = {"Cache-Control": "no-store"}
        if retry:
            headers["Retry-After"] = str(getattr(exc, "retry_after", 1))
        backend = isinstance(exc, (RedisError, TaskiqError))
        detail = "backend unavailable; retry" if backend else str(exc)
        if isinstance(exc, UnknownExperiment):
            detail = f"unknown experiment {exc.args[0]!r}; see GET /api/experiments"
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)

    return handle


def install(app: FastAPI) -> None:
    """Register the table's handlers on `app`, and FastAPI's validation errors (422) in the
    same shape: a one-line `detail` (`trainscape.api.validation`)."""
    for exc_type, (status, retry) in STATUS.items():
        app.add_exception_handler(exc_type, _handler(status, retry))
    validation.install(app)

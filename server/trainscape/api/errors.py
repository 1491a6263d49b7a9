"""One table from exception type to HTTP status; 4xx bodies say what was wrong and what is
allowed. Only 5xx are logged as errors."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from fastapi.utils import is_body_allowed_for_status_code
from redis.exceptions import RedisError
from starlette.exceptions import HTTPException
from taskiq.exceptions import TaskiqError

from trainscape.analysis.window import WindowError
from trainscape.api import body, validation
from trainscape.api.headers import no_store
from trainscape.cache.registry import RegistryFull
from trainscape.errors import TrainscapeError
from trainscape.experiments import ExperimentError
from trainscape.experiments.cost import CostError
from trainscape.experiments.decimals import DecimalError
from trainscape.jobs import JobError, NotReady, QueueFull
from trainscape.tiles import TileError

log = logging.getLogger("trainscape.api")


class UnknownExperiment(TrainscapeError, LookupError):
    """No preset, preset@steps or posted custom experiment has this id."""


class BadRequest(TrainscapeError, ValueError):
    """A query value is malformed or out of range (422)."""


#: exception type -> (status, retry) — retry: send Retry-After and `Cache-Control: no-store`.
STATUS: dict[type[Exception], tuple[int, bool]] = {
    UnknownExperiment: (404, False),
    TileError: (404, False),
    ExperimentError: (422, False),
    CostError: (422, False),
    BadRequest: (422, False),
    DecimalError: (422, False),
    WindowError: (422, False),
    RegistryFull: (507, False),
    JobError: (503, True),
    RedisError: (503, True),
    TaskiqError: (503, True),
}


def _handler(status: int, retry: bool):
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        if status >= 500 and not isinstance(exc, (NotReady, QueueFull)):
            log.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        headers = no_store()
        if retry:
            headers["Retry-After"] = str(getattr(exc, "retry_after", 1))
        backend = isinstance(exc, (RedisError, TaskiqError))
        detail = "backend unavailable; retry" if backend else str(exc)
        if isinstance(exc, UnknownExperiment):
            detail = f"unknown experiment {exc.args[0]!r}; see GET /api/experiments"
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)

    return handle


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's and FastAPI's HTTPExceptions (404 route, 405, 413 body, the analysis routes'
    422) in the same shape and with no-store; a body FastAPI could not parse is a 422."""
    assert isinstance(exc, HTTPException)
    if not is_body_allowed_for_status_code(exc.status_code):
        return await http_exception_handler(request, exc)
    status, detail = exc.status_code, body.parse_failure(exc)
    if detail is not None:
        status = 422
    headers = {**(exc.headers or {}), **no_store()}
    return JSONResponse({"detail": detail or exc.detail}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the table's handlers on `app`, FastAPI's validation errors (422) in the same
    shape: a one-line `detail` (`trainscape.api.validation`), and HTTPExceptions."""
    for exc_type, (status, retry) in STATUS.items():
        app.add_exception_handler(exc_type, _handler(status, retry))
    app.add_exception_handler(HTTPException, _http_error)
    validation.install(app)

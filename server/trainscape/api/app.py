"""The composition root of an API process: `create_app(settings)` wires everything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from trainscape import __version__
from trainscape.api import (
    analysis,
    errors,
    routes_experiments,
    routes_ops,
    routes_points,
    routes_tiles,
    web,
)
from trainscape.api.body import MAX_BODY_BYTES, BodyLimit
from trainscape.api.headers import RelativeRedirects
from trainscape.api.metrics import ServiceCollector
from trainscape.api.state import build_services
from trainscape.compute.backend import init
from trainscape.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """The trainscape API, web explorer and analysis routes (services start with the app)."""
    settings = settings or Settings()
    init()  # JAX: float64, one device per CPU core, before the first computation
    collector = ServiceCollector()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await build_services(settings)
        services.tiles.counters = collector.counters
        app.state.services = services
        try:
            yield
        finally:
            await services.close()

    app = FastAPI(
        title="trainscape",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc: web.install, with local assets (no CDN)
        redoc_url=None,
        description="Tiles of the trainability boundary of neural networks.",
    )
    app.state.collector = collector
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(RelativeRedirects)
    errors.install(app)
    for module in (routes_experiments, routes_tiles, routes_points, routes_ops, analysis):
        app.include_router(module.router)
    web.install(app)
    return app

"""Serves the browser app (trainscape.web, from frontend/) and Leaflet (from its PyPI package).

Vendored scripts (Leaflet; Swagger UI and ReDoc for /docs, /redoc) come from wheels, never a CDN
or a commit, so everything works offline; the page's own files are revalidated (`no-cache`), so
an upgraded server never runs a stale page. Details: docs/explorer.md, "Code".
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from trainscape.api.headers import NO_CACHE
from trainscape.assets import frontend_dir


def leaflet_dir() -> Path:
    """Directory with leaflet.js, leaflet.css and images/ from the PyPI package."""
    import js_lib_leaflet

    return Path(js_lib_leaflet.__file__).resolve().parent / "static" / "js_lib_leaflet"


def apidocs_dir() -> Path:
    """Directory with swagger-ui-bundle.js, swagger-ui.css and redoc.standalone.js."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


class _NoCacheStatic(StaticFiles):
    """StaticFiles whose responses must be revalidated (ETag) before reuse."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_wrapper(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message["headers"] if k != b"cache-control"]
                headers.append((b"cache-control", NO_CACHE.encode()))
                message["headers"] = headers
            await send(message)

        await super().__call__(scope, receive, send_wrapper)


def install(app: FastAPI) -> None:
    """Mount the web explorer on `app` (at /)."""
    root = frontend_dir()
    index = root / "index.html"

    @app.get("/", include_in_schema=False)
    def index_page() -> FileResponse:
        return FileResponse(index, media_type="text/html", headers={"Cache-Control": NO_CACHE})

    app.mount("/static", _NoCacheStatic(directory=root), name="web-static")
    app.mount("/vendor/leaflet", StaticFiles(directory=leaflet_dir()), name="leaflet")
    install_docs(app)


def install_docs(app: FastAPI, vendor: str = "/vendor/apidocs") -> None:
    """/docs and /redoc with local assets (create the app with docs_url=redoc_url=None)."""
    app.mount(vendor, StaticFiles(directory=apidocs_dir()), name="apidocs")
    openapi = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{vendor}/swagger-ui-bundle.js",
            swagger_css_url=f"{vendor}/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{vendor}/redoc.standalone.js",
            redoc_favicon_url="data:,",
            with_google_fonts=False,
        )

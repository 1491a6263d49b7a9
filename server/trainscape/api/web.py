"""Serves the browser app (trainscape.web, from frontend/) and Leaflet (from its PyPI package)."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Mount the web explorer on `app` (at /)."""

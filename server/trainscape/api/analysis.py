"""Analysis routes: fractal dimension of a window, and friends."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Add the analysis routes to `app`."""

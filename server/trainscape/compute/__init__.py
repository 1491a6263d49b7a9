"""The compute core: the paper's training runs, batched in JAX (float64), and their measure.

Importing the package loads nothing: the composition roots (`create_app`, the worker, the CLI)
configure JAX with `compute.backend.init()` before the first computation, and every entry point
that touches JAX calls it too (idempotent). The names below are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "PointRun": "engine",
    "compute_tile": "engine",
    "compute_tile_runs": "engine",
    "compute_window": "engine",
    "run_point": "engine",
    "Runs": "runner",
    "map_chunks": "runner",
    "run_many": "runner",
    "init": "backend",
    "checkpoints": "measure",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)

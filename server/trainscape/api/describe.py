"""JSON descriptions of experiments and their tile pyramids (axes, zoom, layers, URLs)."""

from __future__ import annotations

from typing import Any

from trainscape import KERNEL_VERSION
from trainscape.experiments import PRESETS, Experiment, Preset, with_steps
from trainscape.experiments.axes import axes
from trainscape.experiments.cost import (
    TILE_RUNS,
    CostError,
    check_tile,
    dimension_max_size,
    max_steps,
    run_cost,
    step_cost,
)
from trainscape.jobs import LAYERS, Layer
from trainscape.tiles import TILE_SIZE, max_zoom


def describe(experiment_id: str, e: Experiment) -> dict[str, Any]:
    """What `GET /api/experiments/{id}` returns."""
    preset = PRESETS.get(experiment_id.split("@", 1)[0])
    return {
        "id": experiment_id,
        "title": _title(preset, e) if preset else f"custom {experiment_id}",
        "description": _description(preset, e) if preset else "a posted custom experiment",
        "config": e.to_dict(),
        "steps": e.steps,
        "max_zoom": max_zoom(e),
        "axes": axes(e),
        "checkpoints": list(e.checkpoints),
        "layers": [k for k, v in LAYERS.items() if _refusal(e, v) is None],
        "bookmarks": [
            {
                "title": b.title,
                "x": list(b.x),
                "y": list(b.y),
                "steps": b.steps or e.steps,
                "experiment": with_steps(experiment_id, b.steps) if b.steps else experiment_id,
            }
            for b in (preset.bookmarks if preset else ())
        ],
        "tileset": f"/api/experiments/{experiment_id}/tileset.json",
        "cost": cost(e),
    }


def cost(e: Experiment) -> dict[str, int]:
    """Estimated ops (`trainscape.experiments.cost`) of a step, a run and a measure tile, the
    most steps a tile of this network may train, and the largest dimension-request size (below
    8: none)."""
    return {
        "step": step_cost(e),
        "run": run_cost(e),
        "tile": TILE_RUNS * run_cost(e),
        "max_steps": max_steps(e),
        "dimension_max_size": dimension_max_size(e),
    }


def _title(preset: Preset, e: Experiment) -> str:
    overridden = e.steps != preset.experiment.steps
    return f"{preset.title}, {e.steps} steps" if overridden else preset.title


def _description(preset: Preset, e: Experiment) -> str:
    if e.steps == preset.experiment.steps:
        return preset.description
    return (
        f"{preset.description} Here trained for {e.steps} steps instead of "
        f"{preset.experiment.steps}."
    )


def tileset(experiment_id: str, e: Experiment) -> dict[str, Any]:
    """TileJSON-like description of the pyramid (the plane is not geographic)."""
    base = f"/api/experiments/{experiment_id}"
    return {
        "id": experiment_id,
        "scheme": "xyz",
        "plane": e.plane,
        "axes": axes(e),
        "tile_size": TILE_SIZE,
        "minzoom": 0,
        "maxzoom": max_zoom(e),
        "kernel_version": KERNEL_VERSION,
        "steps": e.steps,
        "checkpoints": list(e.checkpoints),
        "layers": [layer_entry(e, v) for v in LAYERS.values()],
        "tiles": {"npy": base + "/tiles/{z}/{x}/{y}.npy", "png": base + "/tiles/{z}/{x}/{y}.png"},
        "pixel": base + "/pixels/{z}/{px}/{py}",
        "point": base + "/point?x={log10_x}&y={log10_y}",
    }


def layer_entry(e: Experiment, layer: Layer) -> dict[str, Any]:
    """A layer of tileset.json: what it shows, whether it has per-step tiles, what one of its
    tiles costs in measure tiles (`cost`), and whether its tiles of `e` can be served
    (`available`; if not, `reason`: why and what to change)."""
    entry: dict[str, Any] = {
        "id": layer.name,
        "description": layer.description,
        "steps": layer.steps,
        "cost": layer.cost,
        "available": True,
    }
    reason = _refusal(e, layer)
    if reason is not None:
        entry.update(available=False, reason=reason)
    return entry


def _refusal(e: Experiment, layer: Layer) -> str | None:
    """Why the tile route refuses every tile of `layer` for `e` (the same budget check), as one
    line for a menu; None when its tiles are served."""
    try:
        check_tile(e, layer.cost)
    except CostError:
        fits = max_steps(e, layer.cost)
        change = f"use at most {fits} steps" if fits else "use a smaller width, depth or dataset"
        each = f" (one costs {layer.cost}x a measure tile)" if layer.cost > 1 else ""
        return (
            f"{layer.name.capitalize()} tiles of this experiment are over the server's tile "
            f"budget{each}; {change}"
        )
    return None

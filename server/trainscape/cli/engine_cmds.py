"""`trainscape tile | point | render | bench`: the engine from the command line."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

from trainscape.analysis.window import Window, WindowError, make_window
from trainscape.cli.common import (
    EXPERIMENT_HELP,
    STEPS_HELP,
    CliError,
    chunks_arg,
    exact_decimal,
    exact_log10,
    experiment_arg,
    int_arg,
    output_file,
    steps_arg,
    tile_size_arg,
)
from trainscape.experiments import Experiment, decimals, with_steps
from trainscape.experiments.config import BOUND_RANGE


def register(sub: argparse._SubParsersAction) -> None:
    """Add the engine sub-commands."""
    p = sub.add_parser("tile", help="compute one tile's float64 measure as a 256x256 .npy")
    p.add_argument("experiment", help=EXPERIMENT_HELP)
    p.add_argument("z", type=int_arg, help="zoom level: 0 is the whole plane in one tile")
    p.add_argument("x", type=int_arg, help="tile column at zoom z, 0..2^z-1 from the left")
    p.add_argument("y", type=int_arg, help="tile row at zoom z, 0..2^z-1 from the top")
    p.add_argument(
        "-o", "--output", type=output_file(".npy"), required=True, help="output .npy file"
    )
    p.add_argument("--steps", type=steps_arg, help=STEPS_HELP)
    p.set_defaults(run=cmd_tile)

    p = sub.add_parser("point", help="train one network and print its loss curve")
    p.add_argument("experiment", help=EXPERIMENT_HELP)
    p.add_argument("--x", required=True, help="log10 of the x hyperparameter (decimal string)")
    p.add_argument("--y", required=True, help="log10 of the y hyperparameter (decimal string)")
    p.add_argument("--steps", type=steps_arg, help=STEPS_HELP)
    p.add_argument("--json", action="store_true", help="print JSON (default: a short summary)")
    p.set_defaults(run=cmd_point)

    p = sub.add_parser("render", help="render a window of the landscape to a PNG")
    p.add_argument("experiment", help=EXPERIMENT_HELP)
    win = p.add_mutually_exclusive_group(required=True)
    win.add_argument(
        "--window",
        nargs=4,
        metavar=("X0", "X1", "Y0", "Y1"),
        help="log10 bounds of the window (in or beyond the plane, each within "
        f"[{BOUND_RANGE[0]}, {BOUND_RANGE[1]}])",
    )
    win.add_argument(
        "--window-linear",
        nargs=4,
        metavar=("X0", "X1", "Y0", "Y1"),
        help="hyperparameter values (as in the paper's figure captions)",
    )
    p.add_argument("--size", type=int_arg, default=256, help="pixels per side (16..4096)")
    p.add_argument(
        "--height", type=int_arg, help="pixels high, if not --size (16..4096): a WxH picture"
    )
    p.add_argument("--steps", type=steps_arg, help=STEPS_HELP)
    p.add_argument(
        "-o", "--output", type=output_file(".png"), required=True, help="output .png file"
    )
    p.add_argument(
        "--npy", type=output_file(".npy"), help="also save the float64 measure to this .npy file"
    )
    p.set_defaults(run=cmd_render)

    p = sub.add_parser("bench", help="kernel throughput, side by side with the paper's oracle")
    p.add_argument("--oracle", help="path to paper_semantics.py (default: ../shared/reference)")
    p.add_argument("--size", type=int_arg, default=32, help="pixels per side of the paper workload")
    p.add_argument("--steps", type=steps_arg, default=500, help="steps of the paper workload")
    p.add_argument("--gpu-steps", type=steps_arg, default=1000, help="steps of the GPU tile")
    p.add_argument(
        "--tile-size",
        type=tile_size_arg,
        default=256,
        help="pixels per side of the tile workloads (a power of two, 16..256)",
    )
    p.add_argument(
        "--chunks",
        type=chunks_arg,
        help="also time the tile workloads at these chunk sizes, e.g. 1024,4096,16384",
    )
    p.set_defaults(run=cmd_bench)


def cmd_tile(args: argparse.Namespace) -> int:
    from trainscape.compute.engine import compute_tile
    from trainscape.tiles import TileError, validate_tile

    e = experiment_arg(args.experiment, args.steps)
    try:
        validate_tile(e, args.z, args.x, args.y)
    except TileError as exc:
        raise CliError(str(exc)) from None
    with _progress(256 * 256, f"tile {args.z}/{args.x}/{args.y}") as bar:
        values = compute_tile(e, args.z, args.x, args.y, progress=bar.update)
    _save_npy(args.output, values)
    _wrote(f"{args.output} ({values.shape[0]}x{values.shape[1]} float64)", values)
    return 0


def cmd_point(args: argparse.Namespace) -> int:
    from trainscape.compute.engine import run_point
    from trainscape.tiles import point_values

    e = experiment_arg(args.experiment, args.steps)
    try:  # the API's rule and message (GET /point): inside the experiment's plane
        u = decimals.parse_log10("--x", args.x, e.x0, e.x1)
        v = decimals.parse_log10("--y", args.y, e.y0, e.y1)
    except decimals.DecimalError as exc:
        raise CliError(str(exc)) from None
    hp = point_values(u, v)
    run = run_point(e, hp)
    if args.json:
        print(json.dumps(_point_json(args, e, (u, v), hp, run), allow_nan=False))
    else:
        state = "converged" if run.converged else "diverged"
        print(
            f"{state}; measure {run.measure:.6g}; loss {run.losses[0]:.6g} -> "
            f"{run.losses[-1]:.6g} after {e.steps} steps"
        )
    return 0


def _point_json(args: argparse.Namespace, e: Experiment, uv, hp, run) -> dict[str, Any]:
    """GET /api/experiments/{id}/point's fields (the same x/y labels, `Infinity` as a string,
    null for a non-finite loss) plus `experiment`, the id the run was asked for."""
    from trainscape.experiments.axes import axes

    ax = axes(e)
    coords = {
        name: {"log10": decimals.fraction_string(t), "value": h, "label": f"{lab} = {h:.6g}"}
        for name, t, h, lab in zip("xy", uv, hp, (ax["x"]["label"], ax["y"]["label"]))
    }
    measure = float(run.measure)
    return {
        "experiment": with_steps(args.experiment, args.steps),
        **coords,
        "steps": e.steps,
        "measure": measure if math.isfinite(measure) else str(measure).replace("inf", "Infinity"),
        "converged": bool(run.converged),
        "losses": [float(v) if np.isfinite(v) else None for v in run.losses],
    }


def _window(args: argparse.Namespace) -> Window:
    labels = ("x0", "x1", "y0", "y1")
    if args.window is not None:
        x0, x1, y0, y1 = (exact_decimal(lab, t) for lab, t in zip(labels, args.window))
    else:
        x0, x1, y0, y1 = (exact_log10(lab, t) for lab, t in zip(labels, args.window_linear))
    try:  # the rules and messages of every window (x0 < x1, y0 < y1, log10 in [-30, 30])
        return make_window(x0, x1, y0, y1)
    except WindowError as exc:
        raise CliError(f"window: {exc}") from None


def cmd_render(args: argparse.Namespace) -> int:
    from PIL import Image

    from trainscape.compute.engine import compute_window
    from trainscape.render.paper import paper_rgb

    e = experiment_arg(args.experiment, args.steps)
    width, height = args.size, args.size if args.height is None else args.height
    for name, n in (("--size", width), ("--height", height)):
        if not 16 <= n <= 4096:
            raise CliError(f"{name} {n} is out of range; allowed 16..4096")
    bounds = _window(args)
    with _progress(width * height, f"render {width}x{height}") as bar:
        values = compute_window(e, bounds, width, height, progress=bar.update)
    try:
        Image.fromarray(paper_rgb(values)).save(args.output, format="PNG")
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot write {args.output}: {exc}") from None
    if args.npy:
        _save_npy(args.npy, values)
    _wrote(f"{args.output}" + (f" and {args.npy}" if args.npy else ""), values)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from trainscape.cli.bench import run_bench

    return run_bench(args)


def _save_npy(path: Path, values: np.ndarray) -> None:
    try:
        with open(path, "wb") as f:  # np.save(name) would append .npy to `X.NPY`
            np.save(f, values)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc}") from None


def _wrote(what: str, values: np.ndarray) -> None:
    """The closing line of tile and render, on stderr (stdout stays free for scripts)."""
    print(f"wrote {what}: converged {np.mean(values < 0):.1%} of pixels", file=sys.stderr)


def _progress(total: int, desc: str):
    """A progress bar on stderr, shown only when stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="px", unit_scale=True, file=sys.stderr, disable=None)

"""`trainscape dimension` and `trainscape video`: the analysis layers from the command line."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

from trainscape.analysis.video import FORMATS
from trainscape.analysis.window import (
    Window,
    WindowError,
    bookmark_window,
    parse_window,
    permalink_view,
    view_window,
    window_strings,
)
from trainscape.cli.common import (
    EXPERIMENT_HELP,
    STEPS_HELP,
    CliError,
    experiment_arg,
    int_arg,
    int_range,
    output_file,
    steps_arg,
)
from trainscape.experiments import PRESETS, Experiment

_WINDOW = ("X0", "X1", "Y0", "Y1")


def _level(text: str) -> str | float:
    """'sign', 'median' or a finite measure value (the API's `level`)."""
    if text in ("sign", "median"):
        return text
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not 'sign', 'median' or a finite number")
    return value


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add the analysis sub-commands."""
    p = sub.add_parser("dimension", help="box-counting dimension of the boundary in a window")
    p.add_argument("experiment", help=EXPERIMENT_HELP)
    win = p.add_mutually_exclusive_group()
    win.add_argument(
        "--window",
        nargs=4,
        metavar=_WINDOW,
        help="log10 bounds inside the plane (default: the plane)",
    )
    win.add_argument("--bookmark", action="store_true", help="the preset's paper-figure window")
    p.add_argument("--size", type=int_arg, default=64, help="pixels per side (8..2048)")
    p.add_argument("--steps", type=steps_arg, help=STEPS_HELP)
    p.add_argument(
        "--min-box", type=int_range(1, 64), default=2, help="smallest box size in pixels (1..64)"
    )
    p.add_argument(
        "--level",
        type=_level,
        default="sign",
        help="'sign' (the trainability boundary, default), 'median', or a measure value",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=cmd_dimension)

    p = sub.add_parser("video", help="zoom video between two views, to .mp4 or .gif")
    p.add_argument("experiment", nargs="?", help="preset id (optional with a permalink)")
    p.add_argument(
        "--from",
        dest="start",
        nargs="+",
        metavar="VIEW",
        help="X0 X1 Y0 Y1 (log10) or a permalink URL (default: whole plane)",
    )
    p.add_argument(
        "--to",
        dest="end",
        nargs="+",
        metavar="VIEW",
        required=True,
        help="X0 X1 Y0 Y1 (log10), a permalink URL, or 'bookmark'",
    )
    p.add_argument(
        "-o", "--output", type=output_file(*FORMATS), required=True, help="output .mp4 or .gif"
    )
    p.add_argument("--size", type=int_arg, default=256, help="frame side in pixels (even)")
    p.add_argument("--fps", type=_float, default=24.0, help="frames per second (default 24)")
    p.add_argument("--seconds", type=_float, default=10.0, help="length of the video (default 10)")
    p.add_argument(
        "--supersample",
        type=int_arg,
        default=2,
        help="keyframe pixels per frame pixel, 1..4 (default 2)",
    )
    p.add_argument("--steps", type=steps_arg, help=STEPS_HELP)
    p.set_defaults(run=cmd_video)


def _bookmark(e_id: str) -> Window:
    preset = PRESETS.get(e_id.split("@", 1)[0])
    if preset is None or not preset.bookmarks:
        raise CliError(
            f"{e_id!r} has no bookmark; presets with one: "
            + ", ".join(k for k, p in PRESETS.items() if p.bookmarks)
        )
    return bookmark_window(preset.bookmarks[0])


def cmd_dimension(args: argparse.Namespace) -> int:
    from trainscape.analysis.dimension import boundary_dimension, resolve_level
    from trainscape.compute.engine import compute_window

    e = experiment_arg(args.experiment, args.steps)
    if not 8 <= args.size <= 2048:
        raise CliError(f"--size {args.size} is out of range; allowed 8..2048")
    try:
        window = (
            _bookmark(args.experiment)
            if args.bookmark
            else parse_window(args.window, e)
            if args.window
            else e.bounds
        )
    except WindowError as exc:
        raise CliError(str(exc)) from None
    t0 = time.perf_counter()
    measure = compute_window(e, window, args.size, args.size)
    level = resolve_level(measure, args.level)
    dim = boundary_dimension(measure, min_size=args.min_box, level=level)
    if args.json:
        out = {
            "experiment": args.experiment,
            "window": window_strings(window),
            "size": args.size,
            "steps": e.steps,
            "level": level,
            **dim.to_dict(),
            "converged_fraction": float((measure < 0).mean()),
            "seconds": round(time.perf_counter() - t0, 3),
        }
        print(json.dumps(out, indent=2))
        return 0
    d = "undefined (no boundary in view)" if dim.dimension is None else f"{dim.dimension:.4f}"
    r2 = "" if dim.r2 is None else f", r^2 {dim.r2:.4f}"
    print(
        f"D = {d}{r2}; boxes {dim.fit_range[0]}..{dim.fit_range[1]} px; "
        f"{dim.boundary_blocks} boundary blocks (level {level:.6g}); "
        f"{args.size}x{args.size} px, {e.steps} steps"
    )
    for s, c in zip(dim.sizes, dim.counts):
        print(f"  box {s:5d} px  count {c}")
    return 0


def _view(text: list[str] | None, experiment: Experiment | None, e_id: str | None) -> Window:
    """A window from four log10 numbers, a permalink, or 'bookmark'."""
    if text is None:
        assert experiment is not None
        return experiment.bounds
    try:
        if len(text) == 4:
            return parse_window(text)
        if len(text) == 1 and text[0] == "bookmark":
            return _bookmark(e_id or "")
        if len(text) == 1:
            _, z, cx, cy = permalink_view(text[0])
            assert experiment is not None
            return view_window(experiment, z, cx, cy)
    except WindowError as exc:
        raise CliError(str(exc)) from None
    raise CliError("a view is X0 X1 Y0 Y1 (log10), one permalink URL, or 'bookmark'")


def _experiment_id(args: argparse.Namespace) -> str:
    ids = {
        permalink_view(v[0])[0]
        for v in (args.start, args.end)
        if v and len(v) == 1 and v[0] != "bookmark"
    } - {None}
    if args.experiment:
        ids.discard(args.experiment.split("@", 1)[0])
        ids.discard(args.experiment)
        if ids:
            raise CliError(f"the permalink is for {ids.pop()!r}, not {args.experiment!r}")
        return args.experiment
    found = ids.pop() if len(ids) == 1 else None
    if found is None:
        raise CliError("name the EXPERIMENT (or give a permalink that carries e=...)")
    return found


def cmd_video(args: argparse.Namespace) -> int:
    from trainscape.analysis.video import zoom_video
    from trainscape.compute.engine import compute_window

    try:
        e_id = _experiment_id(args)
    except WindowError as exc:
        raise CliError(str(exc)) from None
    e = experiment_arg(e_id, args.steps)
    start, end = _view(args.start, e, e_id), _view(args.end, e, e_id)
    if not 1 <= args.supersample <= 4:
        raise CliError("--supersample must be 1..4")
    t0 = time.perf_counter()
    try:
        n = zoom_video(
            args.output,
            start,
            end,
            lambda w, width, height, progress: compute_window(e, w, width, height, progress),
            size=args.size,
            fps=args.fps,
            seconds=args.seconds,
            supersample=args.supersample,
            progress=sys.stderr.isatty(),
        )
    except WindowError as exc:
        raise CliError(str(exc)) from None
    print(
        f"wrote {args.output}: {n} frames at {args.fps:g} fps ({n / args.fps:.2f} s of video), "
        f"{args.size}x{args.size} px; computed in {time.perf_counter() - t0:.1f} s"
    )
    return 0

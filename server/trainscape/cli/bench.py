"""`trainscape bench`: kernel throughput in run-steps/s, side by side with the paper's oracle.

The oracle runs the same paper grids in the same process, so both are timed on one machine under
one load; workloads near and away from the boundary show what exact early exit saves. Details:
docs/engine.md, "`trainscape bench`".
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from trainscape.cli.common import CliError
from trainscape.compute.backend import backend_name, devices
from trainscape.experiments import PRESETS

WINDOWS = {
    "full plane": (Fraction(-3), Fraction(6), Fraction(-3), Fraction(6)),
    "boundary": (Fraction(1, 2), Fraction(2), Fraction(1), Fraction(5, 2)),
}


def load_oracle(path: str | None = None):
    """The paper's oracle module from PATH, or from shared/reference beside or inside the
    checkout (None if not found)."""
    candidates = (
        [Path(path)]
        if path
        else [
            Path.cwd().parent / "shared/reference/paper_semantics.py",
            Path.cwd() / "shared/reference/paper_semantics.py",
            Path(__file__).resolve().parents[4] / "shared/reference/paper_semantics.py",
            Path(__file__).resolve().parents[3] / "shared/reference/paper_semantics.py",
        ]
    )
    for c in candidates:
        if c.is_file():
            spec = importlib.util.spec_from_file_location("paper_semantics", c)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules["paper_semantics"] = module  # dataclasses need the module registered
            spec.loader.exec_module(module)
            return module
    if path:
        raise CliError(f"--oracle: {path} is not a file")
    return None


#: trainscape's workloads are timed this many times; the median is reported (noisy machines).
REPEATS = 3


def _timed(fn, repeats: int = REPEATS) -> float:
    """Median wall time of `repeats` calls of fn."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def _run_oracle(oracle, args: tuple, steps: int) -> tuple[np.ndarray, float]:
    """The oracle's image and its time, drawn with the original threefry bits as ours are."""
    import jax

    with jax.threefry_partitionable(False):
        oracle.image("tanh", *args[:4], 4, steps=steps)  # warm-up
        start = time.perf_counter()
        ref = oracle.image("tanh", *args, steps=steps)
        return ref, time.perf_counter() - start


def _bench_paper(oracle, size: int, steps: int) -> None:
    from trainscape.compute.engine import compute_window

    e = PRESETS["tanh"].experiment.replace(steps=steps)
    work = size * size * steps
    for name, w in WINDOWS.items():
        compute_window(e, w, size, size)  # warm-up (compiles)
        ours_s = _timed(lambda w=w: compute_window(e, w, size, size))
        line = (
            f"paper tanh {name:10s} {size}x{size} px x {steps} steps: "
            f"trainscape {work / ours_s:10.4g} run-steps/s ({ours_s:.2f} s)"
        )
        if oracle is not None:
            args = tuple(float(b) for b in w) + (size,)
            ref, oracle_s = _run_oracle(oracle, args, steps)
            ours = compute_window(e, w, size, size)
            agree = float(np.mean(np.sign(ours) == np.sign(ref)))
            line += (
                f" | oracle {work / oracle_s:10.4g} run-steps/s ({oracle_s:.2f} s)"
                f" | ratio {oracle_s / ours_s:5.1f}x | sign agreement {agree:.4f}"
            )
        print(line, flush=True)


def _bench_tile(preset: str, steps: int | None, label: str, size: int) -> None:
    from trainscape.compute.engine import compute_tile

    e = PRESETS[preset].experiment
    if steps is not None:
        e = e.replace(steps=steps)
    compute_tile(e, 0, 0, 0, size=16)  # warm-up (compiles)
    secs = _timed(lambda: compute_tile(e, 0, 0, 0, size=size))
    print(
        f"{label}: {size}x{size} tile, {e.steps} steps: {secs:.2f} s "
        f"({size * size * e.steps / secs:.4g} run-steps/s)",
        flush=True,
    )


def run_bench(args: argparse.Namespace) -> int:
    from trainscape.compute.runner import chunk_size

    oracle = load_oracle(args.oracle)
    paper, quick = (chunk_size(PRESETS[k].experiment) for k in ("tanh", "tanh-quick"))
    print(
        f"backend {backend_name()}, {len(devices())} device(s), chunk {paper} runs (paper), "
        f"{quick} (quick); "
        f"oracle {'loaded' if oracle else 'not found (pass --oracle PATH)'}",
        flush=True,
    )
    _bench_paper(oracle, args.size, args.steps)
    _bench_tile("tanh-quick", None, "tanh-quick", args.tile_size)
    if backend_name() != "cpu":
        _bench_tile("tanh", args.gpu_steps, "paper tanh (GPU)", args.tile_size)
    for chunk in args.chunks or ():
        _with_chunk(chunk, args)
    return 0


def _with_chunk(chunk: int, args: argparse.Namespace) -> None:
    """The tile workloads with TRAINSCAPE_CHUNK=chunk (read by every run)."""
    import os

    before = os.environ.get("TRAINSCAPE_CHUNK")
    os.environ["TRAINSCAPE_CHUNK"] = str(chunk)
    try:
        _bench_tile("tanh-quick", None, f"tanh-quick, chunk {chunk}", args.tile_size)
        if backend_name() != "cpu":
            label = f"paper tanh (GPU), chunk {chunk}"
            _bench_tile("tanh", args.gpu_steps, label, args.tile_size)
    finally:
        if before is None:
            del os.environ["TRAINSCAPE_CHUNK"]
        else:
            os.environ["TRAINSCAPE_CHUNK"] = before

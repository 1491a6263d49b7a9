"""Spread pixels over fixed-size chunks and over every device; the public compute entry points.

Every chunk has the same size (per backend), padded with copies of its first pixel, so each
pixel is computed by the same compiled program whatever the request: a pixel alone, in a tile
or in a window gives bitwise the same value on one backend. Chunks are dispatched
asynchronously round-robin over the devices with a bounded number in flight (bounded memory).
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from trainscape.compute.backend import backend_name, devices, init
from trainscape.compute.between import CHECK
from trainscape.compute.measure import checkpoints
from trainscape.compute.problem import make_problem
from trainscape.experiments import Experiment

#: Runs per chunk: small on CPU (the chunk's activations stay in cache), large on GPU.
CHUNK = {"cpu": 32, "gpu": 16384, "cuda": 16384, "rocm": 16384, "tpu": 16384}
IN_FLIGHT_PER_DEVICE = 2

Progress = Callable[[int], None]


def chunk_size(e: Experiment | None) -> int:
    """Runs per chunk for this experiment on this backend (fixed: values never depend on it
    varying). On CPU, smaller networks get proportionally larger chunks (same cache footprint
    as 32 runs of the paper's 272 x 16 activations; measured best for both presets)."""
    override = _chunk_override()
    if override is not None:
        return override
    backend = backend_name()
    if backend != "cpu" or e is None:
        return CHUNK.get(backend, CHUNK["gpu"])
    ratio = 272 * 16 / (e.dataset_size * e.width)
    return int(min(256, max(32, 32 * 2 ** round(math.log2(max(ratio, 1.0))))))


def numerics() -> str:
    """What, besides the experiment and the kernel version, decides a value's last bits in this
    process: the backend and a chunk-size override (docs/engine.md). Processes that share one
    cache should all report the same."""
    override = _chunk_override()
    kernel = kernel_policy()
    return (
        backend_name()
        + (f", kernel {kernel}" if kernel != "auto" else "")
        + (f", chunk {override}" if override is not None else "")
    )


#: TRAINSCAPE_KERNEL: "auto" (the fused Pallas kernel on CUDA GPUs for the experiments it
#: supports, XLA's elsewhere), "xla" (always XLA's) or "fused" (wherever supported; on CPU in
#: Pallas' interpret mode, slow: for tests).
KERNELS = ("auto", "xla", "fused")


def kernel_policy() -> str:
    policy = os.environ.get("TRAINSCAPE_KERNEL", "auto") or "auto"
    if policy not in KERNELS:
        raise ValueError(f"TRAINSCAPE_KERNEL={policy!r}: expected one of {', '.join(KERNELS)}")
    return policy


def uses_fused(e: Experiment) -> bool:
    """Whether runs of e train with `compute.fused` in this process (TRAINSCAPE_KERNEL)."""
    policy = kernel_policy()
    if policy == "xla":
        return False
    try:
        from trainscape.compute.fused import supports
    except ImportError:  # a JAX without Pallas' Triton backend: XLA's kernel everywhere
        return False
    if not supports(e):
        return False
    return policy == "fused" or backend_name() in ("gpu", "cuda")


def _chunk_override() -> int | None:
    """TRAINSCAPE_CHUNK, the chunk size set by hand for tuning (docs/engine.md), if any."""
    env = os.environ.get("TRAINSCAPE_CHUNK")
    if not env:
        return None
    if not env.isdigit() or not 1 <= int(env) <= MAX_CHUNK:
        raise ValueError(
            f"TRAINSCAPE_CHUNK={env!r}: expected a whole number of runs, 1..{MAX_CHUNK}"
        )
    return int(env)


MAX_CHUNK = 1 << 20


def check_environment() -> None:
    """Raise ValueError, saying what is allowed, if TRAINSCAPE_CHUNK or TRAINSCAPE_KERNEL is
    malformed (called once at start by every command, so no computation fails halfway)."""
    _chunk_override()
    kernel_policy()


def kernel_key(e: Experiment) -> Experiment:
    """The parts of an experiment a compiled kernel depends on (the plane bounds are not)."""
    return e.replace(x0="-3", x1="6", y0="-3", y1="6")


def _chunk_fn(key: Experiment):
    return _compiled_chunk_fn(key, uses_fused(key))


@lru_cache(maxsize=16)
def _compiled_chunk_fn(key: Experiment, fused: bool):
    from trainscape.compute.kernel import make_chunk_fn

    interpret = fused and backend_name() == "cpu"
    return make_chunk_fn(key, make_problem(key), fused=fused, interpret=interpret)


def map_chunks(
    fn: Callable[[Any], Sequence[Any]],
    hp_Px2: np.ndarray,
    outputs: Sequence[np.ndarray | None],
    progress: Progress | None = None,
    *,
    chunk: int | None = None,
) -> None:
    """Apply a jitted chunk function to hp_Px2 in fixed-size chunks on every device.

    fn maps a (chunk, 2) array to a tuple of arrays with leading dim `chunk`; outputs[k]
    (leading dim P, or None to drop it) receives output k. Used by every per-pixel kernel
    (measure, Lyapunov exponents, ...). After each chunk: `progress(pixels)`, then the check
    of an enclosing `compute.between.between_chunks`; either may raise to stop.
    """
    init()
    import jax

    hp = np.ascontiguousarray(hp_Px2, dtype=np.float64)
    p, devs = hp.shape[0], devices()
    b = chunk or chunk_size(None)
    pending: deque = deque()
    check = CHECK.get()

    def collect() -> None:
        lo, hi, res = pending.popleft()
        for out, r in zip(outputs, res):
            if out is not None:
                out[lo:hi] = np.asarray(r)[: hi - lo]
        if progress is not None:
            progress(hi - lo)
        if check is not None:
            check()

    for c in range(-(-p // b)):
        lo, hi = c * b, min(p, (c + 1) * b)
        block = np.empty((b, 2))
        block[: hi - lo] = hp[lo:hi]
        block[hi - lo :] = hp[lo]
        pending.append((lo, hi, fn(jax.device_put(block, devs[c % len(devs)]))))
        if len(pending) >= IN_FLIGHT_PER_DEVICE * len(devs):
            collect()
    while pending:
        collect()


@dataclass(frozen=True)
class Runs:
    """Results for P runs: measure (P,), converged (P,), the measure after each of
    `checkpoints` steps (P, C), and the losses (P, T) if requested."""

    measure: np.ndarray
    converged: np.ndarray
    checkpoints: tuple[int, ...]
    measure_at: np.ndarray
    losses: np.ndarray | None


def run_many(
    e: Experiment,
    hp_Px2: np.ndarray,
    *,
    keep_losses: bool = False,
    progress: Progress | None = None,
) -> Runs:
    """Train one network per hyperparameter pair (linear units) and measure each run."""
    p = hp_Px2.shape[0]
    cps = checkpoints(e.steps)
    runs = Runs(
        np.empty(p),
        np.empty(p, bool),
        cps,
        np.empty((p, len(cps))),
        np.empty((p, e.steps)) if keep_losses else None,
    )
    outputs = (runs.losses, runs.measure, runs.converged, runs.measure_at)
    map_chunks(_chunk_fn(kernel_key(e)), hp_Px2, outputs, progress, chunk=chunk_size(e))
    return runs

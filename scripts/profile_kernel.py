#!/usr/bin/env python3
"""Where the kernel's time goes: per-operation times of one chunk, from a JAX profiler trace.

    python scripts/profile_kernel.py [PRESET] [--chunk B] [--steps T]

Runs one chunk of B runs (default: trainscape's chunk size for this backend) of PRESET near
the trainability boundary (no early exit) on the first device, traces it with
`jax.profiler`, and prints the time of each compiled operation (XLA fusion, library matmul,
...) summed over the steps, with its share. For tuning the kernel or `CHUNK` on a new machine
or GPU; `trainscape bench` gives the end-to-end throughput.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import tempfile
import time
from pathlib import Path

import numpy as np

#: Trace events that wrap the whole computation rather than one of its operations.
WRAPPERS = ("ThunkExecutor", "block_until_ready", "stop_trace", "PjitFunction", "Execute", "Await")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("preset", nargs="?", default="tanh")
    parser.add_argument("--chunk", type=int, help="runs per chunk (default: trainscape's)")
    parser.add_argument("--steps", type=int, help="steps (default: the preset's)")
    parser.add_argument("--top", type=int, default=15, help="operations to list")
    args = parser.parse_args()

    from trainscape.compute.backend import backend_name, devices, init

    init()
    import jax

    from trainscape.compute.runner import _chunk_fn, chunk_size, kernel_key
    from trainscape.experiments import PRESETS

    e = PRESETS[args.preset].experiment
    if args.steps:
        e = e.replace(steps=args.steps)
    b = args.chunk or chunk_size(e)
    # log10 learning rates where the paper nets train without diverging (whole chunk runs)
    rng = np.random.default_rng(0)
    hp = jax.device_put(10 ** rng.uniform(-1.0, 0.5, size=(b, 2)), devices()[0])
    fn = _chunk_fn(kernel_key(e))
    jax.block_until_ready(fn(hp))  # compile

    start = time.perf_counter()
    jax.block_until_ready(fn(hp))
    wall = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        jax.profiler.start_trace(tmp, create_perfetto_trace=True)
        jax.block_until_ready(fn(hp))
        jax.profiler.stop_trace()
        trace = next(Path(tmp).rglob("*.trace.json.gz"))
        events = json.load(gzip.open(trace))
    events = events["traceEvents"] if isinstance(events, dict) else events

    total: collections.Counter = collections.Counter()
    count: collections.Counter = collections.Counter()
    for ev in events:
        name = ev.get("name", "")
        if ev.get("ph") == "X" and not any(w in name for w in WRAPPERS):
            total[name] += ev.get("dur", 0)
            count[name] += 1
    summed = sum(total.values()) or 1
    print(
        f"{args.preset}: {b} runs x {e.steps} steps on {backend_name()} device 0: {wall:.3f} s "
        f"untraced ({b * e.steps / wall:.4g} run-steps/s)"
    )
    print(f"{'ms':>9} {'share':>6} {'calls':>6}  operation")
    for name, us in total.most_common(args.top):
        print(f"{us / 1e3:9.1f} {us / summed:6.1%} {count[name]:6d}  {name[:80]}")


if __name__ == "__main__":
    main()

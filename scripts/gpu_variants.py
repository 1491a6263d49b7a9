#!/usr/bin/env python3
"""Time kernel layouts and chunk sizes on one 256x256 zoom-0 paper tile (for GPU tuning).

    python scripts/gpu_variants.py [--steps 1000] [--chunks 1024,2048,4096] [--variants dot,fma]

Variants of the layer-0 forward product (z = x W0, x shared by every run):
* dot: an einsum (the shipped kernel; XLA emits one big GEMM and materialises z);
* fused: the Pallas kernel of `compute.fused` (no activation leaves the chip);
* fma: an unrolled sum over the input dimension, so XLA can fuse z into the activation and
  the reductions that use it instead of writing it to memory (a memory-bound GPU gains).
Prints seconds per tile (median of 2 after a warm-up) and each variant's agreement with the
first one (sign, relative error).
"""

from __future__ import annotations

import argparse
import math
import os
import time

import numpy as np


def fma_forward(e, ws, x_NxD):
    import jax.numpy as jnp

    from trainscape.compute import batched

    saved = []
    h = x_NxD
    for i, w in enumerate(ws):
        s = 1.0 / math.sqrt(w.shape[1])
        if i == 0:
            z = x_NxD[None, :, 0, None] * w[:, None, 0, :]
            for d in range(1, w.shape[1]):
                z = z + x_NxD[None, :, d, None] * w[:, None, d, :]
            z = z * s
        else:
            z = jnp.einsum("bnd,bdh->bnh", h, w) * s
        if i == len(ws) - 1:
            saved.append((h, None))
            return z[:, :, 0] * s, saved
        nxt, deriv = batched.activation(e.activation, z)
        saved.append((h, deriv))
        h = nxt
    raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="tanh")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--chunks", default="1024,2048,4096")
    parser.add_argument("--variants", default="dot,fma")
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()

    from trainscape.compute.backend import backend_name, init

    init()
    import jax

    from trainscape.compute import batched, fused
    from trainscape.compute.kernel import make_chunk_fn
    from trainscape.compute.problem import make_problem
    from trainscape.compute.runner import map_chunks
    from trainscape.experiments import PRESETS
    from trainscape.tiles.geometry import tile_values

    fused.ROWS = int(os.environ.get("FUSED_ROWS", fused.ROWS))  # tuning the fused kernel
    fused.WARPS = int(os.environ.get("FUSED_WARPS", fused.WARPS))
    e = PRESETS[args.preset].experiment.replace(steps=args.steps)
    p = make_problem(e)
    hp = tile_values(e, 0, 0, 0, args.size)
    original = batched._forward
    cpu = backend_name() == "cpu"
    print(
        f"backend {backend_name()}, {args.preset}, {hp.shape[0]} runs x {e.steps} steps", flush=True
    )
    first = None
    for variant in args.variants.split(","):
        for chunk in (int(c) for c in args.chunks.split(",")):
            batched._forward = fma_forward if variant == "fma" else original
            try:
                fn = make_chunk_fn(e, p, fused=variant == "fused", interpret=cpu)
                out = np.empty(hp.shape[0])
                map_chunks(fn, hp, (None, out, None, None), chunk=chunk)  # compile + warm
                times = []
                for _ in range(2):
                    start = time.perf_counter()
                    map_chunks(fn, hp, (None, out, None, None), chunk=chunk)
                    times.append(time.perf_counter() - start)
            except Exception as exc:  # noqa: BLE001 - report and go on with the others
                print(f"{variant:4s} chunk {chunk:6d}: FAILED {type(exc).__name__}: {exc}")
                continue
            finally:
                batched._forward = original
            secs = float(np.median(times))
            line = (
                f"{variant:4s} chunk {chunk:6d}: {secs:6.3f} s/tile "
                f"({hp.shape[0] * e.steps / secs:.4g} run-steps/s)"
            )
            if first is None:
                first = out.copy()
            else:
                same = np.sign(out) == np.sign(first)
                ok = same & np.isfinite(out) & (first != 0)
                rel = np.abs(out - first)[ok] / np.abs(first)[ok]
                line += (
                    f" | vs first: sign {same.mean():.4f}, bitwise {np.mean(out == first):.3f}, "
                    f"median rel {np.median(rel):.2g}"
                )
            print(line, flush=True)
    jax.clear_caches()


if __name__ == "__main__":
    main()

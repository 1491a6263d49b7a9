"""The gradient step for a chunk of B runs at once, with the backward pass written out.

Same maths as `kernel.step`, laid out for speed: every contraction is an einsum batched over the
run, so no operation mixes runs and XLA avoids the transposes it gives `vmap` of the one-run
step. Details: docs/engine.md, "Kernel" (layout and backward pass).
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from trainscape.compute.problem import Problem
from trainscape.experiments import Experiment

SQRT2 = math.sqrt(2.0)
Weights = tuple[jnp.ndarray, ...]


def activation(name: str, z: jnp.ndarray) -> tuple[jnp.ndarray, jnp.ndarray]:
    """Activation and its derivative at z (the one definition of both; under `jax.grad` the
    unused derivative is dropped by XLA)."""
    if name == "tanh":
        h = jnp.tanh(z * SQRT2)
        return h, SQRT2 * (1.0 - h * h)
    if name == "relu":
        return jax.nn.relu(z) * SQRT2, jnp.where(z > 0, SQRT2, 0.0)
    return z, jnp.ones_like(z)


def _forward(e: Experiment, ws: Weights, x_NxD: jnp.ndarray):
    """Output (B, N) and per-layer (input, act') pairs for the backward pass."""
    saved: list[tuple[jnp.ndarray, jnp.ndarray | None]] = []
    h = x_NxD
    for i, w in enumerate(ws):
        s = 1.0 / math.sqrt(w.shape[1])
        z = (jnp.einsum("nd,bdh->bnh", h, w) if i == 0 else jnp.einsum("bnd,bdh->bnh", h, w)) * s
        if i == len(ws) - 1:
            saved.append((h, None))
            return z[:, :, 0] * s, saved
        nxt, deriv = activation(e.activation, z)
        saved.append((h, deriv))
        h = nxt
    raise AssertionError("unreachable")


def _grads(ws: Weights, saved, out_BxN: jnp.ndarray, y_N: jnp.ndarray) -> list[jnp.ndarray]:
    n = out_BxN.shape[1]
    dz = ((2.0 / n) * (out_BxN - y_N))[:, :, None] / math.sqrt(ws[-1].shape[1])
    grads: list[jnp.ndarray] = [jnp.zeros(())] * len(ws)
    for i in range(len(ws) - 1, -1, -1):
        s = 1.0 / math.sqrt(ws[i].shape[1])
        h_in, _ = saved[i]
        grads[i] = (
            jnp.einsum("nd,bnh->bdh", h_in, dz) if i == 0 else jnp.einsum("bnd,bnh->bdh", h_in, dz)
        ) * s
        if i > 0:
            dz = jnp.einsum("bnh,bdh->bnd", dz, ws[i]) * s * saved[i - 1][1]
    return grads


def batched_step(
    e: Experiment, p: Problem, ws: Weights, hp_Bx2: jnp.ndarray, idx_M: jnp.ndarray
) -> tuple[Weights, jnp.ndarray]:
    """One step of B runs -> (new weights, full-batch loss (B,) before the update)."""
    x, y = jnp.asarray(p.x_NxD), jnp.asarray(p.y_N)
    if e.plane == "offset_vs_lr":
        if e.offset_mode == "every_step":
            ws = (ws[0] + hp_Bx2[:, 0, None, None],) + tuple(ws[1:])
        rates = [hp_Bx2[:, 1]] * len(ws)
    else:
        rates = [hp_Bx2[:, i % 2] for i in range(len(ws))]
    out, saved = _forward(e, ws, x)
    loss = jnp.mean((out - y) ** 2, axis=1)
    if e.batch is not None:
        out, saved = _forward(e, ws, x[idx_M])
        y = y[idx_M]
    grads = _grads(ws, saved, out, y)
    return tuple(w - r[:, None, None] * g for w, g, r in zip(ws, grads, rates)), loss

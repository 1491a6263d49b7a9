"""The batched training kernel: gradient descent for a chunk of pixels, float64, inside `jit`.

One run is written plainly for `jax.grad` (the readable definition); chunks use the hand-written
pass of `compute.batched`. Fixed-size chunks, no operation mixing runs and an exact NaN early
exit keep a pixel's value independent of its chunk. Details: docs/engine.md, "Kernel".
"""

from __future__ import annotations

import math
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from trainscape.compute.batched import activation, batched_step
from trainscape.compute.measure import checkpoints, measure
from trainscape.compute.problem import Problem
from trainscape.experiments import Experiment

BLOCK = 25  # at most this many steps per early-exit check


def step_blocks(steps: int) -> tuple[int, int]:
    """(blocks, steps per block) covering `steps` with the fewest blocks of at most BLOCK steps,
    as even as possible: a 3-step run trains 3 steps, not 25, and 30 steps are 2 x 15, not 2 x 25.
    Exact: steps past `steps` are discarded, and how the loop is blocked changes no value."""
    n = max(1, -(-steps // BLOCK))
    return n, -(-steps // n)


Weights = tuple[jnp.ndarray, ...]


def forward(e: Experiment, ws: Weights, x_NxD: jnp.ndarray) -> jnp.ndarray:
    """Network output (N,) of one run."""
    h = x_NxD
    z = h
    for w in ws:
        z = h @ w / math.sqrt(w.shape[0])
        h = activation(e.activation, z)[0]
    return z[:, 0] / math.sqrt(ws[-1].shape[0])


def loss_fn(e: Experiment, ws: Weights, x_NxD: jnp.ndarray, y_N: jnp.ndarray) -> jnp.ndarray:
    return jnp.mean((forward(e, ws, x_NxD) - y_N) ** 2)


def step(e: Experiment, p: Problem, ws: Weights, hp_2: jnp.ndarray, idx_M: jnp.ndarray):
    """One gradient step of one run -> (new weights, full-batch loss before the update)."""
    x, y = jnp.asarray(p.x_NxD), jnp.asarray(p.y_N)
    if e.plane == "offset_vs_lr":
        if e.offset_mode == "every_step":
            ws = (ws[0] + hp_2[0],) + tuple(ws[1:])
        rates = [hp_2[1]] * len(ws)
    else:
        rates = [hp_2[i % 2] for i in range(len(ws))]
    if e.batch is None:
        value, grads = jax.value_and_grad(partial(loss_fn, e))(ws, x, y)
    else:
        value = loss_fn(e, ws, x, y)
        grads = jax.grad(partial(loss_fn, e))(ws, x[idx_M], y[idx_M])
    return tuple(w - r * g for w, g, r in zip(ws, grads, rates)), value


def initial_weights(e: Experiment, p: Problem, hp_2: jnp.ndarray) -> Weights:
    ws = tuple(jnp.asarray(w) for w in p.weights)
    if e.plane == "offset_vs_lr" and e.offset_mode == "once":
        ws = (ws[0] + hp_2[0],) + ws[1:]
    return ws


def make_chunk_fn(e: Experiment, p: Problem, *, fused: bool = False, interpret: bool = False):
    """jit-compiled f(hp_Bx2) -> (losses_BxT, measure_B, converged_B, measure_BxC) for a fixed
    chunk size B; measure_BxC is the measure of the first T_c steps at each `checkpoints(T)`.
    fused: train with the Pallas kernel of `compute.fused` (GPU; interpret=True runs it on CPU)
    instead of XLA's."""
    if fused:
        from trainscape.compute.fused import make_losses_fn

        losses_fn = make_losses_fn(e, p, interpret=interpret)
    else:
        losses_fn = _xla_losses_fn(e, p)

    def run(hp_Bx2: jnp.ndarray):
        losses_BxT = losses_fn(hp_Bx2)
        value, converged = measure(losses_BxT)
        at = jnp.stack([measure(losses_BxT[:, :t])[0] for t in checkpoints(e.steps)], axis=1)
        return losses_BxT, value, converged, at

    return jax.jit(run)


def _xla_losses_fn(e: Experiment, p: Problem):
    """f(hp_Bx2) -> losses (B, steps): the step loop in XLA, in `step_blocks`, stopping
    when every run of the chunk holds a NaN weight."""
    n_blocks, block_steps = step_blocks(e.steps)
    padded = n_blocks * block_steps
    m = e.batch or 1
    idx = np.zeros((padded, m), np.int32)
    if p.batch_idx_TxM is not None:
        idx[: e.steps] = p.batch_idx_TxM
    idx_blocks = jnp.asarray(idx.reshape(n_blocks, block_steps, m))
    batched = partial(batched_step, e, p)

    def losses(hp_Bx2: jnp.ndarray) -> jnp.ndarray:
        b = hp_Bx2.shape[0]
        ws0 = jax.vmap(partial(initial_weights, e, p))(hp_Bx2)
        losses0 = jnp.full((n_blocks, block_steps, b), jnp.nan)

        def block(carry):
            k, ws, losses = carry

            def one(ws, idx_M):
                return batched(ws, hp_Bx2, idx_M)

            ws, block_losses = jax.lax.scan(one, ws, idx_blocks[k])
            return k + 1, ws, losses.at[k].set(block_losses)

        def alive(carry):
            k, ws, _ = carry
            dead = jnp.zeros(b, bool)
            for w in ws:
                dead = dead | jnp.any(jnp.isnan(w.reshape(b, -1)), axis=1)
            return (k < n_blocks) & ~jnp.all(dead)

        _, _, losses = jax.lax.while_loop(alive, block, (0, ws0, losses0))
        return losses.reshape(padded, b).T[:, : e.steps]

    return losses

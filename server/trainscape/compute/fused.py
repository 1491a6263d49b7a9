"""A fused GPU kernel (Pallas/Triton) for one-hidden-layer, full-batch experiments.

XLA's kernel is bound by moving activations through GPU memory; here one program trains one run
with its weights in registers and streams the data through in blocks, so no activation leaves
the chip (values differ from XLA's in the last bits). Details: docs/engine.md, "On a GPU".
"""

from __future__ import annotations

import math
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import pallas as pl
from jax.experimental.pallas import triton as pltriton

from trainscape.compute.batched import activation
from trainscape.compute.problem import Problem
from trainscape.experiments import Experiment

ROWS = 16  # data points per block (Triton's dot needs every side >= 16)
WARPS = 1  # per program: Triton's float64 dot needs a 16x8x16 tile per warp


def supports(e: Experiment) -> bool:
    """One hidden layer, full batch, fan-in and width multiples of 16 (the paper's nets)."""
    return e.depth == 2 and e.batch is None and e.width % 16 == 0


def _kernel(e: Experiment, n: int, hp_ref, x_ref, y_ref, w0_ref, w1_ref, loss_ref):
    d, h = w0_ref.shape
    s0, s1 = 1.0 / math.sqrt(d), 1.0 / math.sqrt(h)
    offset = e.plane == "offset_vs_lr"
    r0 = hp_ref[1] if offset else hp_ref[0]
    r1 = hp_ref[1]
    loss_ref[...] = jnp.full(loss_ref.shape, jnp.nan, loss_ref.dtype)
    blocks = x_ref.shape[0] // ROWS

    def rows(i, acc):
        loss, g0, g1, w0, w1 = acc
        xb = x_ref[pl.ds(i * ROWS, ROWS), :]
        z = jnp.dot(xb, w0) * s0
        act, deriv = activation(e.activation, z)
        res = jnp.sum(act * w1[None, :], axis=1) * (s1 * s1) - y_ref[pl.ds(i * ROWS, ROWS)]
        dz = res * ((2.0 / n) * s1)
        g1 = g1 + jnp.sum(act * dz[:, None], axis=0) * s1
        g0 = g0 + jnp.dot(xb.T, dz[:, None] * (w1 * s1)[None, :] * deriv) * s0
        return loss + jnp.sum(res * res), g0, g1, w0, w1

    def step(carry):
        t, w0, w1 = carry
        if offset and e.offset_mode == "every_step":
            w0 = w0 + hp_ref[0]
        zero = jnp.zeros((), w0.dtype)
        loss, g0, g1, _, _ = jax.lax.fori_loop(
            0, blocks, rows, (zero, jnp.zeros_like(w0), jnp.zeros_like(w1), w0, w1)
        )
        loss_ref[pl.ds(t, 1)] = jnp.full((1,), loss / n, loss_ref.dtype)
        return t + 1, w0 - r0 * g0, w1 - r1 * g1

    def alive(carry):
        t, w0, w1 = carry
        nan = jnp.maximum(
            jnp.max(jnp.isnan(w0).astype(jnp.int32)), jnp.max(jnp.isnan(w1).astype(jnp.int32))
        )
        return (t < e.steps) & (nan == 0)

    jax.lax.while_loop(alive, step, (jnp.int32(0), w0_ref[...], w1_ref[...]))


def make_losses_fn(e: Experiment, p: Problem, *, interpret: bool = False):
    """f(hp_Bx2) -> losses (B, steps), float64, NaN after a run's weights went NaN."""
    x_np, y_np = np.asarray(p.x_NxD), np.asarray(p.y_N)
    n, d = x_np.shape
    padded = -(-n // ROWS) * ROWS
    # padding points are x = 0, y = 0: their output and residual are exactly 0 (act(0) = 0)
    x = jnp.asarray(np.pad(x_np, ((0, padded - n), (0, 0))))
    y = jnp.asarray(np.pad(y_np, (0, padded - n)))
    w0_init, w1_init = (jnp.asarray(w) for w in p.weights)
    h = w0_init.shape[1]
    t_pad = int(pl.next_power_of_2(e.steps))

    def losses(hp_Bx2: jnp.ndarray) -> jnp.ndarray:
        b = hp_Bx2.shape[0]
        w0 = jnp.broadcast_to(w0_init, (b, d, h))
        if e.plane == "offset_vs_lr" and e.offset_mode == "once":
            w0 = w0 + hp_Bx2[:, 0, None, None]
        w1 = jnp.broadcast_to(w1_init[:, 0], (b, h))
        call = pl.pallas_call(
            partial(_kernel, e, n),
            out_shape=jax.ShapeDtypeStruct((b, t_pad), jnp.float64),
            grid=(b,),
            in_specs=[
                pl.BlockSpec((None, 2), lambda i: (i, 0)),
                pl.BlockSpec((padded, d), lambda i: (0, 0)),
                pl.BlockSpec((padded,), lambda i: (0,)),
                pl.BlockSpec((None, d, h), lambda i: (i, 0, 0)),
                pl.BlockSpec((None, h), lambda i: (i, 0)),
            ],
            out_specs=pl.BlockSpec((None, t_pad), lambda i: (i, 0)),
            interpret=interpret,
            compiler_params=pltriton.CompilerParams(num_warps=WARPS, num_stages=1),
        )
        return call(hp_Bx2, x, y, w0, w1)[:, : e.steps]

    return losses

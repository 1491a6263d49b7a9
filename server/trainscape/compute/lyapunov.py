"""Finite-time maximal Lyapunov exponent of each training run (the Lyapunov layer).

A tangent vector rides through every gradient step (`jax.jvp`, Benettin); a diverged run keeps
its mean up to the last finite step, so tiles never hold NaN or inf, and batching follows the
measure kernel, so no value depends on its chunk. Details: docs/analysis.md, "Lyapunov layer".
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache, partial

import jax
import jax.numpy as jnp
import numpy as np

from trainscape.compute.batched import batched_step
from trainscape.compute.kernel import initial_weights, step_blocks
from trainscape.compute.problem import Problem, make_problem
from trainscape.compute.runner import Progress, kernel_key, map_chunks
from trainscape.experiments import Experiment
from trainscape.tiles import TILE_SIZE, pixel_values, tile_values, window_values

#: Exponent of a run that overflows at its first step: log of the largest float64.
LAMBDA_MAX = math.log(np.finfo(np.float64).max)
#: Key of the initial tangent vector (shared by every pixel of every experiment).
TANGENT_SEED = 1


def initial_tangent(e: Experiment) -> tuple[np.ndarray, ...]:
    """Fixed random unit tangent vector, one array per weight matrix (drawn with JAX's original
    threefry bits, as the engine draws its problem, so it does not change with JAX's default)."""
    with jax.threefry_partitionable(False):
        keys = jax.random.split(jax.random.PRNGKey(TANGENT_SEED), e.depth)
        u = [
            np.asarray(jax.random.normal(k, s, dtype=np.float64))
            for k, s in zip(keys, e.layer_shapes)
        ]
    norm = math.sqrt(sum(float(np.sum(a * a)) for a in u))
    return tuple(a / norm for a in u)


def _chunk_step(e: Experiment, p: Problem, carry, hp_Bx2, idx_M, t):
    """Advance a chunk of runs and their tangents by step t; accumulate the log stretches."""
    ws, u, total, n, done = carry
    new_ws, ju = jax.jvp(lambda w: batched_step(e, p, w, hp_Bx2, idx_M)[0], (ws,), (u,))
    norm = jnp.sqrt(sum(jnp.sum(a * a, axis=(1, 2)) for a in ju))
    stretch = jnp.log(norm)
    ok = ~done & jnp.isfinite(stretch)
    total = jnp.where(ok, total + stretch, total)
    n = jnp.where(ok, n + 1, n)
    done = done | ~jnp.isfinite(stretch) | (t + 1 >= e.steps)
    u = tuple(a / norm[:, None, None] for a in ju)
    return (new_ws, u, total, n, done), _exponent(total, n)


def _exponent(total: jnp.ndarray, n: jnp.ndarray) -> jnp.ndarray:
    return jnp.where(n > 0, total / jnp.maximum(n, 1), LAMBDA_MAX)


def _batch_indices(e: Experiment, p: Problem, padded: int) -> np.ndarray:
    idx = np.zeros((padded, e.batch or 1), np.int32)
    if p.batch_idx_TxM is not None:
        idx[: e.steps] = p.batch_idx_TxM
    return idx


@lru_cache(maxsize=16)
def _chunk_fn(key: Experiment, keep_running: bool):
    """jit f(hp_Bx2) -> (exponent_B, finite_steps_B[, running_BxT])."""
    p = make_problem(key)
    n_blocks, block_steps = step_blocks(key.steps)
    idx = _batch_indices(key, p, n_blocks * block_steps)
    idx_blocks = jnp.asarray(idx.reshape(n_blocks, block_steps, -1))
    u0 = tuple(jnp.asarray(a) for a in initial_tangent(key))
    steps_blocks = jnp.arange(n_blocks * block_steps).reshape(n_blocks, block_steps)
    chunk_step = partial(_chunk_step, key, p)

    def run(hp_Bx2: jnp.ndarray):
        b = hp_Bx2.shape[0]
        ws0 = jax.vmap(partial(initial_weights, key, p))(hp_Bx2)
        us0 = tuple(jnp.broadcast_to(a, (b, *a.shape)) for a in u0)
        state0 = (ws0, us0, jnp.zeros(b), jnp.zeros(b, jnp.int32), jnp.zeros(b, bool))
        running0 = jnp.full((n_blocks, block_steps, b) if keep_running else (0,), jnp.nan)

        def block(carry):
            k, state, running = carry
            state, lam_KxB = jax.lax.scan(
                lambda s, it: chunk_step(s, hp_Bx2, *it), state, (idx_blocks[k], steps_blocks[k])
            )
            return k + 1, state, running.at[k].set(lam_KxB) if keep_running else running

        def alive(carry):
            k, state, _ = carry
            return (k < n_blocks) & ~jnp.all(state[-1])

        _, state, running = jax.lax.while_loop(alive, block, (0, state0, running0))
        lam_B = _exponent(state[2], state[3])
        if not keep_running:
            return lam_B, state[3]
        running_BxT = running.reshape(n_blocks * block_steps, b).T[:, : key.steps]
        return lam_B, state[3], jnp.where(jnp.isnan(running_BxT), lam_B[:, None], running_BxT)

    return jax.jit(run)


def lyapunov_values(
    e: Experiment, hp_Px2: np.ndarray, progress: Progress | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(exponent (P,), finite steps (P,)) for hyperparameter pairs (P, 2) in linear units."""
    p = hp_Px2.shape[0]
    lam, n = np.empty(p), np.empty(p, np.int64)
    map_chunks(_chunk_fn(kernel_key(e), False), hp_Px2, (lam, n), progress)
    return lam, n


def lyapunov_tile(
    e: Experiment,
    z: int,
    x: int,
    y: int,
    size: int = TILE_SIZE,
    progress: Progress | None = None,
) -> np.ndarray:
    """float64 (size, size) exponents of tile (z, x, y), same geometry as `compute_tile`."""
    return lyapunov_values(e, tile_values(e, z, x, y, size), progress)[0].reshape(size, size)


def lyapunov_tiles(
    e: Experiment, z: int, x: int, y: int, size: int, progress: Progress | None = None
) -> dict[int | None, np.ndarray]:
    """The Lyapunov layer's tiles of (z, x, y): {None: exponents (size, size)}."""
    return {None: lyapunov_tile(e, z, x, y, size, progress)}


def lyapunov_window(
    e: Experiment,
    bounds: tuple[Fraction, Fraction, Fraction, Fraction],
    width: int,
    height: int,
    progress: Progress | None = None,
) -> np.ndarray:
    """float64 (height, width) exponents over a log10 window (x0, x1, y0, y1)."""
    hp = window_values(*bounds, width, height)
    return lyapunov_values(e, hp, progress)[0].reshape(height, width)


def lyapunov_point(e: Experiment, hp: tuple[float, float]) -> np.ndarray:
    """Running exponent (T,) of one run: entry t is the exponent over steps 0..t (frozen after
    the last finite step); the last entry equals the Lyapunov tile's value at that pixel."""
    out = np.empty((1, e.steps))
    map_chunks(_chunk_fn(kernel_key(e), True), np.array([hp], np.float64), (None, None, out))
    return out[0]


def lyapunov_pixel(e: Experiment, z: int, px: int, py: int) -> np.ndarray:
    """`lyapunov_point` at global pixel (px, py) of zoom z."""
    return lyapunov_point(e, pixel_values(e, z, px, py))

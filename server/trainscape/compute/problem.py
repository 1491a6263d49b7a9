"""The training problem shared by every pixel: initial weights and data (the notebook's keys)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from trainscape.compute.backend import init
from trainscape.experiments import Experiment


@dataclass(frozen=True)
class Problem:
    weights: tuple[np.ndarray, ...]  # layer i: (fan_in, fan_out), float64
    x_NxD: np.ndarray
    y_N: np.ndarray
    batch_idx_TxM: np.ndarray | None  # minibatch indices per step, or None for full batch


def make_problem(e: Experiment) -> Problem:
    """Weights, X and Y from PRNGKey(seed) in the notebook's split order; minibatch indices
    from split(PRNGKey(batch_seed), steps)[t], the same sequence for every pixel.

    Drawn with JAX's original ("non-partitionable") threefry bit generation, which the paper's
    notebook ran with: JAX 0.5 changed the default, and with the new default the same keys give
    other weights and data, and the paper's figure windows show no boundary at all.
    """
    init()
    import jax

    with jax.threefry_partitionable(False):
        return _draw(e)


def _draw(e: Experiment) -> Problem:
    import jax

    key = jax.random.PRNGKey(e.seed)
    key, sub = jax.random.split(key)
    layer_keys = jax.random.split(sub, e.depth)
    weights = tuple(
        np.asarray(jax.random.normal(layer_keys[i], shape, dtype=np.float64))
        for i, shape in enumerate(e.layer_shapes)
    )
    key, sub = jax.random.split(key)
    x = np.asarray(jax.random.normal(sub, (e.dataset_size, e.width), dtype=np.float64))
    key, sub = jax.random.split(key)
    y = np.asarray(jax.random.normal(sub, (e.dataset_size, 1), dtype=np.float64))[:, 0]
    idx = None
    if e.batch is not None:
        keys = jax.random.split(jax.random.PRNGKey(e.batch_seed), e.steps)
        m = e.batch
        draw = jax.vmap(lambda k: jax.random.randint(k, (m,), 0, e.dataset_size))
        idx = np.asarray(draw(keys), dtype=np.int32)
    return Problem(weights, x, y, idx)

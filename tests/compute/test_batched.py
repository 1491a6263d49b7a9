"""The hand-written batched step agrees with jax.grad of the one-run step (any depth, mode)."""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from trainscape.compute.batched import batched_step
from trainscape.compute.kernel import initial_weights, step
from trainscape.compute.problem import make_problem
from trainscape.experiments import Experiment

CONFIGS = {
    "tanh depth 3": Experiment(width=6, depth=3, steps=5),
    "relu depth 4": Experiment(activation="relu", width=5, depth=4, steps=5),
    "identity": Experiment(activation="identity", width=4, dataset="width", steps=5),
    "minibatch": Experiment(width=4, batch=3, steps=5),
    "offset every step": Experiment(width=4, plane="offset_vs_lr", steps=5),
    "offset once": Experiment(width=4, plane="offset_vs_lr", offset_mode="once", steps=5),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_batched_step_matches_autodiff(name):
    e = CONFIGS[name]
    p = make_problem(e)
    hp = jnp.asarray([[0.05, 0.2], [0.3, 0.01], [0.02, 0.02]])
    ws = jax.vmap(partial(initial_weights, e, p))(hp)
    ref = ws
    auto = jax.vmap(partial(step, e, p), in_axes=(0, 0, None))
    for t in range(e.steps):
        idx = jnp.asarray(p.batch_idx_TxM[t]) if p.batch_idx_TxM is not None else jnp.zeros(1, int)
        ws, loss = batched_step(e, p, ws, hp, idx)
        ref, ref_loss = auto(ref, hp, idx)
        np.testing.assert_allclose(loss, ref_loss, rtol=1e-12)
        for w, r in zip(ws, ref, strict=True):
            np.testing.assert_allclose(w, r, rtol=1e-10, atol=1e-13)

"""The paper's convergence measure of a loss trajectory (JAX, batched over runs).

With L_t the full-batch loss before update t (t = 0..T-1): replace non-finite L_t by 1e6,
divide by L_0, clip at 1e6 -> v_t. Converged iff the mean of the last 20 v_t is < 1.
Measure = -sum(v) if converged, else +sum(1/v): negative = converged, positive = diverged,
magnitude = how slowly (largest at the boundary, where runs converge or diverge slowest).
"""

from __future__ import annotations

import jax.numpy as jnp

MAX_VAL = 1e6
TAIL = 20


def normalised(losses_BxT: jnp.ndarray) -> jnp.ndarray:
    v = jnp.where(jnp.isfinite(losses_BxT), losses_BxT, MAX_VAL)
    return jnp.minimum(v / v[:, :1], MAX_VAL)


def measure(losses_BxT: jnp.ndarray) -> tuple[jnp.ndarray, jnp.ndarray]:
    """(measure_B, converged_B) of loss trajectories (B, T)."""
    v = normalised(losses_BxT)
    converged = jnp.mean(v[:, -TAIL:], axis=1) < 1
    return jnp.where(converged, -jnp.sum(v, axis=1), jnp.sum(1.0 / v, axis=1)), converged


N_CHECKPOINTS = 16


def checkpoints(steps: int) -> tuple[int, ...]:
    """Step counts T_c at which every tile also stores the measure of the first T_c steps
    (for the training-step slider): 16 evenly spaced counts ending at `steps`."""
    return tuple(
        sorted({max(1, round(steps * k / N_CHECKPOINTS)) for k in range(1, N_CHECKPOINTS + 1)})
    )

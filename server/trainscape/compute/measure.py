"""The paper's convergence measure of a loss trajectory (JAX, batched over runs).

With L_t the full-batch loss before update t (t = 0..T-1): replace non-finite L_t by 1e6,
divide by L_0, clip at 1e6 -> v_t. Converged iff the mean of the last 20 v_t is < 1.
Measure = -sum(v) if converged, else +sum(1/v): negative = converged, positive = diverged,
magnitude = how slowly (largest at the boundary, where runs converge or diverge slowest).
"""

from __future__ import annotations

import jax.numpy as jnp

from trainscape.experiments.measure import MAX_VAL, TAIL, checkpoints

__all__ = ["MAX_VAL", "TAIL", "checkpoints", "measure", "normalised"]


def normalised(losses_BxT: jnp.ndarray) -> jnp.ndarray:
    v = jnp.where(jnp.isfinite(losses_BxT), losses_BxT, MAX_VAL)
    return jnp.minimum(v / v[:, :1], MAX_VAL)


def measure(losses_BxT: jnp.ndarray) -> tuple[jnp.ndarray, jnp.ndarray]:
    """(measure_B, converged_B) of loss trajectories (B, T)."""
    v = normalised(losses_BxT)
    converged = jnp.mean(v[:, -TAIL:], axis=1) < 1
    return jnp.where(converged, -jnp.sum(v, axis=1), jnp.sum(1.0 / v, axis=1)), converged

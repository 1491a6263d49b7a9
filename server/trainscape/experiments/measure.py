"""The paper's convergence measure, as a definition: its constants and the checkpoint steps.

The measure itself is computed by `trainscape.compute.measure` (batched, in JAX); what it is and
which steps the training-step slider stores are part of what an experiment means, so they live
here, where every layer (API, rendering, jobs) can read them without loading JAX.
"""

from __future__ import annotations

#: Non-finite losses are replaced by this, and L_t / L_0 is clipped at it.
MAX_VAL = 1e6
#: Converged iff the mean of the last TAIL normalised losses is < 1.
TAIL = 20
#: Every measure tile also stores the measure after this many evenly spaced step counts.
N_CHECKPOINTS = 16


def checkpoints(steps: int) -> tuple[int, ...]:
    """Step counts T_c at which every tile also stores the measure of the first T_c steps
    (for the training-step slider): N_CHECKPOINTS evenly spaced counts ending at `steps`."""
    return tuple(
        sorted({max(1, round(steps * k / N_CHECKPOINTS)) for k in range(1, N_CHECKPOINTS + 1)})
    )

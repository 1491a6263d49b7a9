"""What a request costs, estimated from the experiment, and the budgets the API enforces.

Costs are counted in multiply-adds of training ("ops") from the network's shape alone, so a
request is refused before any work; early exit makes real costs lower (an upper bound).
Details: docs/api.md, "Cost budgets".
"""

from __future__ import annotations

import math

from trainscape.errors import TrainscapeError
from trainscape.experiments.config import MAX_STEPS, Experiment

#: ops of element-wise and loop work per run-step (fitted: width 1 vs width 8 on the dev CPU).
STEP_OVERHEAD = 8192
#: A Lyapunov-layer run costs this many measure runs (forward-over-reverse tangent steps).
LYAPUNOV_FACTOR = 3
#: Runs of one tile (256 x 256); its 64 x 64 preview adds 1/16.
TILE_RUNS = 256 * 256


class CostError(TrainscapeError, ValueError):
    """A request over its budget; the message gives its cost, the budget and what fits."""


def step_cost(e: Experiment) -> int:
    """Estimated ops of one training step of one run."""
    points = 3 * e.dataset_size if e.batch is None else e.dataset_size + 3 * e.batch
    return e.n_params * points + STEP_OVERHEAD


def run_cost(e: Experiment) -> int:
    """Estimated ops of one run (all its steps) on the measure layer."""
    return e.steps * step_cost(e)


def _paper_net(steps: int) -> Experiment:
    return Experiment(activation="tanh", width=16, depth=2, dataset="params", steps=steps)


#: Budget of one tile (ops): a Lyapunov tile of the paper's net (width 16, 272 points, the
#: costliest preset per step) at the step cap, so every preset, at every step count and on
#: every layer, fits (a measure tile at that size: up to ~2 h of the dev CPU, minutes on a
#: GPU). A custom experiment whose measure tile is over it is refused when posted.
TILE_BUDGET = LYAPUNOV_FACTOR * TILE_RUNS * run_cost(_paper_net(MAX_STEPS))
#: Budget of one dimension request (ops): the paper's net at 500 steps on a 64 x 64 grid (the
#: explorer's panel size for it); about 20 s of the dev CPU for the paper's nets, up to ~70 s
#: for memory-bound big ones, under a second on a GPU.
DIMENSION_BUDGET = 64 * 64 * run_cost(_paper_net(500))


#: Smallest and largest grid side of a dimension request.
MIN_SIZE, MAX_SIZE = 8, 256


def describe_cost(ops: int) -> str:
    return f"{ops:.3g} ops"


def check_tile(e: Experiment, factor: int = 1, what: str = "a tile") -> int:
    """The cost of one tile of `e` (x a layer factor); CostError if over TILE_BUDGET."""
    cost = TILE_RUNS * run_cost(e) * factor
    if cost > TILE_BUDGET:
        raise CostError(
            f"{what} of this experiment would cost {describe_cost(cost)} ({TILE_RUNS} runs x "
            f"{e.steps} steps x {describe_cost(step_cost(e) * factor)} per step), over the "
            f"budget of {describe_cost(TILE_BUDGET)} per tile; allowed: at most "
            f"{max_steps(e, factor)} steps for this network, or a smaller width, depth or "
            "dataset (see GET /api/experiments `cost`)"
        )
    return cost


def max_steps(e: Experiment, factor: int = 1) -> int:
    """Most steps a tile of `e`'s network may train within TILE_BUDGET (0 if not even one)."""
    return min(MAX_STEPS, TILE_BUDGET // (TILE_RUNS * step_cost(e) * factor))


def dimension_max_size(e: Experiment) -> int:
    """Largest grid side of a dimension request for `e` (below MIN_SIZE: none is allowed)."""
    return min(MAX_SIZE, math.isqrt(DIMENSION_BUDGET // run_cost(e)))


def check_dimension(e: Experiment, size: int) -> None:
    """CostError unless size^2 runs of `e` fit DIMENSION_BUDGET."""
    cost = size * size * run_cost(e)
    if cost <= DIMENSION_BUDGET:
        return
    largest = dimension_max_size(e)
    allowed = (
        f"allowed {MIN_SIZE}..{largest} for this experiment"
        if largest >= MIN_SIZE
        else f"not even size {MIN_SIZE} fits: use fewer steps or a smaller network, or "
        "`trainscape dimension` on your own machine"
    )
    raise CostError(
        f"size {size} would cost {describe_cost(cost)} ({size}^2 runs x {e.steps} steps x "
        f"{describe_cost(step_cost(e))} per step), over the budget of "
        f"{describe_cost(DIMENSION_BUDGET)} per dimension request; {allowed}"
    )


def budgets() -> dict[str, int | str]:
    """The budgets as the API publishes them."""
    return {
        "unit": "ops: estimated multiply-adds of training (docs/api.md#cost-budgets)",
        "step_overhead": STEP_OVERHEAD,
        "lyapunov_factor": LYAPUNOV_FACTOR,
        "tile": TILE_BUDGET,
        "dimension": DIMENSION_BUDGET,
    }

"""`between_chunks`: every kernel that goes through `map_chunks` calls the check after each
chunk, and a check that raises stops the computation there (how job engines abandon a tile)."""

from __future__ import annotations

import numpy as np
import pytest

from trainscape.compute import compute_tile
from trainscape.compute.between import between_chunks
from trainscape.compute.lyapunov import lyapunov_tile
from trainscape.compute.runner import chunk_size
from trainscape.experiments import resolve

E = resolve("tanh-quick@5")


class Stop(Exception):
    pass


def _stop_after(n: int, calls: list[int]):
    def check() -> None:
        calls.append(1)
        if len(calls) == n:
            raise Stop

    return check


@pytest.mark.parametrize("kernel", [compute_tile, lyapunov_tile], ids=["measure", "lyapunov"])
def test_a_check_that_raises_stops_the_computation_after_that_chunk(kernel):
    calls: list[int] = []
    with pytest.raises(Stop), between_chunks(_stop_after(2, calls)):
        kernel(E, 1, 0, 0, 64)
    assert len(calls) == 2  # no chunk collected after the one whose check raised


def test_the_check_runs_once_per_chunk_only_inside_the_block_and_changes_no_value():
    calls: list[int] = []
    with between_chunks(lambda: calls.append(1)):
        inside = compute_tile(E, 1, 0, 0, 64)
    assert len(calls) == -(-64 * 64 // chunk_size(E))
    outside = compute_tile(E, 1, 0, 0, 64)
    assert len(calls) == -(-64 * 64 // chunk_size(E))
    np.testing.assert_array_equal(inside, outside)

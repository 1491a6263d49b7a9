"""A job emits its preview first and its final tile last (HTTP tests compare the final and
per-step tiles with the engine; here the 64x64 preview is compared)."""

from __future__ import annotations

import numpy as np

from trainscape.cache.keys import tile_key
from trainscape.compute import checkpoints, compute_tile
from trainscape.experiments import resolve
from trainscape.jobs import TileJob, kind
from trainscape.jobs.model import FULL, PREVIEW, Task
from trainscape.jobs.payloads import compute_task, stored_keys
from trainscape.render import npy_array

QUICK = "tanh-quick@5"


def compute_payloads(job: TileJob, emit, preview_size: int) -> None:
    """A job's two phases in the engines' order: its preview, then its full tile."""
    compute_task(Task(job, PREVIEW), emit, preview_size)
    compute_task(Task(job, FULL), emit, preview_size)


def test_preview_first_then_steps_then_final():
    e = resolve(QUICK)
    emitted: list[tuple[str, bytes]] = []
    compute_payloads(TileJob(e, 1, 1, 0, "measure"), lambda k, v: emitted.append((k, v)), 64)
    keys = [k for k, _ in emitted]
    final = tile_key(e, 1, 1, 0, kind(e, "measure"))
    preview = tile_key(e, 1, 1, 0, kind(e, "measure", preview=True))
    assert keys[-1] == final and preview in keys
    assert keys.index(preview) < min(i for i, k in enumerate(keys) if not k.endswith(".preview"))
    values = dict(emitted)
    tile = npy_array(values[final])
    assert tile.shape == (256, 256) and tile.dtype == np.float64
    small = npy_array(values[preview])
    np.testing.assert_array_equal(small, compute_tile(e, 1, 1, 0, 64))
    for t in checkpoints(e.steps)[:-1]:
        assert npy_array(values[tile_key(e, 1, 1, 0, kind(e, "measure", t))]).shape == (256, 256)
        assert tile_key(e, 1, 1, 0, kind(e, "measure", t, preview=True)) in values


def test_a_failing_layer_emits_nothing():
    e = resolve(QUICK)
    emitted: list[str] = []
    try:
        compute_payloads(TileJob(e, 99, 0, 0, "measure"), lambda k, v: emitted.append(k), 64)
    except ValueError:
        pass
    assert emitted == []


def test_a_full_task_stores_every_checkpoint_tile_and_the_final_one():
    e = resolve(QUICK)
    job = TileJob(e, 1, 1, 0, "measure")
    emitted: list[str] = []
    compute_task(Task(job), lambda k, v: emitted.append(k))
    assert emitted == stored_keys(Task(job))  # what a runner checks before skipping a task
    assert stored_keys(Task(job, PREVIEW)) == [job.payload_key(preview=True)]

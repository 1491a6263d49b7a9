"""The embedded engine runs previews queued while a full tile computes between two of its chunks:
a new view's previews come after a chunk, not after the tile in progress; values are unchanged."""

from __future__ import annotations

import asyncio
import time

import numpy as np
from tests.conftest import RecordingStore

from trainscape.compute import compute_tile_runs
from trainscape.experiments import resolve
from trainscape.jobs import TileJob
from trainscape.jobs.embedded import EmbeddedJobs
from trainscape.render import npy_array

#: Tile 0/0/0: 256 chunks of ~0.05 s, ~11 s in all on one CPU core.
MEDIUM = TileJob(resolve("tanh-quick@300"), 0, 0, 0, "measure")
NEW = [TileJob(resolve("tanh-quick@7"), 2, x, 1, "measure") for x in (1, 2)]
PREVIEW = 16


def _key(job: TileJob, preview: bool) -> str:
    return job.payload_key(preview=preview)


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        await asyncio.sleep(0.02)


def test_a_new_views_previews_run_between_the_chunks_of_a_full_tile_in_progress():
    async def scenario() -> tuple[list[str], list[bytes | None]]:
        store = RecordingStore()
        jobs = EmbeddedJobs(store, threads=1, preview_size=PREVIEW, stale_s=300)
        await jobs.submit(MEDIUM)
        await _until(lambda: _key(MEDIUM, True) in store.written, 60, "MEDIUM's preview")
        await _until(lambda: jobs.stats.running == 1, 30, "MEDIUM's full tile to start")
        await asyncio.sleep(0.5)  # a few of its chunks are done
        for job in NEW:  # the user zooms: a new view's tiles
            await jobs.submit(job)
        await _until(lambda: jobs.stats.computed == 3, 120, "every tile")
        await jobs.close()
        return store.written, [await store.get(_key(job, True)) for job in NEW]

    written, previews = asyncio.run(scenario())
    medium_final = written.index(_key(MEDIUM, False))
    for job, preview in zip(NEW, previews):
        assert written.index(_key(job, True)) < medium_final, written  # between its chunks
        assert written.index(_key(job, False)) > medium_final  # full tiles still one at a time
        assert preview is not None
        values = npy_array(preview)
        direct = compute_tile_runs(job.experiment, job.z, job.x, job.y, PREVIEW).measure
        np.testing.assert_array_equal(values, direct.reshape(PREVIEW, PREVIEW))  # bit for bit

"""The embedded engine abandons a running tile nobody asks for any more, between two chunks of
pixels, and computes it anew, whole, when it is wanted again; a wanted tile runs to the end."""

from __future__ import annotations

import asyncio
import time

import numpy as np
from tests.conftest import RecordingStore

from trainscape.cache.keys import tile_key
from trainscape.cache.memory import MemoryStore
from trainscape.compute import compute_tile
from trainscape.experiments import resolve
from trainscape.jobs import TileJob, kind
from trainscape.jobs.embedded import EmbeddedJobs
from trainscape.render import npy_array

#: Tile 0/0/0 of these: 256 chunks of ~0.2 s (LONG, ~50 s in all) or ~0.05 s (MEDIUM, ~11 s)
#: on one CPU core; a FAST one takes about a second.
LONG = TileJob(resolve("tanh-quick@1000"), 0, 0, 0, "measure")
MEDIUM = TileJob(resolve("tanh-quick@300"), 0, 0, 0, "measure")
FAST = TileJob(resolve("tanh-quick@7"), 0, 0, 0, "measure")


def _final(job: TileJob) -> str:
    e = job.experiment
    return tile_key(e, job.z, job.x, job.y, kind(e, "measure"))


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        await asyncio.sleep(0.02)


async def _keep_wanting(jobs: EmbeddedJobs, store: MemoryStore, job: TileJob, timeout: float):
    """Ask for `job` every 0.1 s, as a waiting client does, until its tile is stored."""
    deadline = time.monotonic() + timeout
    while (body := await store.get(_final(job))) is None:
        assert time.monotonic() < deadline, f"{job} not computed within {timeout} s"
        await jobs.submit(job)
        await jobs.wait(job, 0.1)
    return body


def test_an_unwanted_running_tile_stops_within_a_chunk_or_two_and_the_next_runs_at_once():
    async def scenario() -> None:
        store = RecordingStore()
        jobs = EmbeddedJobs(store, threads=1, preview_size=0, stale_s=1.0)
        await jobs.submit(LONG)  # asked for once, then the user went elsewhere
        unwanted_at = time.monotonic() + jobs.stale_s
        await _until(lambda: jobs.stats.running == 1, 30, "the long tile to start")
        await _until(lambda: jobs.stats.abandoned == 1, 60, "the long tile to be abandoned")
        late = time.monotonic() - unwanted_at
        assert late < 3.0, f"stopped {late:.2f} s after nobody wanted it (chunks take ~0.2 s)"
        await _until(lambda: jobs.stats.running == 0, 5, "the compute thread to be free")
        assert store.written == []  # no partial result: results are only ever whole tiles

        t0 = time.monotonic()
        await _keep_wanting(jobs, store, FAST, 30)
        assert time.monotonic() - t0 < 10  # not after the ~50 s of the long tile
        assert (jobs.stats.computed, jobs.stats.abandoned, jobs.stats.failed) == (1, 1, 0)

        await jobs.submit(LONG)  # nothing left behind: a new request queues it anew
        assert jobs.stats.enqueued == 3 and jobs.queue_depth() + jobs.stats.running == 1
        await jobs.close()

    asyncio.run(scenario())


def test_an_abandoned_tile_asked_for_again_is_computed_whole_and_never_abandoned_while_wanted():
    async def scenario() -> None:
        store = RecordingStore()
        jobs = EmbeddedJobs(store, threads=1, preview_size=0, stale_s=0.5)
        await jobs.submit(MEDIUM)
        await _until(lambda: jobs.stats.abandoned == 1, 60, "the tile to be abandoned")
        body = await _keep_wanting(jobs, store, MEDIUM, 300)  # wanted all along this time
        assert (jobs.stats.computed, jobs.stats.abandoned, jobs.stats.failed) == (1, 1, 0)
        await jobs.close()
        return body

    body = asyncio.run(scenario())
    tile = npy_array(body)
    e = MEDIUM.experiment
    np.testing.assert_array_equal(tile, compute_tile(e, 0, 0, 0).astype(tile.dtype))


def test_an_unwanted_preview_is_abandoned_too_and_nothing_of_it_is_stored():
    async def scenario() -> None:
        store = RecordingStore()
        jobs = EmbeddedJobs(store, threads=1, preview_size=64, stale_s=0.2)
        await jobs.submit(LONG)  # its 64 x 64 preview: 16 chunks of ~0.2 s
        await _until(lambda: jobs.stats.dropped == 1, 60, "the preview to be abandoned")
        await _until(lambda: jobs.stats.running == 0, 5, "the compute thread to be free")
        assert store.written == []
        # its full tile never started: counted as dropped (like a queued job), not abandoned
        assert (jobs.stats.computed, jobs.stats.abandoned) == (0, 0)
        await jobs.close()

    asyncio.run(scenario())

"""The job lifecycle, tested once and run over both transports (`harness`: the embedded engine,
and Redis with a worker's real receive loop): compute order, dropping and abandoning what nobody
wants, previews between the chunks of a full tile, failures and their backoff, what is skipped."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import time

import numpy as np
import pytest

from trainscape.cache.memory import MemoryStore
from trainscape.compute import compute_tile, compute_tile_runs
from trainscape.experiments import resolve
from trainscape.jobs import ComputeFailed, Priority, TileJob
from trainscape.render import npy_array

FAST = resolve("tanh-quick@3")
SLOW = resolve("tanh-quick@30")  # keeps the single worker busy for a second or two
#: Tile 0/0/0 of these: 256 chunks of ~0.2 s (LONG, ~50 s in all; only ever abandoned) or
#: ~0.02 s (MEDIUM, ~4 s) on one CPU core.
LONG = TileJob(resolve("tanh-quick@1000"), 0, 0, 0, "measure")
MEDIUM = TileJob(resolve("tanh-quick@100"), 0, 0, 0, "measure")
QUICK = TileJob(resolve("tanh-quick@7"), 0, 0, 0, "measure")
#: Redis keeps a view's time in deciseconds: requests of distinct views are spaced wider.
TICK = 0.15


def _x(key: str) -> int:
    """The tile x of a tile key (its address is z/x/y in the key)."""
    return next(int(p.split("/")[1]) for p in key.split(":") if p.count("/") == 2)


def _queued(key: str) -> bool:
    """A key of one of the queued tiles (y = 1), not of the busy one."""
    return next(p for p in key.split(":") if p.count("/") == 2).endswith("/1")


def _lines(caplog, logger: str) -> list[str]:
    return [re.sub(r"\d+\.\d\d", "T", r.getMessage()) for r in caplog.records if r.name == logger]


async def _order(h, stale_s: float) -> list[int]:
    """Tiles in the order they were stored, after a busy one held the worker while three were
    queued (`first` kept wanted, the others asked for once; `a` again last)."""
    first = TileJob(SLOW, 2, 0, 0, "measure")
    a, b, c = (TileJob(FAST, 2, i, 0, "measure") for i in (1, 2, 3))
    await h.jobs.submit(first)
    await h.running()
    for j in (a, b, c, a):  # the user looks at `a` again: now the most recently wanted
        await h.jobs.submit(j)
        await asyncio.sleep(TICK)
    order: list[int] = []
    pending = {j: j.payload_key() for j in (first, a, b, c)}
    deadline = time.monotonic() + 120
    while pending and time.monotonic() < deadline:
        if await h.store.get(pending.get(first, "-")) is None:  # keeps looking at `first`
            await h.jobs.submit(first)  # (running: this keeps it from being abandoned)
        for job, key in list(pending.items()):
            if await h.store.get(key) is not None:
                order.append(job.x)
                del pending[job]
        s = await h.stats()
        if s.computed + s.dropped == 4:
            break
        await asyncio.sleep(0.05)
    return order


async def test_the_most_recently_wanted_tile_runs_first(harness):
    async with harness(stale_s=300) as h:
        order = await _order(h, 300)
        s = await h.stats()
    assert order == [0, 1, 3, 2]  # the busy one, then a (re-wanted), then c and b, newest first
    assert s.computed == 4 and s.dropped == 0


async def test_tiles_nobody_wants_any_more_are_dropped_unstarted(harness):
    async with harness(stale_s=0.6) as h:
        order = await _order(h, 0.6)
        s = await h.until(lambda s: s.computed + s.dropped == 4, 60, "every tile to end")
    # nobody re-asked for a, b, c while `first` computed (> 0.6 s): they are dropped unstarted
    assert order == [0]
    assert s.computed == 1 and s.dropped == 3 and s.abandoned == 0


async def _run_in_order(h, jobs_and_priorities) -> list[str]:
    """Keys in the order they were stored, after a busy job held the worker while
    `jobs_and_priorities` ((job, Priority) pairs, submitted in that order) were queued."""
    busy = TileJob(SLOW, 2, 0, 0, "measure")
    await h.jobs.submit(busy)
    if h.jobs.rules.preview_size:  # its preview first: the worker is busy once its full tile is
        key, deadline = busy.payload_key(preview=True), time.monotonic() + 60
        while key not in h.store.written:
            assert time.monotonic() < deadline, "the busy tile's preview was not stored"
            await asyncio.sleep(0.02)
    await h.running()
    for job, priority in jobs_and_priorities:
        await h.jobs.submit(job, priority)
    distinct = {job.key for job, _ in jobs_and_priorities}
    await h.until(lambda s: s.computed >= 1 + len(distinct) or s.dropped, 300, "every tile")
    assert (await h.stats()).dropped == 0
    return h.store.written


async def test_the_newest_view_runs_first_and_within_it_the_lowest_rank(harness):
    old, new = 100.0, 200.0
    a, b, c, d = (TileJob(FAST, 2, i, 1, "measure") for i in (1, 2, 3, 0))
    async with harness(stale_s=3600) as h:
        written = await _run_in_order(
            h,
            [
                (c, Priority(new, 3)),
                (d, Priority(new, 1)),
                (a, Priority(old, 0)),  # panned away from: runs last
                (b, Priority(old, 1)),
                (b, Priority(new, 2)),  # b is in the new view too
                (d, Priority(old, 0)),  # a late request of the old view does not demote d
            ],
        )
    finals = [_x(k) for k in written if k.endswith(":measure") and _queued(k)]
    assert finals == [0, 2, 3, 1]  # d, b, c (the new view by rank), then a


async def test_previews_of_every_queued_tile_run_first_then_full_tiles_by_rank(harness):
    view = 300.0
    tiles = [
        (TileJob(FAST, 2, x, 1, "measure"), Priority(view, rank))
        for x, rank in ((1, 2), (2, 0), (3, 1))
    ]
    async with harness(stale_s=3600, preview_size=16) as h:
        written = await _run_in_order(h, tiles)
    previews = [_x(k) for k in written if k.endswith(":measure.preview") and _queued(k)]
    finals = [_x(k) for k in written if k.endswith(":measure") and _queued(k)]
    assert previews == [2, 3, 1] and finals == [2, 3, 1]
    last_preview = max(i for i, k in enumerate(written) if k.endswith(".preview") and _queued(k))
    first_final = min(i for i, k in enumerate(written) if k.endswith(":measure") and _queued(k))
    assert last_preview < first_final


async def test_a_new_views_previews_run_between_the_chunks_of_a_full_tile(harness):
    new = [TileJob(FAST, 2, x, 1, "measure") for x in (1, 2)]
    async with harness(stale_s=300, preview_size=16) as h:
        await h.jobs.submit(MEDIUM)
        await h.until(lambda s: MEDIUM.payload_key(preview=True) in h.store.written, 60, "preview")
        await h.running()  # MEDIUM's full tile
        await asyncio.sleep(0.5)  # a few of its chunks are done
        for rank, job in enumerate(new):  # the user zooms: a new view's tiles
            await h.jobs.submit(job, Priority(time.monotonic(), rank))
        await h.until(lambda s: s.computed == 3, 120, "every tile")
        written = list(h.store.written)
        previews = [await h.store.get(job.payload_key(preview=True)) for job in new]
        again = [await h.jobs.board.check_in(j, Priority(time.monotonic())) for j in new]
    medium_final = written.index(MEDIUM.payload_key())
    for job, preview in zip(new, previews):
        assert written.index(job.payload_key(preview=True)) < medium_final, written
        assert written.index(job.payload_key()) > medium_final  # full tiles one at a time
        assert preview is not None
        direct = compute_tile_runs(job.experiment, job.z, job.x, job.y, 16).measure
        np.testing.assert_array_equal(npy_array(preview), direct.reshape(16, 16))  # bit for bit
    assert all(state.preview_in_flight for state in again)  # re-asks do not queue them again


async def test_an_unwanted_running_tile_stops_within_a_chunk_or_two_and_the_next_runs_at_once(
    harness, caplog
):
    # compile LONG's chunk first (one preview-sized chunk): the clock below is about chunks,
    # and a compile under load can take seconds before the first check between chunks
    compute_tile_runs(LONG.experiment, 0, 0, 0, 16)
    async with harness(stale_s=1.0) as h:
        caplog.set_level(logging.INFO, logger=h.logger)
        await h.jobs.submit(LONG)  # asked for once, then the user went elsewhere
        unwanted_at = time.monotonic() + 1.0
        waiting = asyncio.create_task(h.jobs.wait(LONG, 60))  # a client long-polling it
        await h.running()
        await h.until(lambda s: s.abandoned == 1, 60, "the long tile to be abandoned")
        late = time.monotonic() - unwanted_at
        assert late < 3.0, f"stopped {late:.2f} s after nobody wanted it (chunks take ~0.2 s)"
        await asyncio.wait_for(waiting, 5)  # its waiters are told it ended
        assert h.store.written == []  # no partial result: results are only ever whole tiles
        assert _lines(caplog, h.logger) == [
            "tanh-quick@1000 measure 0/0/0 full: abandoned after T s, nobody asked for it any more"
        ]

        t0 = time.monotonic()
        await h.keep_wanting(QUICK, 30)
        assert time.monotonic() - t0 < 10  # not after the ~50 s of the long tile
        # counted just after it is stored (reading the counters at once was a flaky test)
        s = await h.until(lambda s: s.computed == 1, 10, "the tile to be counted")
        assert (s.computed, s.abandoned, s.failed) == (1, 1, 0)

        await h.jobs.submit(LONG)  # nothing left behind (no marker, no error): queued anew
        assert (await h.stats()).enqueued == 3
        await h.running()


async def test_an_abandoned_tile_asked_for_again_is_computed_whole(harness):
    async with harness(stale_s=0.5) as h:
        await h.jobs.submit(MEDIUM)
        await h.until(lambda s: s.abandoned == 1, 60, "the tile to be abandoned")
        body = await h.keep_wanting(MEDIUM, 300)  # wanted all along this time
        s = await h.until(lambda s: s.computed == 1, 10, "the tile to be counted")
    assert (s.computed, s.abandoned, s.failed) == (1, 1, 0)
    tile = npy_array(body)
    np.testing.assert_array_equal(tile, compute_tile(MEDIUM.experiment, 0, 0, 0).astype(tile.dtype))


async def test_an_unwanted_preview_is_abandoned_and_nothing_of_it_is_stored(harness, caplog):
    async with harness(stale_s=0.3, preview_size=64, wanted_poll_s=0.1) as h:
        caplog.set_level(logging.INFO, logger=h.logger)
        await h.jobs.submit(LONG)  # its 64 x 64 preview: 16 chunks of ~0.2 s
        s = await h.until(lambda s: s.dropped == 1, 60, "the tile to be given up")
        await h.until(lambda s: h.runner.running == 0, 5, "the worker to be free")
        assert h.store.written == []
        # its full tile never started: counted as dropped (like a queued job), not abandoned
        assert (s.computed, s.abandoned) == (0, 0)
        assert _lines(caplog, h.logger) == [
            "tanh-quick@1000 measure 0/0/0 preview: abandoned after T s, nobody asked for it any"
            " more (not counted: its full tile is counted as dropped)",
            "tanh-quick@1000 measure 0/0/0 full: dropped unstarted, nobody asked for it any more",
        ]
        state = await h.jobs.board.check_in(LONG, Priority(time.monotonic()))
        assert not state.preview_in_flight  # a new request queues the preview again


def _broken_store(tmp_path) -> MemoryStore:
    """A real fault: the cache directory is gone, a file in its place."""
    disk = tmp_path / "tiles"
    store = MemoryStore(max_bytes=2**20, directory=disk)
    shutil.rmtree(disk)
    disk.write_text("not a directory")
    return store


async def test_a_failed_tile_reports_its_error_and_is_not_retried_within_the_backoff(
    harness, tmp_path
):
    async with harness(_broken_store(tmp_path), failure_backoff_s=60) as h:
        job = TileJob(FAST, 1, 0, 0, "measure")
        await h.jobs.submit(job)
        with pytest.raises(ComputeFailed) as first:
            await h.jobs.wait(job, 120)
        assert "NotADirectoryError" in str(first.value) and 50 <= first.value.retry_after <= 60
        with pytest.raises(ComputeFailed) as again:  # within the backoff: no new job
            await h.jobs.submit(job)
        assert str(again.value).startswith("computing this tile failed (NotADirectoryError")
        s = await h.stats()
        assert s.failed == 1 and s.enqueued == 1
        await h.jobs.submit(TileJob(FAST, 1, 1, 0, "measure"))  # another tile is not blocked
        assert (await h.stats()).enqueued == 2


async def test_with_no_backoff_a_failed_tile_is_queued_again(harness, tmp_path):
    async with harness(_broken_store(tmp_path), failure_backoff_s=0) as h:
        job = TileJob(FAST, 1, 0, 0, "measure")
        await h.jobs.submit(job)
        await h.until(lambda s: s.failed == 1, 120, "the tile to fail")
        await h.until(lambda s: h.runner.running == 0, 5, "the worker to settle it")
        await asyncio.sleep(0.1)
        await h.jobs.submit(job)
        assert (await h.stats()).enqueued == 2


async def test_a_tile_whose_preview_is_stored_is_not_previewed_again(harness):
    """A job dropped after its preview (nobody asked for a while) and asked for again goes
    straight to its full tile: the stored preview is not recomputed."""
    job = TileJob(FAST, 2, 3, 2, "measure")
    async with harness(stale_s=300, preview_size=16) as h:
        await h.store.set(job.payload_key(preview=True), b"stored before")
        await h.jobs.submit(job)
        await h.until(lambda s: s.computed == 1, 60, "the tile")
        written = list(h.store.written)
    assert [k for k in written if k.endswith(".preview")] == [job.payload_key(preview=True)]
    assert written[-1] == job.payload_key(), written


async def test_a_tile_with_only_some_of_its_payloads_stored_is_computed_again(harness):
    """Its final tile stored but a checkpoint tile evicted: the slider's step would never come
    back if the job were skipped as complete."""
    job = TileJob(FAST, 2, 1, 2, "measure")
    async with harness(stale_s=300) as h:
        await h.store.set(job.payload_key(), b"stored before")
        await h.jobs.submit(job)
        await h.until(lambda s: s.computed == 1, 60, "the tile")
        step = await h.store.get(job.payload_key(FAST.checkpoints[0]))
        final = await h.store.get(job.payload_key())
    assert step is not None and npy_array(step).shape == (256, 256)
    np.testing.assert_array_equal(npy_array(final), compute_tile(FAST, 2, 1, 2))


async def test_a_complete_tile_queued_again_is_skipped_not_recomputed(harness):
    job = TileJob(FAST, 2, 2, 2, "measure")
    async with harness(stale_s=300) as h:
        await h.keep_wanting(job, 60)
        await h.until(lambda s: h.runner.running == 0, 5, "the worker to be free")
        before = len(h.store.written)
        await h.jobs.submit(job)  # e.g. a second API process that had not seen it stored
        await h.until(lambda s: s.enqueued == 2, 5, "the second enqueue")
        await h.jobs.wait(job, 10)
        s = await h.stats()
    assert s.computed == 1 and len(h.store.written) == before  # skipped, nothing rewritten

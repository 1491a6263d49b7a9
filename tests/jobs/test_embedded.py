"""The embedded engine computes the most recently wanted tile first and drops unwanted ones."""

from __future__ import annotations

import asyncio
import time

from tests.conftest import RecordingStore

from trainscape.cache.keys import tile_key
from trainscape.cache.memory import MemoryStore
from trainscape.experiments import resolve
from trainscape.jobs import TileJob, kind
from trainscape.jobs.embedded import EmbeddedJobs

SLOW = resolve("tanh-quick@30")  # keeps the single compute thread busy for a while
FAST = resolve("tanh-quick@3")


def _final(job: TileJob) -> str:
    e = job.experiment
    return tile_key(e, job.z, job.x, job.y, kind(e, "measure"))


async def _scenario(stale_s: float) -> tuple[list[int], EmbeddedJobs]:
    store = MemoryStore(max_bytes=256 * 2**20)
    jobs = EmbeddedJobs(store, threads=1, queue_limit=16, preview_size=0, stale_s=stale_s)
    first = TileJob(SLOW, 2, 0, 0, "measure")
    a, b, c = (TileJob(FAST, 2, i, 0, "measure") for i in (1, 2, 3))
    await jobs.submit(first)
    while jobs.stats.running == 0:  # wait until the thread is busy with `first`
        await asyncio.sleep(0.01)
    for j in (a, b, c):
        await jobs.submit(j)
        await asyncio.sleep(0.01)
    await jobs.submit(a)  # the user looks at `a` again: now the most recently wanted
    order: list[int] = []
    pending = {j: _final(j) for j in (first, a, b, c)}
    for _ in range(1200):
        if await store.get(_final(first)) is None:  # the user keeps looking at `first`
            await jobs.submit(first)  # (it is running: this keeps it from being abandoned)
        for job, key in list(pending.items()):
            if await store.get(key) is not None:
                order.append(job.x)
                del pending[job]
        if not pending or jobs.stats.computed + jobs.stats.dropped == 4:
            break
        await asyncio.sleep(0.05)
    await jobs.close()
    return order, jobs


def test_most_recently_wanted_tile_runs_first():
    order, jobs = asyncio.run(_scenario(stale_s=300))
    assert order == [0, 1, 3, 2]  # the busy one, then a (re-wanted), then c and b, newest first
    assert jobs.stats.computed == 4 and jobs.stats.dropped == 0


def test_tiles_nobody_wants_any_more_are_dropped():
    order, jobs = asyncio.run(_scenario(stale_s=0.3))
    # nobody re-asked for a, b, c while `first` computed (> 0.3 s): they are dropped unstarted
    assert order == [0]
    assert jobs.stats.computed == 1 and jobs.stats.dropped == 3 and jobs.stats.abandoned == 0


def test_previews_of_every_queued_tile_come_before_full_tiles():
    async def run() -> list[str]:
        store = RecordingStore()
        jobs = EmbeddedJobs(store, threads=1, queue_limit=16, preview_size=16, stale_s=300)
        a, b = (TileJob(FAST, 2, i, 1, "measure") for i in (1, 2))
        await jobs.submit(a)
        await jobs.submit(b)
        while jobs.stats.computed < 2:
            await asyncio.sleep(0.05)
        await jobs.close()
        return store.written

    written = asyncio.run(run())
    finals = [i for i, k in enumerate(written) if k.endswith(":measure")]
    previews = [i for i, k in enumerate(written) if k.endswith(":measure.preview")]
    assert len(finals) == 2 and len(previews) == 2
    assert max(previews) < min(finals)


def test_a_failed_tile_reports_its_error_and_is_not_retried_within_the_backoff(tmp_path):
    import shutil

    import pytest

    from trainscape.jobs import ComputeFailed

    async def scenario() -> None:
        disk = tmp_path / "tiles"
        store = MemoryStore(max_bytes=2**20, directory=disk)
        shutil.rmtree(disk)  # a real fault: the cache directory is gone, a file in its place
        disk.write_text("not a directory")
        jobs = EmbeddedJobs(store, threads=1, preview_size=0, failure_backoff_s=60)
        job = TileJob(FAST, 1, 0, 0, "measure")
        await jobs.submit(job)
        with pytest.raises(ComputeFailed) as first:
            await jobs.wait(job, 120)
        assert "NotADirectoryError" in str(first.value) and 50 <= first.value.retry_after <= 60
        with pytest.raises(ComputeFailed) as again:  # within the backoff: no new job
            await jobs.submit(job)
        assert str(again.value).startswith("computing this tile failed (NotADirectoryError")
        assert jobs.stats.failed == 1 and jobs.stats.enqueued == 1
        other = TileJob(FAST, 1, 1, 0, "measure")
        await jobs.submit(other)  # another tile is not blocked
        assert jobs.stats.enqueued == 2
        await jobs.close()

    asyncio.run(scenario())


def test_with_no_backoff_a_failed_tile_is_queued_again(tmp_path):
    async def scenario() -> None:
        disk = tmp_path / "tiles"
        store = MemoryStore(max_bytes=2**20, directory=disk)
        disk.rmdir()
        disk.write_text("not a directory")
        jobs = EmbeddedJobs(store, threads=1, preview_size=0, failure_backoff_s=0)
        job = TileJob(FAST, 1, 0, 0, "measure")
        await jobs.submit(job)
        try:
            await jobs.wait(job, 120)
        except Exception:  # noqa: BLE001 — the failure itself is tested above
            pass
        await jobs.submit(job)
        assert jobs.stats.enqueued == 2
        await jobs.close()

    asyncio.run(scenario())


def _run_in_order(jobs_and_priorities, preview_size: int) -> list[str]:
    """Keys in the order the engine wrote them, after a busy job held the thread while
    `jobs_and_priorities` ((job, Priority) pairs, submitted in that order) were queued."""

    async def run() -> list[str]:
        store = RecordingStore()
        jobs = EmbeddedJobs(
            store, threads=1, queue_limit=16, preview_size=preview_size, stale_s=3600
        )
        await jobs.submit(TileJob(SLOW, 2, 0, 0, "measure"))
        while jobs.stats.running == 0:
            await asyncio.sleep(0.01)
        for job, priority in jobs_and_priorities:
            await jobs.submit(job, priority)
        distinct = {job.key for job, _ in jobs_and_priorities}
        deadline = time.monotonic() + 600
        while jobs.stats.computed < 1 + len(distinct):
            assert time.monotonic() < deadline and not jobs.stats.dropped, jobs.stats
            await asyncio.sleep(0.05)
        await jobs.close()
        return store.written

    return asyncio.run(run())


def _x(key: str) -> int:
    """The tile x of a tile key (its address is z/x/y in the key)."""
    return next(int(p.split("/")[1]) for p in key.split(":") if p.count("/") == 2)


def _fast(key: str) -> bool:
    """A key of one of the queued tiles (y = 1), not of the busy one."""
    return next(p for p in key.split(":") if p.count("/") == 2).endswith("/1")


def test_the_newest_view_runs_first_and_within_it_the_lowest_rank():
    from trainscape.jobs import Priority

    old, new = 100.0, 200.0
    a, b, c, d = (TileJob(FAST, 2, i, 1, "measure") for i in (1, 2, 3, 0))
    written = _run_in_order(
        [
            (c, Priority(new, 3)),
            (d, Priority(new, 1)),
            (a, Priority(old, 0)),  # panned away from: runs last
            (b, Priority(old, 1)),
            (b, Priority(new, 2)),  # b is in the new view too
            (d, Priority(old, 0)),  # a late request of the old view does not demote d
        ],
        preview_size=0,
    )
    finals = [_x(k) for k in written if k.endswith(":measure") and _fast(k)]
    assert finals == [0, 2, 3, 1]  # d, b, c (the new view by rank), then a


def test_previews_and_then_full_tiles_run_by_rank():
    from trainscape.jobs import Priority

    view = 300.0
    tiles = [
        (TileJob(FAST, 2, x, 1, "measure"), Priority(view, rank))
        for x, rank in ((1, 2), (2, 0), (3, 1))
    ]
    written = _run_in_order(tiles, preview_size=16)
    previews = [_x(k) for k in written if k.endswith(":measure.preview") and _fast(k)]
    finals = [_x(k) for k in written if k.endswith(":measure") and _fast(k)]
    assert previews == [2, 3, 1] and finals == [2, 3, 1]


def test_a_tile_whose_preview_is_stored_is_not_previewed_again():
    """A job dropped after its preview (nobody asked for a while) and asked for again goes
    straight to its full tile: the stored preview is not recomputed."""

    async def run() -> list[str]:
        store = RecordingStore()
        jobs = EmbeddedJobs(store, threads=1, queue_limit=16, preview_size=16, stale_s=300)
        job = TileJob(FAST, 2, 3, 2, "measure")
        preview = job.payload_key(preview=True)
        await store.set(preview, b"stored before")
        await jobs.submit(job)
        while jobs.stats.computed < 1:
            await asyncio.sleep(0.05)
        await jobs.close()
        return store.written

    written = asyncio.run(run())
    previews = [k for k in written if k.endswith(":measure.preview")]
    assert len(previews) == 1 and written[-1].endswith(":measure"), written

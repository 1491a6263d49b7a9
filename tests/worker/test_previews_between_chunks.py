"""A worker computing a full tile runs the preview jobs queued meanwhile between two of its chunks
(real redis-server; jobs queued by the API's own engine, popped by the worker's broker)."""

from __future__ import annotations

import asyncio
import time

import numpy as np

from trainscape.cache.keys import inflight_key, preview_job, wanted_key
from trainscape.cache.redis_store import RedisStore, connect
from trainscape.compute import compute_tile_runs
from trainscape.experiments.presets import resolve
from trainscape.jobs import Priority, TileJob
from trainscape.jobs.redis_jobs import RedisJobs
from trainscape.jobs.redis_queue import make_broker
from trainscape.render import npy_array
from trainscape.worker.tasks import WorkerContext, run_tile

#: Tile 0/0/0: 256 chunks of ~0.05 s, ~11 s in all on one CPU core.
MEDIUM = TileJob(resolve("tanh-quick@300"), 0, 0, 0, "measure")
NEW = [TileJob(resolve("tanh-quick@7"), 2, x, 1, "measure") for x in (1, 2)]
PREVIEW = 16


def _key(job: TileJob, preview: bool) -> str:
    return job.payload_key(preview=preview)


def test_a_full_tile_runs_the_previews_queued_meanwhile_between_its_chunks(redis_url):
    async def scenario() -> tuple[dict[str, float], list[bytes | None], int, list[bytes]]:
        client = connect(redis_url)
        broker = make_broker(redis_url, "trainscape:jobs")
        store = RedisStore(client, 0)
        ctx = WorkerContext(client, store, "test-worker", 15.0, PREVIEW, 30)
        ctx.take_preview = broker.take_preview
        api = RedisJobs(client, broker, stale_s=300, preview_size=PREVIEW)
        await broker.startup()
        stored: dict[str, float] = {}

        async def watch() -> None:  # when each payload appears in the cache
            keys = [_key(MEDIUM, False)] + [_key(j, True) for j in NEW]
            while len(stored) < len(keys):
                for k in keys:
                    if k not in stored and await client.exists(k):
                        stored[k] = time.monotonic()
                await asyncio.sleep(0.02)

        try:
            await client.set(wanted_key(MEDIUM.key), b"1", px=300_000)
            watcher = asyncio.create_task(watch())
            full = asyncio.create_task(run_tile(ctx, MEDIUM.to_dict()))
            await asyncio.sleep(1.5)  # a few of its chunks are done
            assert not full.done()
            for rank, job in enumerate(NEW):  # the user zooms: a new view's tiles
                await api.submit(job, Priority(time.monotonic(), rank))
            await full
            await asyncio.wait_for(watcher, 30)
            previews = [await store.get(_key(j, True)) for j in NEW]
            markers = [await client.get(inflight_key(preview_job(j.key))) for j in NEW]
            return stored, previews, await client.zcard(api.full_set), markers
        finally:
            await broker.shutdown()
            await client.aclose()

    stored, previews, full_queued, markers = asyncio.run(scenario())
    medium_done = stored[_key(MEDIUM, False)]
    for job, preview in zip(NEW, previews):
        assert stored[_key(job, True)] < medium_done, stored  # between MEDIUM's chunks
        assert preview is not None
        direct = compute_tile_runs(job.experiment, job.z, job.x, job.y, PREVIEW).measure
        np.testing.assert_array_equal(npy_array(preview), direct.reshape(PREVIEW, PREVIEW))
    assert markers == [b"done", b"done"]  # re-asks do not queue these previews again
    assert full_queued == 2  # the new tiles' full jobs wait for the worker's next pop

"""The tile task a worker runs: compute one job, write every payload, publish "done"."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from trainscape.cache.keys import (
    STATS_KEY,
    done_channel,
    failed_key,
    inflight_key,
    tile_key,
    wanted_key,
)
from trainscape.cache.store import Store
from trainscape.jobs.model import TileJob, failure_text, kind
from trainscape.jobs.payloads import compute_payloads

log = logging.getLogger("trainscape.worker")


@dataclass
class WorkerContext:
    """What the task needs: the queue Redis, the tile store, this worker's identity."""

    client: Redis
    store: Store
    worker_id: str
    lease_s: float
    preview_size: int
    failure_backoff_s: float
    numerics: str = ""  # compute.runner.numerics() of this worker, announced in its heartbeat


async def _keep_lease(ctx: WorkerContext, marker: str) -> None:
    """Refresh the job's lease while it computes (a killed worker stops refreshing)."""
    while True:
        await asyncio.sleep(ctx.lease_s / 3)
        try:
            await ctx.client.set(marker, f"running:{ctx.worker_id}", px=int(ctx.lease_s * 1000))
        except Exception as exc:  # noqa: BLE001 — keep computing through Redis hiccups
            log.warning("lease refresh failed: %s", exc)


async def _compute(ctx: WorkerContext, job: TileJob) -> None:
    loop = asyncio.get_running_loop()

    def emit(key: str, value: bytes) -> None:
        asyncio.run_coroutine_threadsafe(ctx.store.set(key, value), loop).result()

    t0 = time.perf_counter()
    try:
        await asyncio.to_thread(compute_payloads, job, emit, ctx.preview_size)
    except Exception as exc:
        log.exception("tile job %s failed", job.key)
        if ctx.failure_backoff_s > 0:
            backoff_ms = int(ctx.failure_backoff_s * 1000)
            await ctx.client.set(failed_key(job.key), failure_text(exc), px=backoff_ms)
        await ctx.client.hincrby(STATS_KEY, "failed", 1)
        return
    await ctx.client.hincrby(STATS_KEY, "computed", 1)
    await ctx.client.hincrbyfloat(STATS_KEY, "compute_seconds", time.perf_counter() - t0)


async def run_tile(ctx: WorkerContext, data: dict[str, Any]) -> None:
    """Compute `data` (a TileJob dict) unless its final tile is already cached or nobody has
    asked for it within the API's stale time (then it is dropped: a later request re-queues it)."""
    job = TileJob.from_dict(data)
    e = job.experiment
    marker = inflight_key(job.key)
    try:
        if not await ctx.client.exists(wanted_key(job.key)):
            log.info("dropped %s: nobody asked for it any more", job.key)
            await ctx.client.hincrby(STATS_KEY, "dropped", 1)
        elif not await ctx.store.exists(tile_key(e, job.z, job.x, job.y, kind(e, job.layer))):
            await ctx.client.set(marker, f"running:{ctx.worker_id}", px=int(ctx.lease_s * 1000))
            lease = asyncio.create_task(_keep_lease(ctx, marker))
            try:
                await _compute(ctx, job)
            finally:
                lease.cancel()
    finally:
        await ctx.client.delete(marker)
        await ctx.client.publish(done_channel(job.key), b"1")

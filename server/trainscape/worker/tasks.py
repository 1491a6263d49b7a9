"""The tile task a worker runs: compute one job (a tile's preview, or the full tile with its
checkpoint tiles), write its payloads; a full tile's job then publishes "done". A job nobody
asks for any more is dropped unstarted, or abandoned between two chunks once started. A full
tile runs the previews queued meanwhile between two of its chunks (a new view's previews come
after a chunk, not after the tile in progress), as the embedded engine does."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from trainscape.cache.keys import (
    STATS_KEY,
    done_channel,
    failed_key,
    inflight_key,
    preview_job,
    wanted_key,
)
from trainscape.cache.store import Store
from trainscape.experiments.presets import experiment_id
from trainscape.jobs.model import Abandoned, TileJob, failure_text
from trainscape.jobs.payloads import compute_final, compute_preview
from trainscape.jobs.redis_jobs import PHASE, PREVIEW

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
    queue_lease_s: float = 600.0  # how long a computed preview's marker stops re-queueing it
    wanted_poll_s: float = 0.5  # how often a computing job checks that someone still wants it
    #: Pops the best queued preview job's dict (None: none queued); None = don't interleave.
    take_preview: Callable[[], Awaitable[dict[str, Any] | None]] | None = None
    previews_poll_s: float = 0.25  # how often a full tile looks for queued previews


def job_name(job: TileJob, preview: bool) -> str:
    """What a log line says a job is: `tanh-quick@5 measure 2/1/3 full` (or `preview`)."""
    phase = "preview" if preview else "full"
    return f"{experiment_id(job.experiment)} {job.layer} {job.z}/{job.x}/{job.y} {phase}"


async def _keep_lease(ctx: WorkerContext, marker: str) -> None:
    """Refresh the job's lease while it computes (a killed worker stops refreshing)."""
    while True:
        await asyncio.sleep(ctx.lease_s / 3)
        try:
            await ctx.client.set(marker, f"running:{ctx.worker_id}", px=int(ctx.lease_s * 1000))
        except Exception as exc:  # noqa: BLE001 — keep computing through Redis hiccups
            log.warning("lease refresh failed: %s", exc)


async def _watch_wanted(ctx: WorkerContext, job: TileJob, unwanted: threading.Event) -> None:
    """Set `unwanted` once nobody has asked for the tile within the API's stale time (its
    `wanted` key expired); checked every `ctx.wanted_poll_s` seconds."""
    while True:
        await asyncio.sleep(ctx.wanted_poll_s)
        try:
            if not await ctx.client.exists(wanted_key(job.key)):
                unwanted.set()
                return
        except Exception as exc:  # noqa: BLE001 — keep computing through Redis hiccups
            log.warning("wanted check failed: %s", exc)


async def _compute(ctx: WorkerContext, job: TileJob, preview: bool) -> bool:
    """Compute and store the job's payloads; False if it raised (error stored for the backoff)
    or was abandoned between two chunks because nobody wanted the tile any more."""
    loop = asyncio.get_running_loop()
    unwanted = threading.Event()

    def emit(key: str, value: bytes) -> None:
        asyncio.run_coroutine_threadsafe(ctx.store.set(key, value), loop).result()

    interleave = not preview and ctx.take_preview is not None
    next_look = time.monotonic() + ctx.previews_poll_s

    def check() -> None:
        nonlocal next_look
        if unwanted.is_set():
            raise Abandoned
        if interleave and time.monotonic() >= next_look:
            asyncio.run_coroutine_threadsafe(_previews_between_chunks(ctx), loop).result()
            next_look = time.monotonic() + ctx.previews_poll_s

    def work() -> None:
        from trainscape.compute.runner import between_chunks

        with between_chunks(check):
            if preview:
                compute_preview(job, emit, ctx.preview_size)
            else:
                compute_final(job, emit)

    watch = asyncio.create_task(_watch_wanted(ctx, job, unwanted))
    t0 = time.perf_counter()
    try:
        await asyncio.to_thread(work)
    except Abandoned:
        await _abandoned(ctx, job, preview, time.perf_counter() - t0)
        return False
    except Exception as exc:
        await _failed(ctx, job, preview, exc, time.perf_counter() - t0)
        return False
    finally:
        watch.cancel()
    seconds = time.perf_counter() - t0
    log.info("%s: computed in %.2f s", job_name(job, preview), seconds)
    if not preview:
        await ctx.client.hincrby(STATS_KEY, "computed", 1)
    await ctx.client.hincrbyfloat(STATS_KEY, "compute_seconds", seconds)
    return True


async def _previews_between_chunks(ctx: WorkerContext) -> None:
    """Run every queued preview job (called between two chunks of a full tile). Whatever goes
    wrong here is logged and leaves the full tile computing."""
    assert ctx.take_preview is not None
    try:
        while (data := await ctx.take_preview()) is not None:
            await run_tile(ctx, data)
    except Exception as exc:  # noqa: BLE001 — the full tile goes on
        log.warning("previews between chunks stopped: %s", failure_text(exc))


async def _abandoned(ctx: WorkerContext, job: TileJob, preview: bool, seconds: float) -> None:
    """Log and count a job stopped because nobody wanted it (an abandoned preview is not
    counted: its full tile's job is dropped unstarted, and counted, when popped)."""
    name = job_name(job, preview)
    counted = " (not counted: its full tile is counted as dropped)" if preview else ""
    log.info("%s: abandoned after %.2f s, nobody asked for it any more%s", name, seconds, counted)
    if not preview:
        await ctx.client.hincrby(STATS_KEY, "abandoned", 1)
    await ctx.client.hincrbyfloat(STATS_KEY, "compute_seconds", seconds)


async def _failed(
    ctx: WorkerContext, job: TileJob, preview: bool, exc: Exception, seconds: float
) -> None:
    """Log a job that raised, store its error for the backoff and count it."""
    log.error(
        "%s: failed after %.2f s: %s (%s)",
        job_name(job, preview),
        seconds,
        failure_text(exc),
        job.key,
        exc_info=exc,
    )
    if ctx.failure_backoff_s > 0:
        backoff_ms = int(ctx.failure_backoff_s * 1000)
        await ctx.client.set(failed_key(job.key), failure_text(exc), px=backoff_ms)
    await ctx.client.hincrby(STATS_KEY, "failed", 1)


async def run_tile(ctx: WorkerContext, data: dict[str, Any]) -> None:
    """Compute `data` (a TileJob dict; with phase "preview", only its preview) unless its
    result is already cached or nobody has asked for the tile within the API's stale time (then
    it is dropped, or abandoned if that happens while it computes; either way its marker goes,
    so a later request re-queues it). Job counts (computed, dropped, abandoned) are of full
    tiles, as in the embedded engine."""
    job = TileJob.from_dict(data)
    preview = data.get(PHASE) == PREVIEW
    marker = inflight_key(preview_job(job.key) if preview else job.key)
    done = False
    try:
        if not await ctx.client.exists(wanted_key(job.key)):
            log.info("%s: dropped unstarted, nobody asked for it any more", job_name(job, preview))
            if not preview:
                await ctx.client.hincrby(STATS_KEY, "dropped", 1)
        elif not await _cached(ctx, job, preview):
            await ctx.client.set(marker, f"running:{ctx.worker_id}", px=int(ctx.lease_s * 1000))
            lease = asyncio.create_task(_keep_lease(ctx, marker))
            try:
                done = await _compute(ctx, job, preview)
            finally:
                lease.cancel()
        else:
            log.info("%s: already stored, skipped", job_name(job, preview))
            done = True
    finally:
        if preview and done:  # re-asks for the tile must not queue its preview again
            await ctx.client.set(marker, "done", px=int(ctx.queue_lease_s * 1000))
        else:
            await ctx.client.delete(marker)
        if not preview:
            await ctx.client.publish(done_channel(job.key), b"1")


async def _cached(ctx: WorkerContext, job: TileJob, preview: bool) -> bool:
    """Whether the job's result is stored (for a preview: the preview or the full tile)."""
    if await ctx.store.exists(job.payload_key()):
        return True
    return preview and await ctx.store.exists(job.payload_key(preview=True))

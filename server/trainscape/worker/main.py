"""The worker process: a taskiq receiver on the tile queue, one job at a time."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket

from taskiq.api import run_receiver_task

from trainscape.api.settings import Settings
from trainscape.cache.keys import worker_key
from trainscape.cache.redis_store import RedisStore, connect
from trainscape.jobs.redis_jobs import TASK_NAME
from trainscape.jobs.redis_queue import make_broker
from trainscape.worker.tasks import WorkerContext, run_tile

log = logging.getLogger("trainscape.worker")


async def _heartbeat(ctx: WorkerContext) -> None:
    """Announce this worker (seen by /healthz) every few seconds."""
    while True:
        try:
            await ctx.client.set(worker_key(ctx.worker_id), ctx.numerics, ex=10)
        except Exception as exc:  # noqa: BLE001
            log.warning("heartbeat failed: %s", exc)
        await asyncio.sleep(3)


async def serve(settings: Settings, worker_id: str) -> None:
    """Listen for tile jobs until cancelled; survives Redis restarts."""
    from trainscape.compute.runner import numerics  # configures JAX before the first job

    url = settings.redis_url
    assert url is not None
    client = connect(url)
    cache_url = settings.cache_url or url
    cache = connect(cache_url) if cache_url != url else client
    broker = make_broker(url, settings.queue_name)
    ctx = WorkerContext(
        client,
        RedisStore(cache, 0),
        worker_id,
        settings.job_lease_s,
        settings.preview_size,
        settings.failure_backoff_s,
        numerics(),
        settings.queue_lease_s,
        take_preview=broker.take_preview,
    )

    async def tile(data: dict) -> None:
        await run_tile(ctx, data)

    broker.register_task(tile, task_name=TASK_NAME)
    beat = asyncio.create_task(_heartbeat(ctx))
    print(f"trainscape worker {worker_id}: listening on {settings.queue_name}", flush=True)
    try:
        while True:
            try:
                await run_receiver_task(broker, max_async_tasks=1, max_prefetch=0, run_startup=True)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 — e.g. Redis restarted: listen again
                log.warning("receiver stopped (%s); restarting", exc)
                await asyncio.sleep(1)
    finally:
        beat.cancel()
        await broker.shutdown()


def _stop_now(signum: int, _frame: object) -> None:
    """SIGTERM/SIGHUP: say so and leave at once (a tile being computed is not waited for: its
    lease expires and the next request re-queues it, as for a killed worker)."""
    name = signal.Signals(signum).name
    log.info("stopping on %s; a tile in progress is re-queued when its lease expires", name)
    logging.shutdown()
    os._exit(0)


def _not_taskiqs_task_line(record: logging.LogRecord) -> bool:
    """taskiq logs each task by its random id ("Executing task trainscape.tile with ID: ...");
    `worker.tasks` logs one line per job saying which tile it was and how it ended."""
    return not record.getMessage().startswith("Executing task")


def run(settings: Settings, worker_id: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("jax").setLevel(logging.WARNING)  # not its backend probing (no TPU ...)
    logging.getLogger("taskiq.receiver.receiver").addFilter(_not_taskiqs_task_line)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop_now)
    wid = worker_id or f"{socket.gethostname()}:{os.getpid()}"
    try:
        asyncio.run(serve(settings, wid))
    except KeyboardInterrupt:
        pass
    return 0

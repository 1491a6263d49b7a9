"""The worker process: a taskiq receiver on the tile queue, one job at a time."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket

from redis.asyncio import Redis

from trainscape.cache.keys import worker_key
from trainscape.cache.redis_store import RedisStore, connect
from trainscape.compute.backend import init
from trainscape.jobs.redis import make_broker, receive, runner
from trainscape.settings import Settings

log = logging.getLogger("trainscape.worker")


async def _heartbeat(client: Redis, worker_id: str, numerics: str) -> None:
    """Announce this worker (seen by /healthz) every few seconds."""
    while True:
        try:
            await client.set(worker_key(worker_id), numerics, ex=10)
        except Exception as exc:  # noqa: BLE001
            log.warning("heartbeat failed: %s", exc)
        await asyncio.sleep(3)


async def serve(settings: Settings, worker_id: str) -> None:
    """Listen for tile tasks until cancelled; survives Redis restarts."""
    from trainscape.compute.runner import numerics

    url = settings.redis_url
    assert url is not None
    client = connect(url)
    cache_url = settings.cache_url or url
    cache = connect(cache_url) if cache_url != url else client
    broker = make_broker(url, settings.queue_name)
    run = runner(
        client,
        broker,
        RedisStore(cache, 0),
        settings.rules,
        worker_id=worker_id,
        job_lease_s=settings.job_lease_s,
        queue_lease_s=settings.queue_lease_s,
    )

    beat = asyncio.create_task(_heartbeat(client, worker_id, numerics()))
    print(f"trainscape worker {worker_id}: listening on {settings.queue_name}", flush=True)
    try:
        await receive(broker, run)
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
    the lifecycle's runner logs one line per task saying which tile it was and how it ended."""
    return not record.getMessage().startswith("Executing task")


def run(settings: Settings, worker_id: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("jax").setLevel(logging.WARNING)  # not its backend probing (no TPU ...)
    logging.getLogger("taskiq.receiver.receiver").addFilter(_not_taskiqs_task_line)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop_now)
    wid = worker_id or f"{socket.gethostname()}:{os.getpid()}"
    init()  # JAX: float64, one device per CPU core (before the first computation)
    try:
        asyncio.run(serve(settings, wid))
    except KeyboardInterrupt:
        pass
    return 0

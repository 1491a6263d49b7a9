"""The Redis transport of the job lifecycle: a ranked taskiq queue (`queue`) and the
lifecycle's board in Redis (`board`), for API processes and `trainscape worker`s."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from redis.asyncio import Redis
from taskiq.api import run_receiver_task

from trainscape.cache.store import Store
from trainscape.jobs.lifecycle import JobEngine, Rules, Runner
from trainscape.jobs.model import Task
from trainscape.jobs.redis.board import TASK_NAME, RedisBoard
from trainscape.jobs.redis.queue import TileQueueBroker, make_broker

__all__ = [
    "TASK_NAME",
    "RedisBoard",
    "TileQueueBroker",
    "make_broker",
    "receive",
    "redis_engine",
    "runner",
]


def redis_engine(
    client: Redis, broker: TileQueueBroker, rules: Rules, queue_lease_s: float = 600.0
) -> JobEngine:
    """The engine an API process submits to (workers compute)."""
    return JobEngine(RedisBoard(client, broker, rules, queue_lease_s=queue_lease_s), rules)


def runner(
    client: Redis,
    broker: TileQueueBroker,
    store: Store,
    rules: Rules,
    *,
    worker_id: str,
    job_lease_s: float = 15.0,
    queue_lease_s: float = 600.0,
    closing: Callable[[], bool] = lambda: False,
) -> Runner:
    """What a worker runs each popped task with (`closing`: stop computing between chunks)."""
    board = RedisBoard(
        client,
        broker,
        rules,
        queue_lease_s=queue_lease_s,
        job_lease_s=job_lease_s,
        worker_id=worker_id,
    )
    return Runner(board, store, rules, logging.getLogger("trainscape.worker"), closing=closing)


async def receive(broker: TileQueueBroker, run: Runner) -> None:
    """A worker's loop: pop one task at a time and run it, until cancelled; listens again
    after Redis restarts."""
    log = logging.getLogger("trainscape.worker")

    async def tile(data: dict) -> None:
        await run.run(Task.from_dict(data))

    broker.register_task(tile, task_name=TASK_NAME)
    while True:
        try:
            await run_receiver_task(broker, max_async_tasks=1, max_prefetch=0, run_startup=True)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 — e.g. Redis restarted: listen again
            log.warning("receiver stopped (%s); restarting", exc)
            await asyncio.sleep(1)

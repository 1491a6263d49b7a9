"""The Redis transport's board: the lifecycle's state in the queue Redis, shared by all processes.

State is keys with leases, so a killed worker only lets its lease expire and the next request
queues the task again: taskiq's at-most-once queue becomes at-least-once while someone still
wants the tile. Details: docs/api.md, "Jobs, dedup and faults (Redis mode)".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis
from taskiq.kicker import AsyncKicker

from trainscape.cache.keys import (
    DONE_PATTERN,
    STATS_KEY,
    WORKER_PATTERN,
    done_channel,
    failed_key,
    full_set,
    inflight_key,
    preview_job,
    preview_set,
    wanted_key,
)
from trainscape.jobs.lifecycle import CheckIn, Rules
from trainscape.jobs.model import Priority, Task, TileJob
from trainscape.jobs.redis.queue import (
    MEMBER_LABEL,
    QUEUE_LABEL,
    SCORE_LABEL,
    TileQueueBroker,
    WallClock,
)
from trainscape.jobs.stats import JobStats

log = logging.getLogger("trainscape.jobs")
TASK_NAME = "trainscape.tile"
_DONE_SUFFIX = ":done"
#: The counters kept cluster-wide.
CLUSTER_COUNTERS = ("computed", "failed", "dropped", "abandoned", "enqueued", "compute_seconds")


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def task_marker(task: Task) -> str:
    return inflight_key(preview_job(task.job.key) if task.preview else task.job.key)


class RedisBoard:
    """The lifecycle's board in Redis. API processes use the request side (check_in,
    enqueue, wait, failure, snapshot), workers the run side; `worker_id` names a worker."""

    def __init__(
        self,
        client: Redis,
        broker: TileQueueBroker,
        rules: Rules,
        *,
        queue_lease_s: float = 600.0,
        job_lease_s: float = 15.0,
        worker_id: str = "",
    ):
        self.client, self.broker, self.rules = client, broker, rules
        self.queue_lease_ms = int(queue_lease_s * 1000)
        self.job_lease_s = job_lease_s
        self.stale_ms = max(1, int(rules.stale_s * 1000))
        self.worker_id = worker_id
        self.full_set = full_set(broker.queue_name)
        self.preview_set = preview_set(broker.queue_name)
        self.clock = WallClock()
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._listener: asyncio.Task | None = None

    # -- the request side ------------------------------------------------------------------
    async def start(self) -> None:
        """Start the broker and the "done" listener (API processes)."""
        await self.broker.startup()
        self._listener = asyncio.create_task(self._listen())

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        await self.broker.shutdown()

    async def check_in(self, job: TileJob, priority: Priority) -> CheckIn:
        score = self.clock.score(priority)
        preview_key = preview_job(job.key)
        async with self.client.pipeline(transaction=False) as pipe:  # one round trip per poll
            pipe.get(failed_key(job.key))
            pipe.pttl(failed_key(job.key))
            pipe.exists(inflight_key(job.key))
            pipe.exists(inflight_key(preview_key))
            pipe.zcard(self.full_set)
            pipe.set(wanted_key(job.key), b"1", px=self.stale_ms)
            pipe.zadd(self.full_set, {job.key: score}, xx=True, gt=True)
            pipe.zadd(self.preview_set, {preview_key: score}, xx=True, gt=True)
            text, ttl_ms, in_flight, preview_marked, queued, *_ = await pipe.execute()
        failure = None if text is None else (_text(text), max(ttl_ms, 0) / 1000)
        return CheckIn(failure, bool(in_flight), bool(preview_marked), int(queued))

    async def enqueue(self, task: Task, priority: Priority) -> bool:
        """Queue `task` if this process wins its marker (False if another one holds it)."""
        marker = task_marker(task)
        if not await self.client.set(marker, "queued", nx=True, px=self.queue_lease_ms):
            return False
        queue, member = (
            (self.preview_set, preview_job(task.job.key))
            if task.preview
            else (self.full_set, task.job.key)
        )
        labels = {QUEUE_LABEL: queue, MEMBER_LABEL: member, SCORE_LABEL: self.clock.score(priority)}
        try:
            kicker: AsyncKicker[Any, Any] = AsyncKicker(TASK_NAME, self.broker, labels=labels)
            await kicker.kiq(task.to_dict())
        except BaseException:
            await self.client.delete(marker)  # let the next request enqueue it again
            raise
        return True

    async def failure(self, job: TileJob) -> tuple[str, float] | None:
        async with self.client.pipeline(transaction=False) as pipe:
            pipe.get(failed_key(job.key))
            pipe.pttl(failed_key(job.key))
            text, ttl_ms = await pipe.execute()
        return None if text is None else (_text(text), max(ttl_ms, 0) / 1000)

    async def wait(self, job: TileJob, timeout: float) -> None:
        """Return on the job's "done" message or after `timeout` seconds."""
        ev = asyncio.Event()
        self._waiters.setdefault(job.key, set()).add(ev)
        try:
            await asyncio.wait_for(ev.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            waiters = self._waiters.get(job.key)
            if waiters is not None:
                waiters.discard(ev)
                if not waiters:
                    self._waiters.pop(job.key, None)

    async def _listen(self) -> None:
        """Wake local waiters on `<job>:done`; reconnects after Redis restarts."""
        while True:
            pubsub = self.client.pubsub()
            try:
                await pubsub.psubscribe(DONE_PATTERN)
                async for msg in pubsub.listen():
                    if msg["type"] == "pmessage":
                        channel = _text(msg["channel"])
                        for ev in self._waiters.pop(channel[: -len(_DONE_SUFFIX)], ()):
                            ev.set()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 — keep listening whatever broke
                log.warning("done listener: %s; reconnecting", exc)
                await asyncio.sleep(0.5)
            finally:
                await pubsub.aclose()

    async def snapshot(self) -> JobStats:
        """Cluster-wide totals kept in Redis by workers and API processes."""
        raw = await self.client.hgetall(STATS_KEY)
        s = {_text(k): _text(v) for k, v in raw.items()}
        workers = [k async for k in self.client.scan_iter(match=WORKER_PATTERN, count=1000)]
        kinds = await self.client.mget(workers) if workers else []
        counts = {k: int(s.get(k, 0)) for k in CLUSTER_COUNTERS if k != "compute_seconds"}
        return JobStats(
            **counts,
            compute_seconds=float(s.get("compute_seconds", 0.0)),
            queue_depth=int(await self.client.zcard(self.full_set)),
            workers=len(workers),
            worker_numerics=tuple(sorted({_text(k) for k in kinds if k is not None})),
        )

    # -- the run side (workers) ------------------------------------------------------------
    async def wanted(self, job: TileJob) -> bool:
        return bool(await self.client.exists(wanted_key(job.key)))

    async def abandon(self, task: Task) -> bool:
        try:
            return not await self.wanted(task.job)
        except Exception as exc:  # noqa: BLE001 — keep computing through Redis hiccups
            log.warning("wanted check failed: %s", exc)
            return False

    async def take_preview(self) -> Task | None:
        data = await self.broker.take_preview()
        return None if data is None else Task.from_dict(data)

    @asynccontextmanager
    async def running(self, task: Task) -> AsyncIterator[None]:
        """Mark `task` running on this worker and refresh its lease while it computes."""
        marker, value = task_marker(task), f"running:{self.worker_id}"
        lease_ms = int(self.job_lease_s * 1000)
        await self.client.set(marker, value, px=lease_ms)

        async def keep() -> None:
            while True:
                await asyncio.sleep(self.job_lease_s / 3)
                try:
                    await self.client.set(marker, value, px=lease_ms)
                except Exception as exc:  # noqa: BLE001 — keep computing through hiccups
                    log.warning("lease refresh failed: %s", exc)

        lease = asyncio.create_task(keep())
        try:
            yield
        finally:
            lease.cancel()

    async def finish(self, task: Task, done: bool) -> None:
        marker = task_marker(task)
        if task.preview and done:  # re-asks for the tile must not queue its preview again
            await self.client.set(marker, "done", px=self.queue_lease_ms)
        else:
            await self.client.delete(marker)
        if not task.preview:
            await self.client.publish(done_channel(task.job.key), b"1")

    async def fail(self, job: TileJob, text: str, backoff_s: float) -> None:
        await self.client.set(failed_key(job.key), text, px=int(backoff_s * 1000))

    async def count(self, **amounts: float) -> None:
        kept = {k: v for k, v in amounts.items() if k in CLUSTER_COUNTERS and v}
        if not kept:
            return
        async with self.client.pipeline(transaction=False) as pipe:
            for name, amount in kept.items():
                if isinstance(amount, int):
                    pipe.hincrby(STATS_KEY, name, amount)
                else:
                    pipe.hincrbyfloat(STATS_KEY, name, amount)
            await pipe.execute()

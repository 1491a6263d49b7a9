"""The Redis job engine: a ranked taskiq queue, an in-flight marker per job, "done" over pub/sub.

Compute order (`jobs.redis_queue`): a tile's 64x64 preview is its own job in a second sorted set,
and workers pop the previews' set before the full tiles' set, each best-first by `Priority`
(newest view, then lowest rank), as the embedded engine does; a re-ask from a newer view raises
a queued job. A computed preview's marker stays (`done`, for the queue lease) so re-asks don't
queue it again.

Dedup: `SET <job>:inflight queued NX PX queue_lease` admits one enqueue per job across all API
processes. A worker that starts the job replaces the marker by `running:<worker>` with a short
lease and refreshes it while computing; when the job ends it deletes the marker and publishes
`<job>:done`. Every request (and every re-check of a waiting one) refreshes `<job>:wanted`,
which expires `stale_s` after the last one: a worker that pops a job nobody wants any more (the
user zoomed or panned on) drops it unstarted, so the queue drains quickly to the tiles in view;
a computing worker checks the key every half second and abandons its job between two chunks
once it has expired (partial results dropped, marker deleted, "done" published).
A worker killed mid-job stops refreshing: the lease expires and the next waiting
request re-enqueues the job (taskiq's queue is at-most-once; the lease makes delivery
at-least-once while someone still wants the tile). A worker whose job raises stores the error
under `<job>:failed` for `failure_backoff_s` seconds: until it expires, requests for the tile
get that error (503 + Retry-After) instead of enqueueing it again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from redis.asyncio import Redis
from taskiq.kicker import AsyncKicker

from trainscape.cache.keys import (
    DONE_PATTERN,
    STATS_KEY,
    WORKER_PATTERN,
    failed_key,
    full_set,
    inflight_key,
    preview_job,
    preview_set,
    wanted_key,
)
from trainscape.jobs.model import Priority, QueueFull, TileJob, failed
from trainscape.jobs.redis_queue import (
    MEMBER_LABEL,
    QUEUE_LABEL,
    SCORE_LABEL,
    TileQueueBroker,
    WallClock,
)
from trainscape.jobs.stats import JobStats
from trainscape.tiles import TILE_SIZE

log = logging.getLogger("trainscape.jobs")
TASK_NAME = "trainscape.tile"
_DONE_SUFFIX = ":done"


#: The job's phase in a queued message: a preview job computes only the tile's preview.
PHASE, PREVIEW = "phase", "preview"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisJobs:
    """Enqueues tile jobs for `trainscape worker` processes and waits for their "done"."""

    def __init__(
        self,
        client: Redis,
        broker: TileQueueBroker,
        queue_limit: int = 256,
        queue_lease_s: float = 600.0,
        stale_s: float = 10.0,
        preview_size: int = 64,
    ):
        self.client, self.broker = client, broker
        self.previews = 0 < preview_size < TILE_SIZE
        self.queue_limit = queue_limit
        self.queue_lease_ms = int(queue_lease_s * 1000)
        self.stale_ms = max(1, int(stale_s * 1000))
        self.full_set = full_set(broker.queue_name)
        self.preview_set = preview_set(broker.queue_name)
        self.clock = WallClock()
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._listener: asyncio.Task | None = None

    async def start(self) -> None:
        await self.broker.startup()
        self._listener = asyncio.create_task(self._listen())

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        await self.broker.shutdown()

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

    async def submit(self, job: TileJob, priority: Priority | None = None) -> None:
        """Enqueue `job` (and its preview job, ahead of every full tile) unless some process
        already did and its lease holds, or it failed within the backoff (then raise its error).
        A job still queued is raised to `priority` if that runs sooner (default: now)."""
        score = self.clock.score(priority or Priority(time.monotonic()))
        marker = inflight_key(job.key)
        preview_key = preview_job(job.key)
        preview_marker = inflight_key(preview_key)
        async with self.client.pipeline(transaction=False) as pipe:  # one round trip per poll
            pipe.get(failed_key(job.key))
            pipe.pttl(failed_key(job.key))
            pipe.exists(marker)
            pipe.exists(preview_marker)
            pipe.zcard(self.full_set)
            pipe.set(wanted_key(job.key), b"1", px=self.stale_ms)
            pipe.zadd(self.full_set, {job.key: score}, xx=True, gt=True)
            pipe.zadd(self.preview_set, {preview_key: score}, xx=True, gt=True)
            text, ttl_ms, in_flight, preview_marked, queued, *_ = await pipe.execute()
        if text is not None:
            raise failed(_text(text), max(ttl_ms, 0) / 1000)
        if in_flight and (preview_marked or not self.previews):
            return
        if not in_flight and queued >= self.queue_limit:
            raise QueueFull(f"{self.queue_limit} tiles are waiting; try again shortly", 2)
        if self.previews and not preview_marked:
            payload = {**job.to_dict(), PHASE: PREVIEW}
            await self._enqueue(preview_marker, self.preview_set, preview_key, score, payload)
        if not in_flight and await self._enqueue(
            marker, self.full_set, job.key, score, job.to_dict()
        ):
            await self.client.hincrby(STATS_KEY, "enqueued", 1)

    async def _enqueue(
        self, marker: str, queue: str, member: str, score: float, payload: dict[str, Any]
    ) -> bool:
        """Queue `payload` as `member` of `queue` at `score` if this process wins its marker
        (False if another one holds it)."""
        if not await self.client.set(marker, "queued", nx=True, px=self.queue_lease_ms):
            return False
        labels = {QUEUE_LABEL: queue, MEMBER_LABEL: member, SCORE_LABEL: score}
        try:
            kicker: AsyncKicker[Any, Any] = AsyncKicker(TASK_NAME, self.broker, labels=labels)
            await kicker.kiq(payload)
        except BaseException:
            await self.client.delete(marker)  # let the next request enqueue it again
            raise
        return True

    async def wait(self, job: TileJob, timeout: float) -> None:
        """Return on the job's "done" message or after `timeout` seconds."""
        ev = asyncio.Event()
        self._waiters.setdefault(job.key, set()).add(ev)
        try:
            await asyncio.wait_for(ev.wait(), max(timeout, 0.0))
        except TimeoutError:
            pass
        finally:
            waiters = self._waiters.get(job.key)
            if waiters is not None:
                waiters.discard(ev)
                if not waiters:
                    self._waiters.pop(job.key, None)

    async def snapshot(self) -> JobStats:
        """Cluster-wide totals kept in Redis by workers and API processes."""
        raw = await self.client.hgetall(STATS_KEY)
        s = {_text(k): _text(v) for k, v in raw.items()}
        workers = [k async for k in self.client.scan_iter(match=WORKER_PATTERN, count=1000)]
        kinds = await self.client.mget(workers) if workers else []
        return JobStats(
            computed=int(s.get("computed", 0)),
            failed=int(s.get("failed", 0)),
            enqueued=int(s.get("enqueued", 0)),
            dropped=int(s.get("dropped", 0)),
            abandoned=int(s.get("abandoned", 0)),
            compute_seconds=float(s.get("compute_seconds", 0.0)),
            queue_depth=int(await self.client.zcard(self.full_set)),
            workers=len(workers),
            worker_numerics=tuple(sorted({_text(k) for k in kinds if k is not None})),
        )

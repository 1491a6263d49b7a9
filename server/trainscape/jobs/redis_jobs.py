"""The Redis job engine: taskiq list queues, an in-flight marker per job, "done" over pub/sub.

Previews first: a tile's 64x64 preview is its own job on a second list (`<queue>:previews`),
and workers pop that list before the full tiles' list (one BRPOP over both, in that order), so
a new view fills with previews before any full tile is computed, as in the embedded engine. A
computed preview's marker stays (`done`, for the queue lease) so re-asks don't queue it again.

Dedup: `SET <job>:inflight queued NX PX queue_lease` admits one enqueue per job across all API
processes. A worker that starts the job replaces the marker by `running:<worker>` with a short
lease and refreshes it while computing; when the job ends it deletes the marker and publishes
`<job>:done`. Every request (and every re-check of a waiting one) refreshes `<job>:wanted`,
which expires `stale_s` after the last one: a worker that pops a job nobody wants any more (the
user zoomed or panned on) drops it unstarted, so the queue drains quickly to the tiles in view;
a computing worker checks the key every half second and abandons its job between two chunks
once it has expired (partial results dropped, marker deleted, "done" published).
A worker killed mid-job stops refreshing: the lease expires and the next waiting
request re-enqueues the job (taskiq's list queue is at-most-once; the lease makes delivery
at-least-once while someone still wants the tile). A worker whose job raises stores the error
under `<job>:failed` for `failure_backoff_s` seconds: until it expires, requests for the tile
get that error (503 + Retry-After) instead of enqueueing it again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from typing import Any

from redis.asyncio import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry
from taskiq.kicker import AsyncKicker
from taskiq_redis import ListQueueBroker

from trainscape.cache.keys import (
    DONE_PATTERN,
    STATS_KEY,
    WORKER_PATTERN,
    failed_key,
    inflight_key,
    preview_job,
    wanted_key,
)
from trainscape.jobs.model import Priority, QueueFull, TileJob, failed
from trainscape.jobs.stats import JobStats
from trainscape.tiles import TILE_SIZE

log = logging.getLogger("trainscape.jobs")
TASK_NAME = "trainscape.tile"
_DONE_SUFFIX = ":done"


#: The job's phase in a queued message: a preview job computes only the tile's preview.
PHASE, PREVIEW = "phase", "preview"


def preview_queue(queue_name: str) -> str:
    """The list of preview jobs beside the full tiles' list `queue_name`."""
    return f"{queue_name}:previews"


#: Seconds a worker's blocking pop waits before asking again: below the socket timeout.
BRPOP_TIMEOUT_S = 2
SOCKET_TIMEOUT_S = 5


class TileQueueBroker(ListQueueBroker):
    """taskiq's list-queue broker: previews before full tiles, a pop that returns regularly.

    One BRPOP over the preview list and then the tile list takes the oldest preview if there is
    one, else the oldest full tile.

    taskiq-redis pops with `BRPOP queue 0` (wait forever) on a connection whose socket times out
    after SOCKET_TIMEOUT_S (redis-py's default, 5 s): an idle worker's read timed out every 5 s,
    killing the receiver with a 75-line traceback before it was restarted. A pop that returns
    (empty) before the socket timeout keeps an idle worker quiet and still notices a dead
    connection within seconds.
    """

    async def listen(self) -> AsyncGenerator[bytes, None]:
        while True:
            try:
                async with Redis(connection_pool=self.connection_pool) as conn:
                    queues = [preview_queue(self.queue_name), self.queue_name]
                    popped = await conn.brpop(queues, timeout=BRPOP_TIMEOUT_S)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                log.warning("queue Redis unreachable (%s); retrying", exc)
                await asyncio.sleep(1)
                continue
            if popped is not None:
                value = popped[1]
                yield value.encode() if isinstance(value, str) else value


def make_broker(url: str, queue_name: str) -> ListQueueBroker:
    """The taskiq broker shared by API processes (kick) and workers (listen)."""
    return TileQueueBroker(
        url,
        queue_name=queue_name,
        socket_connect_timeout=2,
        socket_timeout=SOCKET_TIMEOUT_S,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.02), 3),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
    )


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class RedisJobs:
    """Enqueues tile jobs for `trainscape worker` processes and waits for their "done"."""

    def __init__(
        self,
        client: Redis,
        broker: ListQueueBroker,
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
        self._kicker: AsyncKicker[Any, Any] = AsyncKicker(TASK_NAME, broker, labels={})
        labels = {"queue_name": preview_queue(broker.queue_name)}  # taskiq pushes onto that list
        self._preview_kicker: AsyncKicker[Any, Any] = AsyncKicker(TASK_NAME, broker, labels=labels)
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
        Each list is first in, first out: `priority` is not used, so tiles run in the order
        first asked (previews first)."""
        marker = inflight_key(job.key)
        preview_marker = inflight_key(preview_job(job.key))
        async with self.client.pipeline(transaction=False) as pipe:  # one round trip per poll
            pipe.get(failed_key(job.key))
            pipe.pttl(failed_key(job.key))
            pipe.exists(marker)
            pipe.exists(preview_marker)
            pipe.llen(self.broker.queue_name)
            pipe.set(wanted_key(job.key), b"1", px=self.stale_ms)
            text, ttl_ms, in_flight, preview_marked, queued, _ = await pipe.execute()
        if text is not None:
            raise failed(_text(text), max(ttl_ms, 0) / 1000)
        if in_flight and (preview_marked or not self.previews):
            return
        if not in_flight and queued >= self.queue_limit:
            raise QueueFull(f"{self.queue_limit} tiles are waiting; try again shortly", 2)
        if self.previews and not preview_marked:
            payload = {**job.to_dict(), PHASE: PREVIEW}
            await self._enqueue(preview_marker, self._preview_kicker, payload)
        if not in_flight and await self._enqueue(marker, self._kicker, job.to_dict()):
            await self.client.hincrby(STATS_KEY, "enqueued", 1)

    async def _enqueue(self, marker: str, kicker: AsyncKicker, payload: dict[str, Any]) -> bool:
        """Queue `payload` if this process wins its marker (False if another one holds it)."""
        if not await self.client.set(marker, "queued", nx=True, px=self.queue_lease_ms):
            return False
        try:
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
            queue_depth=int(await self.client.llen(self.broker.queue_name)),
            workers=len(workers),
            worker_numerics=tuple(sorted({_text(k) for k in kinds if k is not None})),
        )

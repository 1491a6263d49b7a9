"""The Redis transport's queue: two sorted sets (previews, full tiles) that workers pop best-first.

Sorted sets, not lists, so that every worker follows the embedded engine's compute order
(previews first, newest view, lowest rank) and a job asked for again is raised in place rather
than queued twice. Details: docs/api.md, "Compute order".
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator
from typing import Any

from redis.asyncio import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry
from taskiq.message import BrokerMessage
from taskiq_redis import ListQueueBroker

from trainscape.cache.keys import full_set, messages_hash, preview_set
from trainscape.jobs.model import Priority

log = logging.getLogger("trainscape.jobs")

#: Labels of a queued message that say where it goes: which set, as which member, at what score.
QUEUE_LABEL, MEMBER_LABEL, SCORE_LABEL = "queue_name", "member", "score"

#: Seconds a worker's blocking pop waits before asking again: below the socket timeout.
POP_TIMEOUT_S = 2
SOCKET_TIMEOUT_S = 5

#: Scores count deciseconds from this instant (2026-01-01 UTC) so that view time and rank fit
#: exactly in a float64 score for 27 years on either side.
_EPOCH_S = 1_767_225_600
_RANK_BITS = 20  # ranks are 0..1000000 (docs/api.md, "Compute order")
_RANK_MAX = (1 << _RANK_BITS) - 1


class WallClock:
    """Turns a `Priority` (monotonic view time of this process) into a queue score that other
    processes' scores compare with: the view's wall-clock time in deciseconds, then the rank.

    The monotonic-to-wall offset is read once, so every tile of one view gets the same time."""

    def __init__(self) -> None:
        self.offset = time.time() - time.monotonic()

    def score(self, priority: Priority) -> float:
        """Larger pops first: newer view, then lower rank (exact integer below 2**53)."""
        ds = round((priority.view + self.offset - _EPOCH_S) * 10)
        return float(ds * (1 << _RANK_BITS) + (_RANK_MAX - min(max(priority.rank, 0), _RANK_MAX)))


class TileQueueBroker(ListQueueBroker):
    """taskiq's Redis broker with the ranked queue above in place of its list.

    `kick` stores a message under its member's name and adds (or raises) the member in its set;
    `listen` pops the best member of the previews' set, else of the full tiles' set, and yields
    its message. Every pop returns within POP_TIMEOUT_S, below the connection's socket timeout
    (redis-py's 5 s): taskiq-redis's own pop waits forever, and an idle worker's read timed out
    every 5 s with a long traceback. A dead connection is noticed within seconds.
    """

    async def kick(self, message: BrokerMessage) -> None:
        labels = message.labels
        queue, member = str(labels[QUEUE_LABEL]), str(labels[MEMBER_LABEL])
        score = float(labels[SCORE_LABEL])
        async with Redis(connection_pool=self.connection_pool) as conn:
            async with conn.pipeline(transaction=True) as pipe:
                pipe.hset(messages_hash(self.queue_name), member, message.message)
                pipe.zadd(queue, {member: score}, gt=True)
                await pipe.execute()

    async def listen(self) -> AsyncGenerator[bytes, None]:
        queues = [preview_set(self.queue_name), full_set(self.queue_name)]
        while True:
            try:
                async with Redis(connection_pool=self.connection_pool) as conn:
                    popped = await conn.bzpopmax(queues, timeout=POP_TIMEOUT_S)
                    if popped is None:
                        continue
                    value = await self._take_message(conn, popped[1])
            except (RedisConnectionError, RedisTimeoutError) as exc:
                log.warning("queue Redis unreachable (%s); retrying", exc)
                await asyncio.sleep(1)
                continue
            if value is not None:
                yield value

    async def take_preview(self) -> dict[str, Any] | None:
        """Pop the best queued preview job at once (no wait): its task's argument (the job's
        dict), or None if no preview is queued. For a worker computing a full tile, which runs
        the previews queued meanwhile between two of its chunks."""
        async with Redis(connection_pool=self.connection_pool) as conn:
            popped = await conn.zpopmax(preview_set(self.queue_name))
            if not popped:
                return None
            value = await self._take_message(conn, popped[0][0])
        if value is None:
            return None
        args = self.formatter.loads(value).args
        return args[0] if args and isinstance(args[0], dict) else None

    async def _take_message(self, conn: Redis, member: Any) -> bytes | None:
        """Read and delete the message of a popped member."""
        messages = messages_hash(self.queue_name)
        async with conn.pipeline(transaction=True) as pipe:
            pipe.hget(messages, member)
            pipe.hdel(messages, member)
            value, _ = await pipe.execute()
        return value.encode() if isinstance(value, str) else value


def make_broker(url: str, queue_name: str) -> TileQueueBroker:
    """The taskiq broker shared by API processes (kick) and workers (listen)."""
    return TileQueueBroker(
        url,
        queue_name=queue_name,
        socket_connect_timeout=2,
        socket_timeout=SOCKET_TIMEOUT_S,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.02), 3),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
    )

"""Redis cache backend, with a small in-process LRU in front (values are immutable)."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from trainscape.cache.memory import LruBytes


def connect(url: str) -> Redis:
    """An asyncio Redis client that reconnects by itself (e.g. after a server restart)."""
    return Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.02), 3),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        socket_connect_timeout=2,
        health_check_interval=10,
    )


class RedisStore:
    """Tiles in Redis (meant for an `allkeys-lru` instance); hot ones also in local memory."""

    def __init__(self, client: Redis, hot_bytes: int):
        self.client = client
        self._hot = LruBytes(hot_bytes)

    async def get(self, key: str) -> bytes | None:
        value = self._hot.get(key)
        if value is None:
            raw = await self.client.get(key)
            if raw is not None:
                value = raw.encode() if isinstance(raw, str) else raw
                self._hot.set(key, value)
        return value

    async def set(self, key: str, value: bytes) -> None:
        await self.client.set(key, value)
        self._hot.set(key, value)

    async def exists(self, key: str) -> bool:
        return key in self._hot or bool(await self.client.exists(key))

    async def close(self) -> None:
        await self.client.aclose()

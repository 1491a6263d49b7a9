"""The services one API process wires together, built at startup from its settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Protocol

from redis.asyncio import Redis

from trainscape.api.delivery import TileService
from trainscape.cache import MemoryStore, Store
from trainscape.cache.redis_store import RedisStore, connect
from trainscape.cache.registry import MemoryRegistry, RedisRegistry
from trainscape.experiments import Experiment
from trainscape.jobs import JobEngine
from trainscape.jobs.embedded import EmbeddedJobs
from trainscape.jobs.redis import make_broker, redis_engine
from trainscape.settings import Settings

MB = 1 << 20


class Registry(Protocol):
    async def get(self, experiment_id: str) -> Experiment | None: ...
    async def put(self, e: Experiment) -> str: ...


@dataclass
class Services:
    settings: Settings
    store: Store
    jobs: JobEngine
    tiles: TileService
    registry: Registry
    redis: Redis | None = None
    #: Bounds the computations the API runs itself (point runs, dimension windows).
    points: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(2))

    @property
    def mode(self) -> str:
        return "redis" if self.redis is not None else "embedded"

    async def close(self) -> None:
        await self.jobs.close()
        await self.store.close()
        if self.redis is not None:
            await self.redis.aclose()


def _embedded(s: Settings) -> tuple[Store, JobEngine, Registry, Redis | None]:
    store = MemoryStore(s.cache_memory_mb * MB, s.cache_dir)
    jobs = EmbeddedJobs(store, threads=s.compute_threads, rules=s.rules)
    registry = MemoryRegistry(
        s.cache_dir / "experiments" if s.cache_dir else None, s.max_experiments
    )
    return store, jobs, registry, None


def _redis(s: Settings) -> tuple[Store, JobEngine, Registry, Redis | None]:
    assert s.redis_url is not None
    queue = connect(s.redis_url)
    cache = connect(s.cache_url) if s.cache_url and s.cache_url != s.redis_url else queue
    store = RedisStore(cache, s.hot_cache_mb * MB)
    broker = make_broker(s.redis_url, s.queue_name)
    jobs = redis_engine(queue, broker, s.rules, s.queue_lease_s)
    return store, jobs, RedisRegistry(queue, s.max_experiments), queue


async def build_services(s: Settings) -> Services:
    """Embedded (no Redis URL) or Redis-backed services; starts the job engine."""
    store, jobs, registry, redis = _redis(s) if s.redis_url else _embedded(s)
    await jobs.start()
    tiles = TileService(store, jobs, s.tile_wait_s, s.poll_s, s.retry_after_s)
    return Services(s, store, jobs, tiles, registry, redis, asyncio.Semaphore(s.point_concurrency))

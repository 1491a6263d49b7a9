"""Where custom experiments' configs live: never evicted, shared by every API process.

Embedded: in memory (and in `<cache_dir>/experiments/` when a cache directory is set), at most
`limit` of them (`TRAINSCAPE_MAX_EXPERIMENTS`); when that many are stored, a new one is refused
(`RegistryFull`, HTTP 507) rather than an old one dropped: an id once handed out stays valid.
Redis: in the *queue* Redis, which must not evict (`noeviction`), never in the LRU tile cache.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from redis.asyncio import Redis

from trainscape.cache.keys import experiment_key
from trainscape.experiments import Experiment, custom_id

#: Default bound on posted experiments held by one embedded server.
MAX_EXPERIMENTS = 10_000


class RegistryFull(Exception):
    """The embedded registry holds its limit of experiments; nothing is evicted to make room."""


class MemoryRegistry:
    """Custom experiments in this process (optionally persisted as JSON files), never evicted."""

    def __init__(self, directory: Path | None = None, limit: int = MAX_EXPERIMENTS):
        self._items: dict[str, Experiment] = {}
        self._dir = directory
        self._limit = limit
        self._stored = 0
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self._stored = sum(1 for _ in directory.glob("*.json"))

    async def get(self, experiment_id: str) -> Experiment | None:
        found = self._items.get(experiment_id)
        if found is None and self._dir is not None:
            path = self._dir / f"{experiment_id}.json"
            text = await asyncio.to_thread(lambda: path.read_text() if path.exists() else None)
            if text is not None:
                found = Experiment.from_dict(json.loads(text))
                self._items[experiment_id] = found
        return found

    async def put(self, e: Experiment) -> str:
        cid = custom_id(e)
        if await self.get(cid) is not None:
            return cid
        if self._stored >= self._limit:
            raise RegistryFull(
                f"this server already holds its limit of {self._limit} posted experiments "
                "(TRAINSCAPE_MAX_EXPERIMENTS) and never drops one to make room; use one of "
                "those (re-posting an existing config returns its id) or ask the operator to "
                "raise the limit or run with Redis"
            )
        self._items[cid] = e
        self._stored += 1
        if self._dir is not None:
            path = self._dir / f"{cid}.json"
            await asyncio.to_thread(path.write_text, e.canonical_json())
        return cid


class RedisRegistry:
    """Custom experiments as canonical JSON under `trainscape:experiment:<id>` (no TTL)."""

    def __init__(self, client: Redis):
        self.client = client

    async def get(self, experiment_id: str) -> Experiment | None:
        raw = await self.client.get(experiment_key(experiment_id))
        return None if raw is None else Experiment.from_dict(json.loads(raw))

    async def put(self, e: Experiment) -> str:
        cid = custom_id(e)
        await self.client.set(experiment_key(cid), e.canonical_json())
        return cid

"""Where custom experiments' configs live: never evicted, shared by every API process.

Embedded: in memory (and in `<cache_dir>/experiments/` when a cache directory is set). Redis: in
the *queue* Redis, which must not evict (`noeviction`), never in the LRU tile cache.
"""

from __future__ import annotations

import json
from pathlib import Path

from redis.asyncio import Redis

from trainscape.cache.keys import experiment_key
from trainscape.experiments import Experiment, custom_id


class MemoryRegistry:
    """Custom experiments in this process (optionally persisted as JSON files)."""

    def __init__(self, directory: Path | None = None, limit: int = 10_000):
        self._items: dict[str, Experiment] = {}
        self._dir = directory
        self._limit = limit
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    async def get(self, experiment_id: str) -> Experiment | None:
        found = self._items.get(experiment_id)
        if found is None and self._dir is not None:
            path = self._dir / f"{experiment_id}.json"
            if path.exists():
                found = Experiment.from_dict(json.loads(path.read_text()))
                self._items[experiment_id] = found
        return found

    async def put(self, e: Experiment) -> str:
        cid = custom_id(e)
        if len(self._items) >= self._limit and cid not in self._items:
            self._items.pop(next(iter(self._items)))
        self._items[cid] = e
        if self._dir is not None:
            (self._dir / f"{cid}.json").write_text(e.canonical_json())
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

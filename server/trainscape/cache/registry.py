"""Where custom experiments' configs live: never evicted, shared by every API process.

When `TRAINSCAPE_MAX_EXPERIMENTS` are stored, a new one is refused (`RegistryFull`, HTTP 507)
rather than an old one dropped: an id once handed out stays valid. Details: docs/api.md,
"Caching and keys" (custom experiments).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from redis.asyncio import Redis

from trainscape.cache.keys import EXPERIMENTS_KEY, experiment_key
from trainscape.errors import TrainscapeError
from trainscape.experiments import Experiment, custom_id

#: Default bound on posted experiments held by one embedded server.
MAX_EXPERIMENTS = 10_000


class RegistryFull(TrainscapeError):
    """The registry holds its limit of experiments; nothing is evicted to make room."""


def _full(limit: int, where: str) -> RegistryFull:
    return RegistryFull(
        f"{where} already holds its limit of {limit} posted experiments "
        "(TRAINSCAPE_MAX_EXPERIMENTS) and never drops one to make room; use one of "
        "those (re-posting an existing config returns its id) or ask the operator to "
        "raise the limit"
    )


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
            raise _full(self._limit, "this server")
        self._items[cid] = e
        self._stored += 1
        if self._dir is not None:
            path = self._dir / f"{cid}.json"
            await asyncio.to_thread(path.write_text, e.canonical_json())
        return cid


#: KEYS: the id set, the config key; ARGV: id, canonical JSON, limit. 1 = stored (or already
#: there, also when stored before the id set existed), 0 = full.
_PUT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('SADD', KEYS[1], ARGV[1])
  return 1
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""


class RedisRegistry:
    """Custom experiments as canonical JSON under `trainscape:experiment:<id>` (no TTL), their
    ids in the set `trainscape:experiments`; at most `limit` of them."""

    def __init__(self, client: Redis, limit: int = MAX_EXPERIMENTS):
        self.client = client
        self._limit = limit
        self._put = client.register_script(_PUT)

    async def get(self, experiment_id: str) -> Experiment | None:
        raw = await self.client.get(experiment_key(experiment_id))
        return None if raw is None else Experiment.from_dict(json.loads(raw))

    async def put(self, e: Experiment) -> str:
        cid = custom_id(e)
        keys = [EXPERIMENTS_KEY, experiment_key(cid)]
        if not await self._put(keys=keys, args=[cid, e.canonical_json(), self._limit]):
            raise _full(self._limit, "this deployment's Redis")
        return cid

"""The Redis cache and the custom-experiment registry, against a real redis-server."""

from __future__ import annotations

import asyncio

from trainscape.cache.redis_store import RedisStore, connect
from trainscape.cache.registry import RedisRegistry
from trainscape.experiments import Experiment, custom_id


def test_redis_store_round_trip_and_hot_cache(redis_url):
    async def scenario():
        store = RedisStore(connect(redis_url), hot_bytes=1 << 20)
        await store.set("k", b"v" * 100)
        other = RedisStore(connect(redis_url), hot_bytes=1 << 20)
        got = await other.get("k"), await other.exists("k"), await other.get("nope")
        await store.close()
        await other.close()
        return got

    assert asyncio.run(scenario()) == (b"v" * 100, True, None)


def test_custom_experiments_are_stored_without_expiry(redis_url):
    async def scenario():
        client = connect(redis_url)
        reg = RedisRegistry(client)
        e = Experiment(width=4, steps=7)
        cid = await reg.put(e)
        ttl = await client.ttl(f"trainscape:experiment:{cid}")
        found = await RedisRegistry(connect(redis_url)).get(cid)
        await client.aclose()
        return cid, ttl, found, e

    cid, ttl, found, e = asyncio.run(scenario())
    assert cid == custom_id(e) and ttl == -1 and found == e


def test_the_redis_registry_refuses_beyond_its_limit_across_processes(redis_url):
    import pytest

    from trainscape.cache.registry import RegistryFull

    async def scenario():
        a, b = connect(redis_url), connect(redis_url)  # two API processes' connections
        older = Experiment(width=4, steps=1)
        await a.set(f"trainscape:experiment:{custom_id(older)}", older.canonical_json())
        first, second = RedisRegistry(a, limit=3), RedisRegistry(b, limit=3)
        ids = [await first.put(older)]  # stored before ids were counted: counted, kept
        ids += await asyncio.gather(
            first.put(Experiment(width=4, steps=2)), second.put(Experiment(width=4, steps=3))
        )
        with pytest.raises(RegistryFull, match="limit of 3"):
            await second.put(Experiment(width=5))
        again = await first.put(Experiment(width=4, steps=2))  # re-posting is fine
        found = [await second.get(i) for i in ids]
        missing = await second.get(custom_id(Experiment(width=5)))
        await a.aclose()
        await b.aclose()
        return ids, again, found, missing

    ids, again, found, missing = asyncio.run(scenario())
    assert again == ids[1] and missing is None
    assert found == [Experiment(width=4, steps=s) for s in (1, 2, 3)]

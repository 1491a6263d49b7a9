"""The embedded cache is bounded (LRU by bytes) and optionally persists on disk."""

from __future__ import annotations

import asyncio

from trainscape.cache import LruBytes, MemoryStore


def test_lru_is_bounded_and_evicts_least_recently_used():
    lru = LruBytes(max_bytes=30)
    lru.set("a", b"x" * 10)
    lru.set("b", b"x" * 10)
    lru.set("c", b"x" * 10)
    assert lru.get("a") is not None  # a becomes most recent
    lru.set("d", b"x" * 10)
    assert lru.get("b") is None and lru.get("a") is not None
    assert lru.size <= 30


def test_values_larger_than_the_bound_are_not_kept():
    lru = LruBytes(max_bytes=5)
    lru.set("big", b"123456")
    assert lru.get("big") is None and lru.size == 0


def test_disk_cache_survives_a_new_store(tmp_path):
    async def scenario():
        s1 = MemoryStore(1 << 20, tmp_path)
        await s1.set("k", b"tile-bytes")
        s2 = MemoryStore(1 << 20, tmp_path)
        return await s2.get("k"), await s2.exists("k"), await s2.get("missing")

    assert asyncio.run(scenario()) == (b"tile-bytes", True, None)

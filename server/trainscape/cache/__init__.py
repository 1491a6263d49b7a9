"""Tile caches behind one small async interface: bounded memory (+ disk), or Redis."""

from trainscape.cache.keys import tile_key
from trainscape.cache.memory import LruBytes, MemoryStore
from trainscape.cache.store import Store

__all__ = ["LruBytes", "MemoryStore", "Store", "tile_key"]

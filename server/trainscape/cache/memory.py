"""Bounded in-process cache (LRU by bytes), optionally backed by a directory on disk."""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path


class LruBytes:
    """Thread-safe LRU dict of bytes bounded by total size (synchronous)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self._size += len(value) - (len(old) if old is not None else 0)
            self._items[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._items

    @property
    def size(self) -> int:
        return self._size


class MemoryStore:
    """The embedded cache: memory LRU in front of an optional (unbounded) directory."""

    def __init__(self, max_bytes: int, directory: Path | None = None):
        self._lru = LruBytes(max_bytes)
        self._dir = directory
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        assert self._dir is not None
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self._dir / digest[:2] / digest

    async def get(self, key: str) -> bytes | None:
        value = self._lru.get(key)
        if value is None and self._dir is not None:
            value = await asyncio.to_thread(self._read, key)  # disk I/O off the event loop
            if value is not None:
                self._lru.set(key, value)
        return value

    async def set(self, key: str, value: bytes) -> None:
        self._lru.set(key, value)
        if self._dir is not None:
            await asyncio.to_thread(self._write, key, value)

    async def exists(self, key: str) -> bool:
        if key in self._lru or self._dir is None:
            return key in self._lru
        return await asyncio.to_thread(self._path(key).exists)

    def _read(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def _write(self, key: str, value: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(value)
        os.replace(tmp, path)  # atomic: readers never see a partial tile

    async def close(self) -> None:
        return None

"""The cache interface every backend implements: immutable bytes under content-addressed keys."""

from __future__ import annotations

from typing import Protocol


class Store(Protocol):
    """Async key -> bytes store. Values under a key never change; any may be evicted."""

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes) -> None: ...

    async def exists(self, key: str) -> bool: ...

    async def close(self) -> None: ...

"""The Cache-Control policies of every response, spelled once: immutable content addresses,
revalidated page files, and answers that must never be cached (errors, previews, health)."""

from __future__ import annotations

#: Final tiles, point runs: the bytes under a content address never change.
IMMUTABLE = "public, max-age=31536000, immutable"
#: The page's own files: cached, revalidated by ETag on every load.
NO_CACHE = "no-cache"
#: Errors, previews, health and metrics: never cached.
NO_STORE = "no-store"


def no_store() -> dict[str, str]:
    return {"Cache-Control": NO_STORE}

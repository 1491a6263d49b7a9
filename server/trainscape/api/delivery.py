"""Tile delivery, beside the routes that use it: cache -> (deduplicated) job -> bounded wait
-> final tile, preview or 503."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass

from trainscape.cache.keys import png_key, tile_key
from trainscape.cache.store import Store
from trainscape.experiments import Experiment
from trainscape.jobs.lifecycle import JobEngine
from trainscape.jobs.model import NotReady, Priority, TileJob, kind
from trainscape.render import RENDER_VERSION, colour_layer, npy_array, png_bytes
from trainscape.tiles import TILE_SIZE


@dataclass(frozen=True)
class TileRequest:
    """One layer of one tile, optionally at a checkpoint step."""

    experiment: Experiment
    z: int
    x: int
    y: int
    layer: str = "measure"
    step: int | None = None

    def key(self, preview: bool = False) -> str:
        k = kind(self.experiment, self.layer, self.step, preview)
        return tile_key(self.experiment, self.z, self.x, self.y, k)

    @property
    def job(self) -> TileJob:
        return TileJob(self.experiment, self.z, self.x, self.y, self.layer)


@dataclass(frozen=True)
class ViewHint:
    """What a client says about a tile request: the view it is for (an opaque token the client
    changes whenever its view changes) and the tile's rank in that view (0 = most wanted)."""

    view: str
    rank: int = 0


class ViewClock:
    """Turns view hints into job priorities: a view's time is when the server first saw its
    token (the last `size` tokens are remembered; an unknown or forgotten one is new now)."""

    def __init__(self, size: int = 4096):
        self.size = size
        self._seen: OrderedDict[str, float] = OrderedDict()

    def priority(self, hint: ViewHint | None) -> Priority:
        now = time.monotonic()
        if hint is None:
            return Priority(now)
        first = self._seen.setdefault(hint.view, now)
        self._seen.move_to_end(hint.view)
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return Priority(first, hint.rank)


@dataclass(frozen=True)
class Payload:
    """Bytes of a tile as stored under `key` (a content address: a final tile's bytes under
    it never change, so its ETag derives from it), or of its preview."""

    body: bytes
    key: str
    preview: bool = False


@dataclass
class Counters:
    hits: int = 0
    misses: int = 0
    previews: int = 0
    not_ready: int = 0


class TileService:
    """Serves raw and coloured tiles; never caches a preview or an error as a final tile."""

    def __init__(
        self,
        store: Store,
        jobs: JobEngine,
        wait_s: float = 2.0,
        poll_s: float = 0.5,
        retry_after: int = 2,
    ):
        self.store, self.jobs = store, jobs
        self.wait_s, self.poll_s, self.retry_after = wait_s, poll_s, retry_after
        self.counters = Counters()
        self.views = ViewClock()

    async def raw(
        self, req: TileRequest, hint: ViewHint | None = None, has_preview: bool = False
    ) -> Payload:
        """The tile's stored `.npy` bytes, gzipped float64, or its preview's; `hint` orders
        its computation among the queued ones. A missing tile is waited for (up to `wait_s`);
        a client without a preview (`has_preview` False) gets one as soon as it exists, one that
        has it waits for the tile and then gets the preview again (the route answers 304)."""
        key = req.key()
        body = await self.store.get(key)
        if body is not None:
            self.counters.hits += 1
            return Payload(body, key)
        self.counters.misses += 1
        deadline = time.monotonic() + self.wait_s
        priority = self.views.priority(hint)
        while True:
            # idempotent; re-enqueues a job whose lease expired
            await self.jobs.submit(req.job, priority)
            if not has_preview and (preview := await self.store.get(req.key(preview=True))):
                self.counters.previews += 1
                return Payload(preview, req.key(preview=True), preview=True)
            remaining = deadline - time.monotonic()
            await self.jobs.wait(req.job, min(self.poll_s, max(remaining, 0.0)))
            body = await self.store.get(key)
            if body is not None:
                return Payload(body, key)
            if time.monotonic() >= deadline:
                break
        preview = await self.store.get(req.key(preview=True))
        if preview is not None:
            self.counters.previews += 1
            return Payload(preview, req.key(preview=True), preview=True)
        self.counters.not_ready += 1
        raise NotReady("the tile is being computed; retry shortly", self.retry_after)

    async def png(
        self,
        req: TileRequest,
        colormap: str,
        hint: ViewHint | None = None,
        has_preview: bool = False,
    ) -> Payload:
        """PNG of the tile (256 x 256; previews upscaled), coloured tile-independently."""
        key = png_key(req.key(), RENDER_VERSION, colormap)
        body = await self.store.get(key)
        if body is not None:
            self.counters.hits += 1
            return Payload(body, key)
        raw = await self.raw(req, hint, has_preview)
        steps = req.step or req.experiment.steps
        body = await asyncio.to_thread(_render_png, raw.body, req.layer, steps, colormap)
        if not raw.preview:
            await self.store.set(key, body)
        return Payload(body, key, raw.preview)


def _render_png(npy: bytes, layer: str, steps: int, colormap: str) -> bytes:
    rgb = colour_layer(npy_array(npy), layer, steps, colormap)
    return png_bytes(rgb, size=TILE_SIZE)

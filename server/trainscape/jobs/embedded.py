"""The embedded job engine: compute threads inside the API process, dedup by job key.

Every job runs in two phases: its 64x64 preview, then its full tile. Previews of all queued
jobs come before any full tile, so a new view fills with previews within a second or two; a
full tile already computing runs the previews queued meanwhile between two of its chunks (a
zoom or pan shows its previews after a chunk, not after the whole tile in progress). Within
a phase, jobs run by `Priority`: the newest view first (the explorer names its view in each
request, so the tiles in view come before those the user panned away from), and within a view
the lowest rank first (the explorer ranks tiles by distance from the screen's centre, so a view
fills from the middle out). A request that names no view counts as a view of its own, seen when
it arrived: scripts get their most recent tile first. A queued job that nobody has asked for in
`stale_s` seconds (the browser re-asks after each `Retry-After`) is dropped; a running one
is abandoned the same way, between two chunks of pixels, its partial results dropped. Either way
it is forgotten, so a later request queues it anew. A job that fails is not
queued again for `failure_backoff_s` seconds: its requests get the error at once.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
import time
import weakref
from dataclasses import dataclass

from trainscape.cache.store import Store
from trainscape.jobs.model import (
    FAILURE_BACKOFF_S,
    Abandoned,
    Priority,
    QueueFull,
    TileJob,
    failed,
    failure_text,
)
from trainscape.jobs.payloads import compute_final, compute_preview
from trainscape.jobs.stats import JobStats
from trainscape.tiles import TILE_SIZE

log = logging.getLogger("trainscape.jobs")
_ENGINES: weakref.WeakSet[EmbeddedJobs] = weakref.WeakSet()


@atexit.register
def _join_at_exit() -> None:
    """Let compute threads leave XLA before the interpreter stops (a daemon thread frozen
    inside a JAX computation aborts the process)."""
    for engine in list(_ENGINES):
        engine.shutdown(timeout=60.0)


class _Shutdown(Exception):
    """The engine closed while a job was computing; its results are dropped."""


@dataclass
class _Entry:
    job: TileJob
    done: asyncio.Future
    loop: asyncio.AbstractEventLoop
    wanted: float
    priority: Priority
    started: bool = False
    previewed: bool = False


class EmbeddedJobs:
    """Runs tile jobs on `threads` compute threads; one job per key at a time."""

    def __init__(
        self,
        store: Store,
        threads: int = 1,
        queue_limit: int = 64,
        preview_size: int = 64,
        stale_s: float = 10.0,
        failure_backoff_s: float = FAILURE_BACKOFF_S,
    ):
        self.store = store
        self.queue_limit = queue_limit
        self.preview_size = preview_size
        self.stale_s = stale_s
        self.failure_backoff_s = failure_backoff_s
        self._failures: dict[str, tuple[str, float]] = {}  # job key -> (error, retry time)
        self.stats = JobStats()
        self._threads = threads
        self._entries: dict[str, _Entry] = {}
        self._cv = threading.Condition()
        self._workers: list[threading.Thread] = []
        self._closing = False
        _ENGINES.add(self)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self.shutdown(timeout=0.0)

    def shutdown(self, timeout: float) -> None:
        """Stop taking jobs; wait up to `timeout` s for running ones to return."""
        with self._cv:
            self._closing = True
            self._cv.notify_all()
        deadline = time.monotonic() + timeout
        for t in self._workers:
            t.join(max(0.0, deadline - time.monotonic()))

    def _ensure_workers(self) -> None:
        while len(self._workers) < self._threads:
            t = threading.Thread(
                target=self._work, name=f"trainscape-compute-{len(self._workers)}", daemon=True
            )
            self._workers.append(t)
            t.start()

    def _next(self) -> _Entry | None:
        """The queued entry to run next (see the module docstring); drops stale ones (call with
        the lock held)."""
        while True:
            if self._closing:
                return None
            now = time.monotonic()
            queued = [e for e in self._entries.values() if not e.started]
            for e in queued:
                if self._stale(e, now):
                    self._finish(e, None)
                    self.stats.dropped += 1
            queued = [e for e in queued if not self._stale(e, now)]
            if queued:
                unpreviewed = [e for e in queued if not e.previewed]
                entry = max(unpreviewed or queued, key=lambda e: e.priority.order)
                entry.started = True
                return entry
            self._cv.wait()

    def _next_preview(self) -> _Entry | None:
        """The queued, wanted entry without a preview that runs first, marked started; None if
        there is none (call with the lock held)."""
        now = time.monotonic()
        waiting = [
            e
            for e in self._entries.values()
            if not (e.started or e.previewed or self._stale(e, now))
        ]
        if not waiting or self._closing:
            return None
        entry = max(waiting, key=lambda e: e.priority.order)
        entry.started = True
        return entry

    def _finish(self, entry: _Entry, error: BaseException | None) -> None:
        """Forget `entry` and resolve its future on its event loop (lock held)."""
        self._entries.pop(entry.job.key, None)
        if error is not None:
            now = time.monotonic()
            self._failures = {k: f for k, f in self._failures.items() if f[1] > now}
            self._failures[entry.job.key] = (failure_text(error), now + self.failure_backoff_s)

        def resolve() -> None:
            if entry.done.done():
                return
            if error is None:
                entry.done.set_result(None)
            else:
                entry.done.set_exception(error)

        try:
            entry.loop.call_soon_threadsafe(resolve)
        except RuntimeError:  # the event loop is closed: nobody is waiting
            pass

    def _work(self) -> None:
        while True:
            with self._cv:
                entry = self._next()
            if entry is None:
                return
            self._run_phase(entry)

    def _run_phase(self, entry: _Entry) -> None:
        """Run `entry`'s next phase (preview, else full tile) and settle it: finished, or back
        in the queue for its full tile."""
        final = entry.previewed
        error = self._run(entry, final)
        if isinstance(error, Abandoned):
            return  # `_abandon` has forgotten it already
        with self._cv:
            if final or error is not None:
                self._finish(entry, error)
            else:  # back in the queue for its full tile
                entry.previewed, entry.started = True, False
                self._cv.notify()

    def _previews_between_chunks(self) -> None:
        """Run every preview queued since a full tile started (called between its chunks)."""
        while True:
            with self._cv:
                entry = self._next_preview()
            if entry is None:
                return
            self._run_phase(entry)

    def _run(self, entry: _Entry, final: bool) -> BaseException | None:
        """Compute one phase of `entry`: None if done (or the engine closed), else the error
        (an `Abandoned` one if nobody wanted the tile any more)."""
        from trainscape.compute.runner import between_chunks

        def emit(key: str, value: bytes) -> None:
            self._stop_if_closing()
            asyncio.run_coroutine_threadsafe(self.store.set(key, value), entry.loop).result()

        def check() -> None:  # between chunks: stop promptly on shutdown or when unwanted
            self._stop_if_closing()
            if self._stale(entry, time.monotonic()) and self._abandon(entry, final):
                raise Abandoned
            if final:  # a new view's previews come before the rest of this tile
                self._previews_between_chunks()

        self.stats.running += 1
        t0 = time.perf_counter()
        try:
            with between_chunks(check):
                if final:
                    compute_final(entry.job, emit)
                else:
                    compute_preview(entry.job, emit, self.preview_size)
        except _Shutdown:
            return None
        except Abandoned as exc:
            log.info("tile job %s abandoned: nobody asked for it any more", entry.job.key)
            return exc
        except Exception as exc:
            self.stats.failed += 1
            log.exception("tile job %s failed", entry.job.key)
            return exc
        finally:
            self.stats.running -= 1
            self.stats.compute_seconds += time.perf_counter() - t0
        self.stats.computed += final
        return None

    def _stop_if_closing(self) -> None:
        if self._closing:
            raise _Shutdown

    def _stale(self, entry: _Entry, now: float) -> bool:
        """Whether nobody has asked for `entry` within `stale_s`."""
        return now - entry.wanted > self.stale_s

    def _abandon(self, entry: _Entry, final: bool) -> bool:
        """Forget the running `entry` if it is still unwanted (checked under the lock, so a
        request that just came keeps it). Counted as abandoned if its full tile had started,
        else as dropped: its full tile never started, as for a dropped queued job."""
        with self._cv:
            if not self._stale(entry, time.monotonic()):
                return False
            self._finish(entry, None)
            if final:
                self.stats.abandoned += 1
            else:
                self.stats.dropped += 1
            self._cv.notify()
            return True

    async def submit(self, job: TileJob, priority: Priority | None = None) -> None:
        """Queue `job` unless it is queued or running; either way mark it wanted now, at
        `priority` if that runs sooner than its current one (default: a view of its own)."""
        now = time.monotonic()
        priority = priority or Priority(now)
        no_preview = not 0 < self.preview_size < TILE_SIZE
        if not no_preview and job.key not in self._entries:  # e.g. dropped after its preview
            no_preview = await self.store.exists(job.payload_key(preview=True))
        with self._cv:
            text, retry_at = self._failures.get(job.key, ("", 0.0))
            if now < retry_at:
                raise failed(text, retry_at - now)
            self._failures.pop(job.key, None)
            entry = self._entries.get(job.key)
            if entry is not None:
                entry.wanted = now
                entry.priority = priority.newer(entry.priority)
                self._cv.notify()
                return
            if self.queue_depth() >= self.queue_limit:
                raise QueueFull(f"{self.queue_limit} tiles are waiting; try again shortly", 2)
            loop = asyncio.get_running_loop()
            self._entries[job.key] = _Entry(
                job, loop.create_future(), loop, now, priority, False, no_preview
            )
            self.stats.enqueued += 1
            self._ensure_workers()
            self._cv.notify()

    async def wait(self, job: TileJob, timeout: float) -> None:
        """Return when `job` finished or after `timeout` s (raises ComputeFailed)."""
        entry = self._entries.get(job.key)
        if entry is None:
            return
        done, _ = await asyncio.wait({entry.done}, timeout=max(timeout, 0.0))
        error = entry.done.exception() if done else None
        if error is not None:
            text, retry_at = self._failures.get(job.key, ("", time.monotonic()))
            raise failed(text or failure_text(error), retry_at - time.monotonic())

    def queue_depth(self) -> int:
        return sum(1 for e in self._entries.values() if not e.started)

    async def snapshot(self) -> JobStats:
        self.stats.queue_depth = self.queue_depth()
        self.stats.workers = self._threads
        return self.stats

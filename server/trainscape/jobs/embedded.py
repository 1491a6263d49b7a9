"""The embedded job engine: compute threads inside the API process, dedup by job key."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from trainscape.cache.store import Store
from trainscape.jobs.model import ComputeFailed, QueueFull, TileJob
from trainscape.jobs.payloads import compute_payloads
from trainscape.jobs.stats import JobStats

log = logging.getLogger("trainscape.jobs")


class _Shutdown(Exception):
    """The engine closed while a job was computing; its results are dropped."""


class EmbeddedJobs:
    """Runs tile jobs on `threads` compute threads; one job per key at a time."""

    def __init__(
        self, store: Store, threads: int = 1, queue_limit: int = 64, preview_size: int = 64
    ):
        self.store = store
        self.queue_limit = queue_limit
        self.preview_size = preview_size
        self.stats = JobStats()
        self._threads = threads
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="trainscape-compute")
        self._inflight: dict[str, asyncio.Future] = {}
        self._closing = False

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self._closing = True
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: TileJob, loop: asyncio.AbstractEventLoop) -> None:
        def emit(key: str, value: bytes) -> None:
            if self._closing:
                raise _Shutdown
            asyncio.run_coroutine_threadsafe(self.store.set(key, value), loop).result()

        self.stats.running += 1
        t0 = time.perf_counter()
        try:
            compute_payloads(job, emit, self.preview_size)
        except _Shutdown:
            return
        except Exception:
            self.stats.failed += 1
            log.exception("tile job %s failed", job.key)
            raise
        finally:
            self.stats.running -= 1
        self.stats.computed += 1
        self.stats.compute_seconds += time.perf_counter() - t0

    async def submit(self, job: TileJob) -> None:
        """Start `job` unless it is already queued or running (raises QueueFull)."""
        if job.key in self._inflight:
            return
        if self.queue_depth() >= self.queue_limit:
            raise QueueFull(f"{self.queue_limit} tiles are waiting; try again shortly", 2)
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(self._executor, self._run, job, loop)
        self._inflight[job.key] = fut
        self.stats.enqueued += 1
        fut.add_done_callback(lambda _: self._inflight.pop(job.key, None))

    async def wait(self, job: TileJob, timeout: float) -> None:
        """Return when `job` finished or after `timeout` s (raises ComputeFailed)."""
        fut = self._inflight.get(job.key)
        if fut is None:
            return
        done, _ = await asyncio.wait({fut}, timeout=max(timeout, 0.0))
        if done and fut.exception() is not None:
            raise ComputeFailed("the tile computation failed; it will be retried", 2)

    def queue_depth(self) -> int:
        return max(0, len(self._inflight) - self.stats.running)

    async def snapshot(self) -> JobStats:
        self.stats.queue_depth = self.queue_depth()
        self.stats.workers = self._threads
        return self.stats

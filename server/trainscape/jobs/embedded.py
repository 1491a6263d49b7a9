"""The embedded transport: the lifecycle's board in this process's memory, its workers as
tasks on the API's event loop that compute on daemon threads (`trainscape serve` without Redis).

All state lives on the event loop (compute threads reach it only through
`run_coroutine_threadsafe`), so no lock is needed and "abandon if still unwanted" is atomic.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import queue
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor, Future, wait
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from trainscape.cache.store import Store
from trainscape.jobs.lifecycle import CheckIn, JobEngine, Rules, Runner
from trainscape.jobs.model import FULL, PREVIEW, Priority, Task, TileJob
from trainscape.jobs.stats import JobStats

log = logging.getLogger("trainscape.jobs")
_ENGINES: weakref.WeakSet[EmbeddedJobs] = weakref.WeakSet()
#: Seconds a computed preview's marker keeps re-asks from queueing it again (as in Redis mode).
PREVIEW_DONE_S = 600.0


@atexit.register
def _join_at_exit() -> None:
    """Let compute threads leave XLA before the interpreter stops (a daemon thread frozen
    inside a JAX computation aborts the process)."""
    for engine in list(_ENGINES):
        engine.shutdown(timeout=60.0)


class MemoryBoard:
    """The lifecycle's state in memory: two queues (previews, full tiles) ordered by
    `Priority`, markers of tasks in flight, when each job was last wanted, failures."""

    def __init__(self, rules: Rules, workers: int = 1):
        self.rules = rules
        self.stats = JobStats(workers=workers)
        self._queues: dict[str, dict[str, tuple[Task, Priority]]] = {PREVIEW: {}, FULL: {}}
        self._markers: dict[tuple[str, str], float] = {}  # (job key, phase) -> expiry
        self._wanted: dict[str, float] = {}  # job key -> when it was last asked for
        self._failures: dict[str, tuple[str, float]] = {}  # job key -> (error, retry time)
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._queued = asyncio.Event()

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self._queued.set()

    def _in_flight(self, key: str, phase: str, now: float) -> bool:
        expiry = self._markers.get((key, phase))
        if expiry is not None and expiry < now:
            del self._markers[(key, phase)]
            return False
        return expiry is not None

    async def check_in(self, job: TileJob, priority: Priority) -> CheckIn:
        now = time.monotonic()
        if len(self._wanted) > 4 * self.rules.queue_limit + 1024:  # forget long-gone jobs
            self._wanted = {k: t for k, t in self._wanted.items() if now - t <= self.rules.stale_s}
        self._wanted[job.key] = now
        for tasks in self._queues.values():
            if job.key in tasks:
                task, old = tasks[job.key]
                tasks[job.key] = (task, priority.newer(old))
        return CheckIn(
            await self.failure(job),
            self._in_flight(job.key, FULL, now),
            self._in_flight(job.key, PREVIEW, now),
            len(self._queues[FULL]),
        )

    async def enqueue(self, task: Task, priority: Priority) -> bool:
        if self._in_flight(task.job.key, task.phase, time.monotonic()):
            return False
        self._markers[(task.job.key, task.phase)] = float("inf")
        self._queues[task.phase][task.job.key] = (task, priority)
        self._queued.set()
        return True

    async def wanted(self, job: TileJob) -> bool:
        return time.monotonic() - self._wanted.get(job.key, -float("inf")) <= self.rules.stale_s

    async def abandon(self, task: Task) -> bool:
        return not await self.wanted(task.job)

    def _take(self, phase: str) -> Task | None:
        tasks = self._queues[phase]
        if not tasks:
            return None
        key = max(tasks, key=lambda k: tasks[k][1].order)
        return tasks.pop(key)[0]

    async def take_preview(self) -> Task | None:
        return self._take(PREVIEW)

    async def pop(self) -> Task:
        """The next task to run: the best preview, else the best full tile (waits for one)."""
        while True:
            task = self._take(PREVIEW) or self._take(FULL)
            if task is not None:
                return task
            self._queued.clear()
            await self._queued.wait()

    @asynccontextmanager
    async def running(self, task: Task) -> AsyncIterator[None]:
        yield  # nothing to lease: this process is the only worker

    async def finish(self, task: Task, done: bool) -> None:
        marker = (task.job.key, task.phase)
        if task.preview and done:  # re-asks must not queue a computed preview again
            self._markers[marker] = time.monotonic() + PREVIEW_DONE_S
        else:
            self._markers.pop(marker, None)
        if not task.preview:
            for ev in self._waiters.pop(task.job.key, ()):
                ev.set()

    async def fail(self, job: TileJob, text: str, backoff_s: float) -> None:
        self._failures[job.key] = (text, time.monotonic() + backoff_s)

    async def failure(self, job: TileJob) -> tuple[str, float] | None:
        now = time.monotonic()
        self._failures = {k: f for k, f in self._failures.items() if f[1] > now}
        found = self._failures.get(job.key)
        return None if found is None else (found[0], found[1] - now)

    async def count(self, **amounts: float) -> None:
        for name, amount in amounts.items():
            setattr(self.stats, name, getattr(self.stats, name) + amount)

    async def wait(self, job: TileJob, timeout: float) -> None:
        if not self._in_flight(job.key, FULL, time.monotonic()):
            return
        ev = asyncio.Event()
        self._waiters.setdefault(job.key, set()).add(ev)
        try:
            await asyncio.wait_for(ev.wait(), timeout)
        except TimeoutError:
            self._waiters.get(job.key, set()).discard(ev)

    def queue_depth(self) -> int:
        return len(self._queues[FULL])

    async def snapshot(self) -> JobStats:
        self.stats.queue_depth = self.queue_depth()
        return self.stats


class EmbeddedJobs(JobEngine):
    """The lifecycle in this process: `threads` workers, each running one task at a time (a
    full tile's previews between its chunks on a second thread while the first waits)."""

    def __init__(self, store: Store, threads: int = 1, rules: Rules | None = None, **fields: Any):
        """`rules` (default: a queue limit of 64), with any of its `fields` replaced."""
        rules = replace(rules or Rules(queue_limit=64), **fields)
        self.memory = MemoryBoard(rules, threads)
        super().__init__(self.memory, rules)
        self._closing = False
        self._pool = DaemonThreads(2 * threads, "trainscape-compute")
        self.runner = Runner(self.memory, store, rules, log, self._pool, lambda: self._closing)
        self._n = threads
        self._slots: list[asyncio.Task] = []
        _ENGINES.add(self)

    @property
    def stats(self) -> JobStats:
        """The engine's counters, live (`running`: tasks computing now)."""
        self.memory.stats.running = self.runner.running
        return self.memory.stats

    async def snapshot(self) -> JobStats:
        await self.memory.snapshot()
        return self.stats

    def queue_depth(self) -> int:
        return self.memory.queue_depth()

    async def submit(self, job: TileJob, priority: Priority | None = None) -> None:
        if not self._slots and not self._closing:
            self._slots = [asyncio.create_task(self._slot()) for _ in range(self._n)]
        await super().submit(job, priority)

    async def _slot(self) -> None:
        while not self._closing:
            task = await self.memory.pop()
            if self._closing:
                return
            await self.runner.run(task)

    async def close(self) -> None:
        self.shutdown(timeout=0.0)
        await self.memory.close()
        for slot in self._slots:
            slot.cancel()

    def shutdown(self, timeout: float) -> None:
        """Stop taking tasks; wait up to `timeout` s for running ones to return."""
        self._closing = True
        self._pool.join(timeout)


class DaemonThreads(Executor):
    """An executor of up to `size` daemon threads (an XLA computation must not keep the
    interpreter alive; `_join_at_exit` lets it stop between two chunks instead)."""

    def __init__(self, size: int, name: str):
        self._size, self._name = size, name
        self._work: queue.SimpleQueue[tuple[Future, Callable[[], Any]]] = queue.SimpleQueue()
        self._threads = 0
        self._pending: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs) -> Future:  # type: ignore[override]
        future: Future = Future()
        with self._lock:
            self._pending.add(future)
            if len(self._pending) > self._threads and self._threads < self._size:
                name = f"{self._name}-{self._threads}"
                self._threads += 1
                threading.Thread(target=self._loop, name=name, daemon=True).start()
        future.add_done_callback(self._forget)
        self._work.put((future, lambda: fn(*args, **kwargs)))
        return future

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def _loop(self) -> None:
        while True:
            future, call = self._work.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as exc:  # noqa: BLE001 — handed to the awaiting task
                future.set_exception(exc)

    def join(self, timeout: float) -> None:
        """Wait up to `timeout` s for the calls submitted so far to return."""
        with self._lock:
            pending = list(self._pending)
        wait(pending, timeout)

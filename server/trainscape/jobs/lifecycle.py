"""The job lifecycle, written once for both transports (in-process, Redis).

A request `submit`s a job: it is marked wanted, its tasks (a tile's preview, then its full
tile) are queued once however many ask, a queued task is raised to the newest view that wants
it, and a job that failed within the backoff answers its error instead. A worker `Runner` runs
what it pops: a task nobody wants any more is dropped, a complete one skipped, any other
computed; between two chunks a running task stops if it is no longer wanted (abandoned, nothing
kept) and a full tile runs the previews queued meanwhile, so a new view's previews wait for a
chunk, not for a whole tile. A `Board` is where a transport keeps this state.
docs/engine.md ("Jobs") has the whole protocol.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

from trainscape.cache.store import Store
from trainscape.compute.between import between_chunks
from trainscape.jobs.model import (
    FAILURE_BACKOFF_S,
    FULL,
    PREVIEW,
    Abandoned,
    Priority,
    QueueFull,
    Shutdown,
    Task,
    TileJob,
    failed,
    failure_text,
)
from trainscape.jobs.payloads import compute_task, stored_keys
from trainscape.jobs.stats import JobStats
from trainscape.tiles import TILE_SIZE


@dataclass(frozen=True)
class Rules:
    """The lifecycle's settings, the same in every process of a deployment."""

    preview_size: int = 64  # 0: no previews
    stale_s: float = 10.0  # a job nobody asked for in this long is dropped or abandoned
    failure_backoff_s: float = FAILURE_BACKOFF_S
    queue_limit: int = 256  # full tiles queued before a new one is refused
    wanted_poll_s: float = 0.25  # a running task checks it is still wanted this often
    previews_poll_s: float = 0.25  # a full tile looks for queued previews this often

    @property
    def previews(self) -> bool:
        return 0 < self.preview_size < TILE_SIZE


@dataclass(frozen=True)
class CheckIn:
    """A board's answer to a request, after marking its job wanted (one round trip)."""

    failure: tuple[str, float] | None  # (error, seconds until it may run again)
    full_in_flight: bool  # the full task is queued or running
    preview_in_flight: bool  # the preview task is queued, running or done recently
    queue_depth: int  # full tasks queued


class Board(Protocol):
    """Where a transport keeps the lifecycle's state: queues, markers, wants, failures, counts."""

    async def check_in(self, job: TileJob, priority: Priority) -> CheckIn: ...
    async def enqueue(self, task: Task, priority: Priority) -> bool: ...
    async def wanted(self, job: TileJob) -> bool: ...
    async def abandon(self, task: Task) -> bool: ...
    async def take_preview(self) -> Task | None: ...
    def running(self, task: Task) -> AbstractAsyncContextManager[None]: ...
    async def finish(self, task: Task, done: bool) -> None: ...
    async def fail(self, job: TileJob, text: str, backoff_s: float) -> None: ...
    async def failure(self, job: TileJob) -> tuple[str, float] | None: ...
    async def count(self, **amounts: float) -> None: ...
    async def wait(self, job: TileJob, timeout: float) -> None: ...
    async def snapshot(self) -> JobStats: ...
    async def start(self) -> None: ...
    async def close(self) -> None: ...


class JobEngine:
    """What the API talks to: submit, wait, snapshot; the same over every board."""

    def __init__(self, board: Board, rules: Rules):
        self.board, self.rules = board, rules

    async def start(self) -> None:
        await self.board.start()

    async def close(self) -> None:
        await self.board.close()

    async def submit(self, job: TileJob, priority: Priority | None = None) -> None:
        """Queue `job`'s tasks unless they are in flight, or raise the error of a failure
        within the backoff, or QueueFull; either way mark it wanted now, at `priority` if that
        runs sooner than its queued tasks' (default: a view of its own, now)."""
        state = await self.board.check_in(job, priority or Priority(time.monotonic()))
        if state.failure is not None:
            raise failed(*state.failure)
        previews = self.rules.previews
        if state.full_in_flight and (state.preview_in_flight or not previews):
            return
        if not state.full_in_flight and state.queue_depth >= self.rules.queue_limit:
            raise QueueFull(f"{self.rules.queue_limit} tiles are waiting; try again shortly", 2)
        priority = priority or Priority(time.monotonic())
        if previews and not state.preview_in_flight:
            await self.board.enqueue(Task(job, PREVIEW), priority)
        if not state.full_in_flight and await self.board.enqueue(Task(job, FULL), priority):
            await self.board.count(enqueued=1)

    async def wait(self, job: TileJob, timeout: float) -> None:
        """Return when `job`'s full task ended or after `timeout` s; raise its error if it
        failed (ComputeFailed, with the time until it is retried)."""
        await self.board.wait(job, max(timeout, 0.0))
        failure = await self.board.failure(job)
        if failure is not None:
            raise failed(*failure)

    async def snapshot(self) -> JobStats:
        return await self.board.snapshot()


class Runner:
    """Runs popped tasks for one worker: drop, skip or compute, and settle each on the board.

    Computations run on `executor` (None: the loop's default), never on the event loop; `log`
    gets one line per task saying how it ended."""

    def __init__(
        self,
        board: Board,
        store: Store,
        rules: Rules,
        log: logging.Logger,
        executor: Executor | None = None,
        closing: Callable[[], bool] = lambda: False,
    ):
        self.board, self.store, self.rules, self.log = board, store, rules, log
        self.executor, self.closing = executor, closing
        self.running = 0  # tasks computing now (this runner's own gauge)

    async def run(self, task: Task) -> None:
        done = False
        try:
            if not await self.board.wanted(task.job):
                self.log.info("%s: dropped unstarted, nobody asked for it any more", task.name)
                if not task.preview:
                    await self.board.count(dropped=1)
            elif await self._complete(task):
                self.log.info("%s: already stored, skipped", task.name)
                done = True
            else:
                done = await self._compute(task)
        finally:
            await self.board.finish(task, done)

    async def _complete(self, task: Task) -> bool:
        """Whether everything `task` would store is stored (a preview: or its full tile)."""
        keys = stored_keys(task)
        if task.preview and all([await self.store.exists(k) for k in keys]):
            return True
        full = stored_keys(Task(task.job, FULL))
        return all([await self.store.exists(k) for k in full])

    async def _compute(self, task: Task) -> bool:
        """Compute and store `task`; False if it was abandoned, shut down or failed."""
        loop = asyncio.get_running_loop()
        check = _Between(self, task, loop)
        self.running += 1
        t0 = time.perf_counter()
        try:
            async with self.board.running(task):
                await loop.run_in_executor(self.executor, self._work, task, check, loop)
        except Abandoned:
            return await self._ended(task, "abandoned", time.perf_counter() - t0)
        except Shutdown:
            return False
        except Exception as exc:
            return await self._failed(task, exc, time.perf_counter() - t0)
        finally:
            self.running -= 1
        seconds = time.perf_counter() - t0
        self.log.info("%s: computed in %.2f s", task.name, seconds)
        await self.board.count(compute_seconds=seconds, **({} if task.preview else {"computed": 1}))
        return True

    def _work(self, task: Task, check: _Between, loop: asyncio.AbstractEventLoop) -> None:
        """The computation, on a compute thread: payloads go to the store on the loop."""

        def emit(key: str, value: bytes) -> None:
            if self.closing():
                raise Shutdown
            asyncio.run_coroutine_threadsafe(self.store.set(key, value), loop).result()

        with between_chunks(check):
            compute_task(task, emit, self.rules.preview_size)

    async def _ended(self, task: Task, how: str, seconds: float) -> bool:
        counted = " (not counted: its full tile is counted as dropped)" if task.preview else ""
        self.log.info(
            "%s: %s after %.2f s, nobody asked for it any more%s", task.name, how, seconds, counted
        )
        await self.board.count(compute_seconds=seconds, **({} if task.preview else {how: 1}))
        return False

    async def _failed(self, task: Task, exc: Exception, seconds: float) -> bool:
        text = failure_text(exc)
        self.log.error(
            "%s: failed after %.2f s: %s (%s)", task.name, seconds, text, task.job.key, exc_info=exc
        )
        if self.rules.failure_backoff_s > 0:
            await self.board.fail(task.job, text, self.rules.failure_backoff_s)
        await self.board.count(failed=1, compute_seconds=seconds)
        return False

    async def previews(self) -> None:
        """Run every queued preview (between two chunks of a full tile). Whatever goes wrong
        here is logged and leaves the full tile computing."""
        try:
            while (task := await self.board.take_preview()) is not None:
                await self.run(task)
        except Exception as exc:  # noqa: BLE001 — the full tile goes on
            self.log.warning("previews between chunks stopped: %s", failure_text(exc))


class _Between:
    """Called on the compute thread after each chunk: stop on shutdown or when nobody wants
    the task any more; a full tile runs the queued previews (each on the loop, while this
    thread waits), at most every `previews_poll_s`."""

    def __init__(self, runner: Runner, task: Task, loop: asyncio.AbstractEventLoop):
        self.runner, self.task, self.loop = runner, task, loop
        now = time.monotonic()
        self.next_wanted = now + runner.rules.wanted_poll_s
        self.next_previews = now + runner.rules.previews_poll_s

    def __call__(self) -> None:
        runner, now = self.runner, time.monotonic()
        if runner.closing():
            raise Shutdown
        if now >= self.next_wanted:
            if self._on_loop(runner.board.abandon(self.task)):
                raise Abandoned
            self.next_wanted = now + runner.rules.wanted_poll_s
        if not self.task.preview and now >= self.next_previews:
            self._on_loop(runner.previews())
            self.next_previews = time.monotonic() + runner.rules.previews_poll_s

    def _on_loop(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

"""One harness over both transports of the job lifecycle, so each behaviour is tested once and
run against both: `embedded` (the in-process engine) and `redis` (a real redis-server, the API's
engine, and a worker's real taskiq receive loop in this process, as `trainscape worker` runs)."""

from __future__ import annotations

import asyncio
import inspect
import io
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest

from trainscape.cache.memory import MemoryStore
from trainscape.cache.redis_store import RedisStore, connect
from trainscape.cache.store import Store
from trainscape.jobs import JobEngine, Rules
from trainscape.jobs.embedded import EmbeddedJobs
from trainscape.jobs.lifecycle import Runner
from trainscape.jobs.model import TileJob
from trainscape.jobs.redis import make_broker, receive, redis_engine, runner
from trainscape.jobs.stats import JobStats


class Recording:
    """A real store that also remembers the order keys were written in."""

    def __init__(self, store: Store):
        self.inner = store
        self.written: list[str] = []

    async def get(self, key: str) -> bytes | None:
        return await self.inner.get(key)

    async def set(self, key: str, value: bytes) -> None:
        await self.inner.set(key, value)
        self.written.append(key)

    async def exists(self, key: str) -> bool:
        return await self.inner.exists(key)

    async def close(self) -> None:
        await self.inner.close()


@dataclass
class Harness:
    """An engine (what the API submits to) and the runner that computes its tasks."""

    transport: str
    jobs: JobEngine
    runner: Runner
    store: Recording

    @property
    def logger(self) -> str:
        return "trainscape.jobs" if self.transport == "embedded" else "trainscape.worker"

    async def stats(self) -> JobStats:
        return await self.jobs.snapshot()

    async def until(self, predicate: Callable[[JobStats], bool], timeout: float, what: str):
        """Wait until the engine's counters satisfy `predicate`."""
        deadline = time.monotonic() + timeout
        while not predicate(s := await self.stats()):
            assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
            await asyncio.sleep(0.02)
        return s

    async def running(self, timeout: float = 60) -> None:
        await until(lambda: self.runner.running > 0, timeout, "a task to start computing")

    async def keep_wanting(self, job: TileJob, timeout: float) -> bytes:
        """Ask for `job` every 0.1 s, as a waiting client does, until its tile is stored."""
        deadline = time.monotonic() + timeout
        while (body := await self.store.get(job.payload_key())) is None:
            assert time.monotonic() < deadline, f"{job} not computed within {timeout} s"
            await self.jobs.submit(job)
            await self.jobs.wait(job, 0.1)
        return body


async def until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        await asyncio.sleep(0.02)


@pytest.fixture(params=["embedded", "redis"])
def harness(request) -> Callable:
    """`async with harness(preview_size=..., stale_s=..., ...) as h:` over each transport."""
    transport = request.param
    url = request.getfixturevalue("redis_url") if transport == "redis" else None

    @asynccontextmanager
    async def make(store: Store | None = None, **rules) -> AsyncIterator[Harness]:
        rules = {"preview_size": 0, "stale_s": 300.0, "queue_limit": 16, **rules}
        if url is None:
            inner = store or MemoryStore(max_bytes=256 * 2**20)
            recording = Recording(inner)
            jobs = EmbeddedJobs(recording, threads=1, **rules)
            try:
                yield Harness(transport, jobs, jobs.runner, recording)
            finally:
                await jobs.close()
            return
        client = connect(url)
        recording = Recording(store or RedisStore(client, 0))
        r = Rules(**rules)
        jobs = redis_engine(client, make_broker(url, "trainscape:jobs"), r)
        await jobs.start()
        worker_broker = make_broker(url, "trainscape:jobs")
        closing = False
        run = runner(
            client, worker_broker, recording, r, worker_id="test-worker", closing=lambda: closing
        )
        worker = asyncio.create_task(receive(worker_broker, run))
        try:
            yield Harness(transport, jobs, run, recording)
        finally:
            closing = True  # a computation in progress stops at its next chunk
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            await worker_broker.shutdown()
            await jobs.close()
            await client.aclose()

    return make


#: No lifecycle test takes a minute alone; past this one fails, showing where each task waits.
TEST_TIMEOUT_S = 240


async def _bounded(coro) -> None:
    task = asyncio.ensure_future(coro)
    done, _ = await asyncio.wait({task}, timeout=TEST_TIMEOUT_S)
    if task in done:
        return task.result()
    stacks = io.StringIO()
    for t in asyncio.all_tasks():
        if t is not asyncio.current_task():
            t.print_stack(file=stacks)
    task.cancel()
    pytest.fail(f"still running after {TEST_TIMEOUT_S} s; tasks:\n{stacks.getvalue()}")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests here on a fresh event loop (no plugin needed for that), bounded by
    TEST_TIMEOUT_S so that a hang is a failure that says where it hung."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(_bounded(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names})))
        return True
    return None

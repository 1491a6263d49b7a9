"""The Redis queue's compute order, on a real redis-server: what a worker's pop yields, in order."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from trainscape.experiments.presets import resolve
from trainscape.jobs import JobEngine, Priority, Rules, TileJob
from trainscape.jobs.model import Task
from trainscape.jobs.redis import redis_engine
from trainscape.jobs.redis.queue import WallClock, make_broker

E = resolve("tanh-quick@5")


def _job(x: int) -> TileJob:
    return TileJob(E, 3, x, 0, "measure")


async def _popped(jobs: JobEngine, n: int) -> list[tuple[str, int]]:
    """The next `n` jobs a worker would get: ("preview" or "full", tile x)."""
    broker = jobs.board.broker
    out: list[tuple[str, int]] = []
    stream = broker.listen()
    while len(out) < n:
        raw = await asyncio.wait_for(anext(stream), 5)
        data = broker.formatter.loads(raw).args[0]
        task = Task.from_dict(data)
        out.append((task.phase, task.job.x))
    await stream.aclose()
    return out


def _run(redis_url: str, body) -> list[tuple[str, int]]:
    async def main():
        client = Redis.from_url(redis_url)
        jobs = redis_engine(client, make_broker(redis_url, "q"), Rules(stale_s=60))
        await jobs.board.broker.startup()
        try:
            return await body(jobs)
        finally:
            await jobs.board.broker.shutdown()
            await client.aclose()

    return asyncio.run(main())


def test_previews_first_then_the_newest_view_then_the_lowest_rank(redis_url):
    async def body(jobs: JobEngine):
        old, new = Priority(100.0), Priority(200.0)
        for x, rank in [(0, 5), (1, 0)]:  # the old view: tile 1 is its centre
            await jobs.submit(_job(x), Priority(old.view, rank))
        for x, rank in [(2, 9), (3, 2), (4, 4)]:
            await jobs.submit(_job(x), Priority(new.view, rank))
        return await _popped(jobs, 10)

    order = _run(redis_url, body)
    tiles = [3, 4, 2, 1, 0]  # new view by rank, then the old view by rank
    assert order == [("preview", x) for x in tiles] + [("full", x) for x in tiles]


def test_a_queued_tile_asked_for_from_a_newer_view_moves_up_and_never_down(redis_url):
    async def body(jobs: JobEngine):
        await jobs.submit(_job(0), Priority(100.0, 0))
        await jobs.submit(_job(1), Priority(150.0, 0))
        await jobs.submit(_job(0), Priority(200.0, 3))  # still in view after a pan: raised
        await jobs.submit(_job(1), Priority(50.0, 0))  # an older view: keeps its place
        return await _popped(jobs, 4)

    assert _run(redis_url, body) == [("preview", 0), ("preview", 1), ("full", 0), ("full", 1)]


def test_a_job_is_queued_once_however_often_it_is_asked_for(redis_url):
    async def body(jobs: JobEngine):
        for _ in range(3):
            await jobs.submit(_job(7), Priority(100.0, 0))
        board = jobs.board
        return [
            await board.client.zcard(board.preview_set),
            await board.client.zcard(board.full_set),
        ]

    assert _run(redis_url, body) == [1, 1]


def test_scores_order_views_by_wall_time_then_rank_and_are_exact():
    clock = WallClock()
    a = clock.score(Priority(10.0, 0))
    assert clock.score(Priority(10.0, 1)) == a - 1
    assert clock.score(Priority(10.0, 1_000_000)) < clock.score(Priority(10.0, 999_999))
    assert clock.score(Priority(10.1, 1_000_000)) > a  # a newer view beats any rank
    assert clock.score(Priority(10.0, -4)) == a  # out-of-range ranks are clamped
    assert a == int(a) and abs(a) < 2**53
    other = WallClock()  # another process: the same instant scores the same (to 0.1 s)
    now = clock.offset - other.offset
    assert abs(other.score(Priority(10.0 + now, 0)) - a) <= 1 << 20

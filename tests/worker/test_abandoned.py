"""A worker abandons a running job nobody asks for any more (its `wanted` key expired), between
two chunks, leaving no marker or error behind: the next tile runs at once, and the abandoned one
asked for again is computed whole. Real redis-server, real worker and API processes."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import time

import httpx
import numpy as np
import pytest
import redis
from tests.conftest import fetch_final, metric, wait_until

from trainscape.cache.keys import (
    STATS_KEY,
    done_channel,
    failed_key,
    inflight_key,
    preview_job,
    tile_key,
    wanted_key,
)
from trainscape.cache.redis_store import RedisStore, connect
from trainscape.compute import compute_tile
from trainscape.experiments.presets import resolve
from trainscape.jobs.model import TileJob, kind
from trainscape.jobs.redis_jobs import PHASE, PREVIEW
from trainscape.worker.tasks import WorkerContext, run_tile

#: Tile 0/0/0: 256 chunks of ~0.2 s, ~50 s in all on one CPU core (its preview: 16 chunks).
LONG = TileJob(resolve("tanh-quick@1000"), 0, 0, 0, "measure")
NAME = "tanh-quick@1000 measure 0/0/0"
WANTED_S = 1.5  # the API's stale time after the one request for LONG
#: The preview is 16 times less work (~1.4 s on an idle machine): it must stop being wanted
#: well before it could end.
PREVIEW_WANTED_S = 0.3


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO, logger="trainscape.worker")
    return caplog


def _run_unwanted(url: str, preview: bool, wanted_s: float = WANTED_S) -> float:
    """Run LONG's job (its preview, or its full tile) asked for once, `wanted_s` before its
    `wanted` key expires, as a worker pops it; seconds until run_tile returned."""

    async def scenario() -> float:
        client = connect(url)
        ctx = WorkerContext(client, RedisStore(client, 0), "test-worker", 15.0, 64, 30)
        ctx.wanted_poll_s = 0.1
        await client.set(wanted_key(LONG.key), b"1", px=int(wanted_s * 1000))
        t0 = time.monotonic()
        try:
            await run_tile(ctx, {**LONG.to_dict(), **({PHASE: PREVIEW} if preview else {})})
            return time.monotonic() - t0
        finally:
            await client.aclose()

    return asyncio.run(scenario())


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "trainscape.worker"]


def test_a_full_tile_nobody_wants_any_more_stops_and_leaves_nothing_behind(redis_url, logs):
    r = redis.Redis.from_url(redis_url)
    done = r.pubsub()
    done.subscribe(done_channel(LONG.key))
    seconds = _run_unwanted(redis_url, preview=False)
    assert seconds < WANTED_S + 4, f"took {seconds:.1f} s (chunks take ~0.2 s, the tile ~50 s)"
    [line] = _lines(logs)
    pattern = rf"{NAME} full: abandoned after \d+\.\d\d s, nobody asked for it any more"
    assert re.fullmatch(pattern, line), line
    e = LONG.experiment
    assert not r.exists(tile_key(e, 0, 0, 0, kind(e, "measure")))  # nothing partial stored
    assert not r.exists(inflight_key(LONG.key)) and not r.exists(failed_key(LONG.key))
    stats = r.hgetall(STATS_KEY)
    assert stats.get(b"abandoned") == b"1" and b"computed" not in stats, stats
    assert b"failed" not in stats, stats
    messages = [done.get_message(timeout=1) for _ in range(2)]  # subscribe, then "done"
    assert [m and m["type"] for m in messages] == ["subscribe", "message"], messages


def test_an_unwanted_preview_stops_too_and_is_not_marked_done(redis_url, logs):
    r = redis.Redis.from_url(redis_url)
    seconds = _run_unwanted(redis_url, preview=True, wanted_s=PREVIEW_WANTED_S)
    assert seconds < PREVIEW_WANTED_S + 3, f"took {seconds:.1f} s"
    assert [re.sub(r"\d+\.\d\d", "T", x) for x in _lines(logs)] == [
        f"{NAME} preview: abandoned after T s, nobody asked for it any more"
        " (not counted: its full tile is counted as dropped)"
    ]
    e = LONG.experiment
    assert not r.exists(tile_key(e, 0, 0, 0, kind(e, "measure", None, True)))
    assert not r.exists(inflight_key(preview_job(LONG.key)))  # a new request queues it again
    assert r.hget(STATS_KEY, "abandoned") is None  # tiles are counted by their full job


def test_an_abandoned_tile_frees_the_worker_and_is_computed_whole_when_asked_again(
    procs, redis_url
):
    settings = dict(redis_url=redis_url, preview_size="0")
    api = procs("serve", tile_wait_s="0", retry_after_s="1", poll_s="0.1", stale_s="3", **settings)
    worker = procs("worker", **settings)
    api.wait_healthy()
    wait_until(lambda: "listening on" in worker.output(), 60, "the worker to listen")
    client = httpx.Client(base_url=api.url)
    medium = "/api/experiments/tanh-quick@300/tiles/0/0/0.npy"  # ~11 s on one CPU core
    assert client.get(medium).status_code == 503  # asked once, then the user went elsewhere
    r = redis.Redis.from_url(redis_url)
    running = re.compile(r"full: (abandoned|computed) ")
    wait_until(lambda: running.search(worker.output()), 60, "the tile to end", 0.1)
    assert "tanh-quick@300 measure 0/0/0 full: abandoned after" in worker.output()

    t0 = time.monotonic()
    fetch_final(client, "/api/experiments/tanh-quick@7/tiles/0/0/0.npy", timeout=60)
    assert time.monotonic() - t0 < 15  # the worker is free: not behind the abandoned tile

    tile = np.load(io.BytesIO(fetch_final(client, medium, timeout=300).content))
    expected = compute_tile(resolve("tanh-quick@300"), 0, 0, 0)
    np.testing.assert_array_equal(tile, expected.astype(tile.dtype))
    assert worker.output().count("abandoned after") == 1  # wanted all along the second time
    assert r.hget(STATS_KEY, "abandoned") == b"1" and r.hget(STATS_KEY, "computed") == b"2"
    assert metric(client, "trainscape_tile_jobs_abandoned_total") == 1  # and /metrics says so

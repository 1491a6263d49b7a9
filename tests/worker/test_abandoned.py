"""End to end, real processes: a worker abandons a tile nobody asks for any more, is free for
the next one at once, and computes the abandoned one whole when it is asked for again (the
lifecycle itself is tested over both transports in tests/jobs/test_lifecycle.py)."""

from __future__ import annotations

import io
import re
import time

import httpx
import numpy as np
import redis
from tests.conftest import fetch_final, metric, wait_until

from trainscape.cache.keys import STATS_KEY
from trainscape.compute import compute_tile
from trainscape.experiments.presets import resolve


def test_an_abandoned_tile_frees_the_worker_and_is_computed_whole_when_asked_again(
    procs, redis_url
):
    settings = dict(redis_url=redis_url, preview_size="0")
    api = procs("serve", tile_wait_s="0", retry_after_s="1", poll_s="0.1", stale_s="3", **settings)
    worker = procs("worker", **settings)
    api.wait_healthy()
    wait_until(lambda: "listening on" in worker.output(), 60, "the worker to listen")
    client = httpx.Client(base_url=api.url)
    medium = "/api/experiments/tanh-quick@100/tiles/0/0/0.npy"  # ~4 s on one CPU core
    assert client.get(medium).status_code == 503  # asked once, then the user went elsewhere
    r = redis.Redis.from_url(redis_url)
    running = re.compile(r"full: (abandoned|computed) ")
    wait_until(lambda: running.search(worker.output()), 60, "the tile to end", 0.1)
    assert "tanh-quick measure 0/0/0 full: abandoned after" in worker.output()

    t0 = time.monotonic()
    fetch_final(client, "/api/experiments/tanh-quick@7/tiles/0/0/0.npy", timeout=60)
    assert time.monotonic() - t0 < 15  # the worker is free: not behind the abandoned tile

    tile = np.load(io.BytesIO(fetch_final(client, medium, timeout=300).content))
    expected = compute_tile(resolve("tanh-quick@100"), 0, 0, 0)
    np.testing.assert_array_equal(tile, expected.astype(tile.dtype))
    assert worker.output().count("abandoned after") == 1  # wanted all along the second time
    assert r.hget(STATS_KEY, "abandoned") == b"1" and r.hget(STATS_KEY, "computed") == b"2"
    assert metric(client, "trainscape_tile_jobs_abandoned_total") == 1  # and /metrics says so

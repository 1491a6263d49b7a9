"""Redis mode with real processes: two API servers, taskiq workers, a real redis-server."""

from __future__ import annotations

import io
import signal
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import redis
from tests.conftest import QUICK, fetch_final, metric, wait_until

BASE = f"/api/experiments/{QUICK}"


def _api(procs, redis_url):
    return procs("serve", redis_url=redis_url, tile_wait_s="0.5", poll_s="0.1", job_lease_s="2")


def _worker(procs, redis_url):
    return procs("worker", redis_url=redis_url, job_lease_s="2")


def _workers_seen(api, n: int) -> None:
    wait_until(
        lambda: httpx.get(api.url + "/healthz").json().get("workers", 0) >= n,
        60,
        f"{n} worker(s) in /healthz",
        0.2,
    )


def test_one_computation_across_api_processes_and_workers(procs, redis_url):
    apis = [_api(procs, redis_url), _api(procs, redis_url)]
    _worker(procs, redis_url)
    _worker(procs, redis_url)
    for a in apis:
        a.wait_healthy()
    _workers_seen(apis[0], 2)
    url = f"{BASE}/tiles/2/1/2.npy"
    clients = [httpx.Client(base_url=a.url) for a in apis]
    with ThreadPoolExecutor(10) as pool:
        bodies = list(pool.map(lambda i: fetch_final(clients[i % 2], url).content, range(10)))
    assert len(set(bodies)) == 1
    assert np.load(io.BytesIO(bodies[0])).shape == (256, 256)
    assert metric(clients[0], "trainscape_tiles_computed_total") == 1
    assert metric(clients[1], "trainscape_tile_jobs_enqueued_total") == 1


def test_tile_is_delivered_after_its_worker_is_killed_mid_job(procs, redis_url):
    api = _api(procs, redis_url)
    first = _worker(procs, redis_url)
    api.wait_healthy()
    _workers_seen(api, 1)
    client = httpx.Client(base_url=api.url)
    url = f"{BASE}/tiles/2/2/1.npy"
    assert client.get(url).status_code in (200, 503)
    r = redis.Redis.from_url(redis_url)

    def running() -> bool:
        return any(
            (r.get(k) or b"").startswith(b"running:")
            for k in r.scan_iter(match="trainscape:job:*:inflight")
        )

    wait_until(running, 60, "the worker to start the job", 0.05)
    first.kill(signal.SIGKILL)
    assert metric(client, "trainscape_tiles_computed_total") == 0
    _worker(procs, redis_url)
    tile = np.load(io.BytesIO(fetch_final(client, url, timeout=120).content))
    assert tile.shape == (256, 256) and np.isfinite(tile).all()
    assert metric(client, "trainscape_tiles_computed_total") == 1


def test_api_and_worker_recover_after_a_redis_restart(procs, redis_url, redis_server):
    api = _api(procs, redis_url)
    _worker(procs, redis_url)
    api.wait_healthy()
    client = httpx.Client(base_url=api.url)
    fetch_final(client, f"{BASE}/tiles/1/1/1.npy", timeout=120)
    redis_server.restart()
    after = fetch_final(client, f"{BASE}/tiles/1/1/0.npy", timeout=120)
    assert np.load(io.BytesIO(after.content)).shape == (256, 256)
    wait_until(lambda: client.get("/healthz").status_code == 200, 30, "healthz to recover")
    assert client.get("/healthz").json()["redis"] is True


def test_queue_limit_answers_503_with_retry_after(procs, redis_url):
    api = procs("serve", redis_url=redis_url, tile_wait_s="0", queue_limit="1")
    api.wait_healthy()  # no worker: jobs stay queued
    client = httpx.Client(base_url=api.url)
    first = client.get(f"{BASE}/tiles/3/0/0.npy")
    assert first.status_code == 503 and "computed" in first.json()["detail"]
    again = client.get(f"{BASE}/tiles/3/0/0.npy")  # already queued: not refused
    assert "computed" in again.json()["detail"]
    full = client.get(f"{BASE}/tiles/3/0/1.npy")
    assert full.status_code == 503 and "waiting" in full.json()["detail"]
    assert int(full.headers["retry-after"]) >= 1 and full.headers["cache-control"] == "no-store"
    assert metric(client, "trainscape_queue_depth") == 1

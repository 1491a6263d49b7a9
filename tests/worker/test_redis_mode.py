"""Redis mode with real processes: two API servers, taskiq workers, a real redis-server."""

from __future__ import annotations

import io
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import redis
from tests.conftest import QUICK, RedisServer, fetch_final, free_port, metric, wait_until

from trainscape.cache.keys import tile_key
from trainscape.experiments.presets import resolve
from trainscape.jobs.redis.queue import POP_TIMEOUT_S, SOCKET_TIMEOUT_S

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


def _computed(client, n: int) -> None:
    """The cluster's computed-tiles total reaches n, and stays there a moment."""
    wait_until(lambda: metric(client, "trainscape_tiles_computed_total") >= n, 30, f"{n} computed")
    time.sleep(0.5)
    assert metric(client, "trainscape_tiles_computed_total") == n


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
    _computed(clients[0], 1)  # the worker counts a tile just after storing it
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
    _computed(client, 1)


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
    warnings = client.get("/healthz").json()["warnings"]
    assert any("no worker is running: 1 queued" in w for w in warnings), warnings


def test_a_failing_tile_reports_its_error_and_is_not_recomputed_within_the_backoff(
    procs, redis_url
):
    # a real fault: the tile-cache Redis is full (noeviction), so the worker cannot store tiles
    full = RedisServer(
        free_port(), config=("--maxmemory", "1mb", "--maxmemory-policy", "noeviction")
    )
    full.start()
    try:
        settings = dict(redis_url=redis_url, cache_redis_url=full.url, failure_backoff_s="120")
        api = procs("serve", tile_wait_s="1", poll_s="0.1", preview_size="0", **settings)
        procs("worker", preview_size="0", **settings)
        api.wait_healthy()
        _workers_seen(api, 1)
        client = httpx.Client(base_url=api.url)
        url = f"{BASE}/tiles/1/0/0.npy"
        first = wait_until(
            lambda: (r := client.get(url)).status_code == 503 and "failed" in r.text and r,
            90,
            "the job to fail",
        )
        detail = first.json()["detail"]
        assert "maxmemory" in detail and "retried in" in detail
        assert 1 <= int(first.headers["retry-after"]) <= 120
        for _ in range(3):  # within the backoff: the same error at once, no new job
            again = client.get(url)
            assert again.status_code == 503 and again.json()["detail"].startswith(
                "computing this tile failed"
            )
        assert metric(client, "trainscape_tile_jobs_failed_total") == 1
        assert metric(client, "trainscape_tile_jobs_enqueued_total") == 1
        client.get(f"{BASE}/tiles/1/1/0.npy")  # another tile is not blocked by the failure
        assert metric(client, "trainscape_tile_jobs_enqueued_total") == 2
    finally:
        full.stop()


def test_healthz_warns_when_workers_and_api_compute_with_different_numerics(procs, redis_url):
    api = _api(procs, redis_url)
    _worker(procs, redis_url)
    api.wait_healthy()
    _workers_seen(api, 1)
    health = httpx.get(api.url + "/healthz").json()
    assert health["worker_numerics"] == [health["numerics"]] == ["cpu"]
    assert health["warnings"] == []
    procs("worker", redis_url=redis_url, chunk="64")  # TRAINSCAPE_CHUNK=64: other last bits
    _workers_seen(api, 2)
    health = wait_until(
        lambda: (
            (h := httpx.get(api.url + "/healthz").json())["worker_numerics"]
            == [
                "cpu",
                "cpu, chunk 64",
            ]
            and h
        ),
        30,
        "the second worker's numerics",
    )
    assert health["status"] == "ok" and len(health["warnings"]) == 2
    assert "seams" in health["warnings"][0] and "last bits" in health["warnings"][1]


def test_an_idle_worker_stays_quiet(procs, redis_url):
    """No receiver restarts or tracebacks while the queue is empty (the blocking pop used to
    outlive redis-py's 5 s socket timeout)."""
    worker = _worker(procs, redis_url)
    wait_until(lambda: "listening on" in worker.output(), 60, "the worker to listen")
    time.sleep(SOCKET_TIMEOUT_S + 2 * POP_TIMEOUT_S)  # past the socket timeout, several pops
    assert worker.proc is not None and worker.proc.poll() is None, worker.output()
    out = worker.output()
    assert "Traceback" not in out and "Error" not in out, out
    assert out.count("Listening started") == 1, out
    worker.kill(signal.SIGTERM)
    assert worker.proc.returncode == 0
    assert "stopping on SIGTERM" in worker.output(), worker.output()


def test_posted_experiments_are_shared_and_limited_across_api_processes(procs, redis_url):
    apis = [procs("serve", redis_url=redis_url, max_experiments="2") for _ in range(2)]
    for a in apis:
        a.wait_healthy()
    one, two = (httpx.Client(base_url=a.url) for a in apis)
    first = one.post("/api/experiments", json={"width": 4, "steps": 7})
    assert first.status_code == 200, first.text
    cid = first.json()["id"]
    assert two.get(f"/api/experiments/{cid}").json()["config"]["steps"] == 7  # shared
    assert two.post("/api/experiments", json={"width": 4, "steps": 8}).status_code == 200
    full = one.post("/api/experiments", json={"width": 4, "steps": 9})
    assert full.status_code == 507 and "limit of 2" in full.json()["detail"]
    again = two.post("/api/experiments", json={"width": 4, "steps": 7})
    assert again.status_code == 200 and again.json()["id"] == cid


def test_a_queued_tile_nobody_asks_for_any_more_is_dropped_not_computed(procs, redis_url):
    api = procs("serve", redis_url=redis_url, tile_wait_s="0", retry_after_s="1", stale_s="3")
    api.wait_healthy()  # no worker yet: jobs stay queued
    client = httpx.Client(base_url=api.url)
    left, kept = f"{BASE}/tiles/3/0/0.npy", f"{BASE}/tiles/3/1/0.npy"
    assert client.get(left).status_code == 503  # asked once, then the user moved on
    deadline = time.monotonic() + 3.5
    while time.monotonic() < deadline:  # still looking at `kept`
        assert client.get(kept).status_code == 503
        time.sleep(0.3)
    _worker(procs, redis_url)
    fetch_final(client, kept)
    wait_until(lambda: metric(client, "trainscape_tile_jobs_dropped_total") == 1, 30, "a drop")
    _computed(client, 1)
    again = fetch_final(client, left)  # wanted again: queued again and computed
    assert np.load(io.BytesIO(again.content)).shape == (256, 256)
    _computed(client, 2)


def test_previews_of_every_queued_tile_come_before_any_full_tile(procs, redis_url):
    """A view's previews are all computed before the worker starts a full tile (the preview
    jobs have their own sorted set, popped first), and a re-ask doesn't queue a preview again."""
    eid = "tanh-quick@30"  # a full tile takes a second or two here, a preview a fraction of one
    e = resolve(eid)
    api = procs("serve", redis_url=redis_url, tile_wait_s="0", retry_after_s="1", stale_s="30")
    api.wait_healthy()  # no worker yet: jobs stay queued
    client = httpx.Client(base_url=api.url)
    tiles = [(2, 0, 0), (2, 1, 0), (2, 2, 0)]
    for z, x, y in tiles:
        assert client.get(f"/api/experiments/{eid}/tiles/{z}/{x}/{y}.npy").status_code == 503
    r = redis.Redis.from_url(redis_url)
    assert r.zcard("trainscape:jobs:full") == 3 and r.zcard("trainscape:jobs:preview") == 3
    _worker(procs, redis_url)

    def stored(kind: str) -> list[bool]:
        return [bool(r.exists(tile_key(e, z, x, y, kind))) for z, x, y in tiles]

    finals = wait_until(lambda: any(f := stored("measure")) and f, 120, "a full tile", 0.02)
    previews = stored("measure.preview")
    assert previews == [True] * 3, (previews, finals)  # read after: none may be missing
    assert r.zcard("trainscape:jobs:preview") == 0
    for z, x, y in tiles:  # re-asks: previews served, no preview job queued again
        answer = client.get(f"/api/experiments/{eid}/tiles/{z}/{x}/{y}.npy")
        assert answer.status_code == 200, answer.text
    assert r.zcard("trainscape:jobs:preview") == 0
    for z, x, y in tiles:
        fetch_final(client, f"/api/experiments/{eid}/tiles/{z}/{x}/{y}.npy", timeout=120)
    _computed(client, 3)


def test_loss_curves_are_computed_while_the_tile_cache_redis_is_down(procs, redis_url):
    """The API runs points itself: with its cache Redis unreachable a point is computed (and
    simply not cached), not refused."""
    cache = RedisServer(free_port())
    cache.start()
    try:
        api = procs("serve", redis_url=redis_url, cache_redis_url=cache.url).wait_healthy()
        client = httpx.Client(base_url=api.url, timeout=60)
        url = f"{BASE}/point?x=0.5&y=1.25"
        before = client.get(url)
        assert before.status_code == 200, before.text
        cache.stop()
        during = client.get(url.replace("1.25", "1.5"))
        assert during.status_code == 200, during.text
        assert len(during.json()["losses"]) == len(before.json()["losses"])
        assert during.json()["y"]["log10"] == "1.5"
    finally:
        cache.stop()

"""A worker logs one line per job: which experiment, layer, z/x/y, preview or full, and how it
ended (computed in how long, failed with what, dropped, already stored); real redis-server."""

from __future__ import annotations

import asyncio
import logging
import re

import httpx
import pytest
from tests.conftest import QUICK, RedisServer, fetch_final, free_port, wait_until

from trainscape.cache.keys import wanted_key
from trainscape.cache.redis_store import RedisStore, connect
from trainscape.experiments import Experiment
from trainscape.experiments.presets import experiment_id, resolve
from trainscape.jobs import Rules
from trainscape.jobs.model import Task, TileJob
from trainscape.jobs.redis import make_broker, runner

JOB = TileJob(resolve(QUICK), 1, 0, 1, "measure")
NAME = "tanh-quick@5 measure 1/0/1"


def _run(url: str, phases: list[str], cache_url: str | None = None, wanted: bool = True) -> None:
    """Run JOB's `phases` ('preview', 'full') one after another, as a worker pops them."""

    async def scenario() -> None:
        client = connect(url)
        cache = connect(cache_url) if cache_url else client
        broker = make_broker(url, "trainscape:jobs")
        rules = Rules(preview_size=64, stale_s=30)
        run = runner(client, broker, RedisStore(cache, 0), rules, worker_id="test-worker")
        if wanted:
            await client.set(wanted_key(JOB.key), b"1", px=60_000)
        try:
            for phase in phases:
                await run.run(Task(JOB, phase))
        finally:
            await broker.shutdown()
            await client.aclose()
            if cache is not client:
                await cache.aclose()

    asyncio.run(scenario())


def _lines(caplog) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "trainscape.worker"]


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO, logger="trainscape.worker")
    return caplog


def test_each_computed_job_is_one_info_line_with_its_time(redis_url, logs):
    _run(redis_url, ["preview", "full"])
    lines = _lines(logs)
    assert len(lines) == 2, lines
    for (level, text), phase in zip(lines, ("preview", "full")):
        assert level == logging.INFO
        assert re.fullmatch(rf"{NAME} {phase}: computed in \d+\.\d\d s", text), text


def test_a_job_already_stored_is_one_line_too(redis_url, logs):
    _run(redis_url, ["full"])
    logs.clear()
    _run(redis_url, ["preview", "full"])  # both stored now (a preview is covered by the tile)
    assert _lines(logs) == [
        (logging.INFO, f"{NAME} preview: already stored, skipped"),
        (logging.INFO, f"{NAME} full: already stored, skipped"),
    ]


def test_a_job_nobody_wants_any_more_is_dropped_in_one_line(redis_url, logs):
    _run(redis_url, ["preview", "full"], wanted=False)
    assert _lines(logs) == [
        (logging.INFO, f"{NAME} preview: dropped unstarted, nobody asked for it any more"),
        (logging.INFO, f"{NAME} full: dropped unstarted, nobody asked for it any more"),
    ]


def test_a_failed_job_is_one_error_naming_it_and_the_cause(redis_url, logs):
    # a real fault: the tile-cache Redis is full (noeviction), so storing the tile fails
    full = RedisServer(
        free_port(), config=("--maxmemory", "1mb", "--maxmemory-policy", "noeviction")
    )
    full.start()
    try:
        _run(redis_url, ["full"], cache_url=full.url)
    finally:
        full.stop()
    [record] = [r for r in logs.records if r.name == "trainscape.worker"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    text = record.getMessage()
    assert re.match(rf"{NAME} full: failed after \d+\.\d\d s: OutOfMemoryError: ", text), text
    assert "maxmemory" in text and JOB.key in text


def test_log_lines_name_experiments_as_the_api_does():
    assert experiment_id(resolve("tanh")) == "tanh"
    assert experiment_id(resolve("tanh-quick@5")) == "tanh-quick@5"
    assert experiment_id(resolve("relu@1000")) == "relu@1000"
    custom = Experiment(activation="relu", width=5, steps=7)
    assert experiment_id(custom) == "c" + custom.content_id


def test_the_worker_process_writes_its_job_lines_to_stderr(procs, redis_url):
    api = procs("serve", redis_url=redis_url, tile_wait_s="0.5", poll_s="0.1")
    worker = procs("worker", redis_url=redis_url)
    api.wait_healthy()
    wait_until(lambda: "listening on" in worker.output(), 60, "the worker to listen")
    fetch_final(httpx.Client(base_url=api.url), f"/api/experiments/{QUICK}/tiles/2/1/3.npy")
    for phase in ("preview", "full"):
        line = rf"INFO trainscape\.worker {QUICK} measure 2/1/3 {phase}: computed in \d+\.\d\d s"
        wait_until(lambda p=line: re.search(p, worker.output()), 30, f"the {phase} job's line")
    assert "Executing task" not in worker.output()  # taskiq's line per task (its random id)

"""Shared fixtures: a real `redis-server` on a free loopback port, and helpers that start real
`trainscape serve` / `trainscape worker` processes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from trainscape.cache.memory import MemoryStore

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # test modules import helpers as `tests.conftest`
    sys.path.insert(0, str(ROOT))
#: A tiny experiment for tests: the quick preset trained for 5 steps.
QUICK = "tanh-quick@5"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.1):
    """Poll `predicate` until it returns something truthy (fails the test after `timeout`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@dataclass
class RedisServer:
    """A throw-away redis-server (no persistence) that tests may restart."""

    port: int
    proc: subprocess.Popen | None = None
    config: tuple[str, ...] = ()  # extra redis-server arguments, e.g. ("--maxmemory", "1mb")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.proc = subprocess.Popen(
            [
                exe,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
                *self.config,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._ping, 10, "redis-server to accept connections")

    def _ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def flush(self) -> None:
        import redis

        redis.Redis.from_url(self.url).flushall()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """URL of the session's redis-server, emptied for this test."""
    if redis_server.proc is None or redis_server.proc.poll() is not None:
        redis_server.start()
    redis_server.flush()
    return redis_server.url


def _env(settings: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINSCAPE_")}
    env["PYTHONPATH"] = str(ROOT / "server") + os.pathsep + env.get("PYTHONPATH", "")
    env.update({f"TRAINSCAPE_{k.upper()}": str(v) for k, v in settings.items()})
    return env


@dataclass
class Proc:
    """A `trainscape` sub-command running as a real process."""

    args: list[str]
    settings: dict[str, str]
    port: int | None = None
    proc: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, tmp: Path) -> Proc:
        self.log = tmp / f"{self.args[0]}-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "trainscape.cli.main", *self.args],
                cwd=ROOT,
                env=_env(self.settings),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_healthy(self, timeout: float = 60) -> Proc:
        def up() -> bool:
            assert self.proc is not None and self.proc.poll() is None, self.output()
            try:
                return httpx.get(self.url + "/healthz", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(up, timeout, f"{self.args} to answer /healthz", 0.2)
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log else ""

    def kill(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture
def procs(tmp_path: Path) -> Iterator:
    """Factory: procs("serve", **settings) / procs("worker", **settings); all stopped after."""
    started: list[Proc] = []

    def start(command: str, **settings) -> Proc:
        if command == "serve":
            port = free_port()
            p = Proc(["serve", "--port", str(port)], settings, port)
        else:
            p = Proc(["worker"], settings)
        started.append(p.start(tmp_path))
        return p

    yield start
    for p in started:
        p.kill()


def fetch_final(client: httpx.Client, url: str, timeout: float = 90) -> httpx.Response:
    """GET `url` until a final (non-preview) 200 arrives, honouring 503 / preview answers."""

    def ready():
        r = client.get(url, timeout=30)
        if r.status_code == 200 and "x-trainscape-preview" not in r.headers:
            return r
        assert r.status_code in (200, 503), (r.status_code, r.text)
        return None

    return wait_until(ready, timeout, f"{url} to be ready", 0.2)


def metric(client: httpx.Client, name: str) -> float:
    """Value of one Prometheus sample from /metrics."""
    text = client.get("/metrics").text
    m = re.search(rf"^{name} ([0-9.e+-]+)$", text, re.M)
    assert m, text
    return float(m.group(1))


class RecordingStore(MemoryStore):
    """A real memory store that also remembers the order keys were written in."""

    def __init__(self) -> None:
        super().__init__(max_bytes=256 * 2**20)
        self.written: list[str] = []

    async def set(self, key: str, value: bytes) -> None:
        self.written.append(key)
        await super().set(key, value)

#!/usr/bin/env python3
"""Load benchmark of cached tiles over HTTP with the Redis backend (loopback only; prints figures).

Starts a throw-away `redis-server` and one `trainscape serve` process with TRAINSCAPE_REDIS_URL,
fills the cache with tiles (synthetic values under the real content-addressed keys of
`tanh-quick`, so no computation runs), then measures with a small keep-alive HTTP/1.1 client:

1. latency: one connection, sequential requests -> p50 / p99;
2. throughput: --connections concurrent connections for --seconds -> tiles/s;
3. soak: --clients concurrent clients for --soak-seconds -> tiles/s and the error count.

    PYTHONPATH=server python3 scripts/bench_load.py [--hot-cache-mb 0] [--soak-seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from trainscape.cache.keys import tile_key  # noqa: E402
from trainscape.experiments import resolve  # noqa: E402
from trainscape.render import npy_bytes  # noqa: E402

EXPERIMENT = "tanh-quick"
TILES = [(3, x, y) for x in range(8) for y in range(8)]  # 64 tiles at zoom 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(redis_url: str) -> None:
    """Store one float32 tile per address under its real key (values are synthetic)."""
    import redis

    r = redis.Redis.from_url(redis_url)
    e = resolve(EXPERIMENT)
    rng = np.random.default_rng(0)
    for z, x, y in TILES:
        r.set(tile_key(e, z, x, y, "measure"), npy_bytes(rng.normal(size=(256, 256))))


async def get(reader, writer, path: str) -> int:
    """One keep-alive GET; returns the status code after reading the whole body."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return status


async def client(
    port: int, paths: list[str], until: float, lat: list[float], errors: list[int], offset: int
) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n, i = 0, offset
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            try:
                status = await get(reader, writer, paths[i % len(paths)])
            except (OSError, asyncio.IncompleteReadError):
                errors.append(-1)
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            lat.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(status)
            n, i = n + 1, i + 1
    finally:
        writer.close()
    return n


async def phase(port: int, paths: list[str], conns: int, seconds: float) -> dict:
    lat: list[float] = []
    errors: list[int] = []
    t0 = time.perf_counter()
    counts = await asyncio.gather(
        *(client(port, paths, t0 + seconds, lat, errors, k * 7) for k in range(conns))
    )
    wall = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [float("nan")] * 99
    return {
        "requests": sum(counts),
        "tiles_per_s": sum(counts) / wall,
        "p50_ms": q[49] * 1e3,
        "p99_ms": q[98] * 1e3,
        "errors": len(errors),
    }


def report(name: str, r: dict) -> None:
    print(
        f"{name:34s} {r['requests']:8d} req  {r['tiles_per_s']:8.0f} tiles/s  "
        f"p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  errors {r['errors']}",
        flush=True,
    )


def start(cmd: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_http(port: int, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10, help="throughput phase length")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--clients", type=int, default=50, help="soak clients")
    ap.add_argument("--soak-seconds", type=float, default=60)
    ap.add_argument("--latency-requests", type=int, default=2000)
    ap.add_argument(
        "--hot-cache-mb",
        type=int,
        default=64,
        help="per-process LRU in front of Redis (0 = every request reads Redis)",
    )
    ap.add_argument("--format", choices=["npy", "png"], default="npy")
    args = ap.parse_args()

    rport, port = free_port(), free_port()
    redis_proc = start(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(rport),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        {},
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "server"),
        "TRAINSCAPE_REDIS_URL": f"redis://127.0.0.1:{rport}/0",
        "TRAINSCAPE_HOT_CACHE_MB": str(args.hot_cache_mb),
    }
    api = start(
        [
            sys.executable,
            "-m",
            "trainscape.cli.main",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env,
    )
    try:
        time.sleep(0.5)
        seed(env["TRAINSCAPE_REDIS_URL"])
        wait_http(port)
        paths = [
            f"/api/experiments/{EXPERIMENT}/tiles/{z}/{x}/{y}.{args.format}" for z, x, y in TILES
        ]
        asyncio.run(phase(port, paths, 4, 2))  # warm-up (PNG encode, connections)
        print(
            f"cached {args.format} tiles, Redis backend, hot cache {args.hot_cache_mb} MB, "
            f"{os.cpu_count()} CPUs, loopback",
            flush=True,
        )
        lat = asyncio.run(_sequential(port, paths, args.latency_requests))
        report("latency (1 connection)", lat)
        report(
            f"throughput ({args.connections} connections)",
            asyncio.run(phase(port, paths, args.connections, args.seconds)),
        )
        report(
            f"soak ({args.clients} clients, {args.soak_seconds:.0f} s)",
            asyncio.run(phase(port, paths, args.clients, args.soak_seconds)),
        )
    finally:
        api.terminate()
        redis_proc.terminate()
        api.wait(10)
        redis_proc.wait(10)


async def _sequential(port: int, paths: list[str], n: int) -> dict:
    lat: list[float] = []
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    t0 = time.perf_counter()
    errors = 0
    for i in range(n):
        t = time.perf_counter()
        errors += await get(reader, writer, paths[i % len(paths)]) != 200
        lat.append(time.perf_counter() - t)
    wall = time.perf_counter() - t0
    writer.close()
    q = statistics.quantiles(lat, n=100)
    return {
        "requests": n,
        "tiles_per_s": n / wall,
        "p50_ms": q[49] * 1e3,
        "p99_ms": q[98] * 1e3,
        "errors": errors,
    }


if __name__ == "__main__":
    main()

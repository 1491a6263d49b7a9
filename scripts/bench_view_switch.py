"""How soon a new view fills after leaving an expensive one, in Redis mode with one worker.

Starts its own redis-server (free loopback port), one `trainscape serve` and one
`trainscape worker`, asks for a 2x2 view of an expensive experiment (as the explorer does: view
token, ranks, a re-ask every second) for `--leave-after` seconds, then for a 2x2 view of a cheap
one, and prints when that view's previews and full tiles arrived. Compare two checkouts with
`--root` (the server code is taken from ROOT/server):

    python scripts/bench_view_switch.py                      # this checkout
    python scripts/bench_view_switch.py --root /tmp/before   # e.g. a `git worktree` of main
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TILES = [(1, 1), (2, 1), (1, 2), (2, 2)]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)


def _ask(client: httpx.Client, eid: str, view: str, rank: int, x: int, y: int) -> str:
    """One request: 'final', 'preview' or 'waiting'."""
    r = client.get(
        f"/api/experiments/{eid}/tiles/2/{x}/{y}.npy",
        headers={"X-Trainscape-View": view, "X-Trainscape-Rank": str(rank)},
    )
    if r.status_code != 200:
        return "waiting"
    return "preview" if "x-trainscape-preview" in r.headers else "final"


def scenario(client: httpx.Client, expensive: str, cheap: str, leave_after: float) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < leave_after:  # the user looks at the expensive view
        for rank, (x, y) in enumerate(TILES):
            _ask(client, expensive, "bench-old", rank, x, y)
        time.sleep(1.0)
    switch = time.monotonic()
    preview_at: dict[tuple[int, int], float] = {}
    final_at: dict[tuple[int, int], float] = {}
    while len(final_at) < len(TILES) and time.monotonic() - switch < 600:
        for rank, (x, y) in enumerate(TILES):
            if (x, y) in final_at:
                continue
            state = _ask(client, cheap, "bench-new", rank, x, y)
            if state != "waiting":
                preview_at.setdefault((x, y), time.monotonic() - switch)
            if state == "final":
                final_at[(x, y)] = time.monotonic() - switch
        time.sleep(0.25)
    print(f"left {expensive} after {leave_after:.0f} s; then {cheap}'s 2x2 view:")
    print(f"  all previews after {max(preview_at.values(), default=float('nan')):6.1f} s")
    print(f"  all full tiles after {max(final_at.values(), default=float('nan')):4.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--expensive", default="tanh", help="the view left (default tanh)")
    ap.add_argument("--cheap", default="tanh-quick@20", help="the view then asked for")
    ap.add_argument("--leave-after", type=float, default=6.0, help="seconds (default 6)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-view-"))
    rport, aport = _port(), _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINSCAPE_")}
    env["PYTHONPATH"] = str(a.root / "server")
    env["TRAINSCAPE_REDIS_URL"] = f"redis://127.0.0.1:{rport}/0"
    env["TRAINSCAPE_TILE_WAIT_S"] = "0"
    redis_args = ["redis-server", "--port", str(rport), "--save", "", "--appendonly", "no"]
    cli = [sys.executable, "-m", "trainscape.cli.main"]
    procs = [_start(redis_args, env, tmp / "redis.log")]
    try:
        time.sleep(0.5)
        procs.append(_start([*cli, "serve", "--port", str(aport)], env, tmp / "serve.log"))
        procs.append(_start([*cli, "worker"], env, tmp / "worker.log"))
        client = httpx.Client(base_url=f"http://127.0.0.1:{aport}", timeout=30)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if client.get("/healthz").json().get("workers", 0) >= 1:
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.3)
        else:
            raise SystemExit(f"no worker came up; logs in {tmp}")
        print(f"server code: {a.root / 'server'}")
        scenario(client, a.expensive, a.cheap, a.leave_after)
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How soon a new view's tiles come after the user moves on, with a CPU server.

Two scenarios, each asking for tiles as the explorer does (view token, ranks, re-asks):

* `leave` (default): a 2x2 view of an expensive experiment for `--leave-after` seconds, then a
  2x2 view of a cheap one (`--cheap`): when did that view's previews and full tiles arrive?
* `zoom`: a 2x2 view at zoom 1 of `--cheap` until its previews are in and a full tile computes,
  then the 2x2 view one level deeper while the old level's tiles are still asked for (ranked
  after the new ones, as the page does while the new level loads): when did the new previews
  arrive?

`--redis` starts its own redis-server (free loopback port) and one `trainscape worker` beside
`trainscape serve`; without it the server runs embedded. Compare two checkouts with `--root`
(the server code is taken from ROOT/server):

    python scripts/bench_view_switch.py --scenario zoom          # this checkout, embedded
    python scripts/bench_view_switch.py --root /tmp/before --redis   # e.g. a `git worktree`
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
ZOOM1 = [(0, 0), (1, 0), (0, 1), (1, 1)]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)


def _ask(client: httpx.Client, eid: str, view: str, rank: int, x: int, y: int, z: int = 2) -> str:
    """One request: 'final', 'preview' or 'waiting'."""
    r = client.get(
        f"/api/experiments/{eid}/tiles/{z}/{x}/{y}.npy",
        headers={"X-Trainscape-View": view, "X-Trainscape-Rank": str(rank)},
    )
    if r.status_code != 200:
        return "waiting"
    return "preview" if "x-trainscape-preview" in r.headers else "final"


def zoom(client: httpx.Client, eid: str) -> None:
    t0 = time.monotonic()
    while not all(
        _ask(client, eid, "bench-z1", r, x, y, 1) != "waiting" for r, (x, y) in enumerate(ZOOM1)
    ):
        time.sleep(0.25)
    time.sleep(1.0)  # a full tile is computing now
    print(f"{eid}: zoom 1's previews after {time.monotonic() - t0:.1f} s; zooming in")
    switch = time.monotonic()
    preview_at: dict[tuple[int, int], float] = {}
    while len(preview_at) < len(TILES) and time.monotonic() - switch < 600:
        for rank, (x, y) in enumerate(TILES):
            if _ask(client, eid, "bench-z2", rank, x, y) != "waiting":
                preview_at.setdefault((x, y), time.monotonic() - switch)
        for rank, (x, y) in enumerate(ZOOM1):  # still on screen while zoom 2 loads
            _ask(client, eid, "bench-z2", 100_000 + rank, x, y, 1)
        time.sleep(0.25)
    first, last = min(preview_at.values()), max(preview_at.values())
    print(f"  zoom 2's previews: first after {first:.1f} s, all after {last:.1f} s")


def leave(client: httpx.Client, expensive: str, cheap: str, leave_after: float) -> None:
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
    ap.add_argument("--scenario", choices=["leave", "zoom"], default="leave")
    ap.add_argument("--redis", action="store_true", help="Redis mode with one worker")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-view-"))
    rport, aport = _port(), _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINSCAPE_")}
    env["PYTHONPATH"] = str(a.root / "server")
    env["TRAINSCAPE_TILE_WAIT_S"] = "0"
    cli = [sys.executable, "-m", "trainscape.cli.main"]
    procs = []
    try:
        if a.redis:
            env["TRAINSCAPE_REDIS_URL"] = f"redis://127.0.0.1:{rport}/0"
            redis_args = ["redis-server", "--port", str(rport), "--save", "", "--appendonly", "no"]
            procs.append(_start(redis_args, env, tmp / "redis.log"))
            time.sleep(0.5)
            procs.append(_start([*cli, "worker"], env, tmp / "worker.log"))
        procs.append(_start([*cli, "serve", "--port", str(aport)], env, tmp / "serve.log"))
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
        mode = "Redis, one worker" if a.redis else "embedded"
        print(f"server code: {a.root / 'server'} ({mode})")
        if a.scenario == "zoom":
            zoom(client, a.cheap)
        else:
            leave(client, a.expensive, a.cheap, a.leave_after)
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())

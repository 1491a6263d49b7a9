"""No request does CPU-heavy or disk work on the event loop: every loop callback stays short."""

from __future__ import annotations

import asyncio.events
import time

from fastapi.testclient import TestClient

from trainscape.api.app import create_app
from trainscape.settings import Settings

E = "/api/experiments/tanh-quick@5"
URLS = [
    "/healthz",
    "/api/experiments",
    f"{E}/tileset.json",
    f"{E}/point?x=0.5&y=1",
    f"{E}/point?x=1e-20000&y=1",  # refused at the parse (was ~0.5 s of exact decimal work)
    f"{E}/pixels/3/300/400",
    f"{E}/tiles/0/0/0.npy",
    f"{E}/tiles/0/0/0.png",
    f"{E}/tiles/0/0/0.png",
    f"{E}/dimension?size=8",
    "/metrics",
]


def test_the_event_loop_is_never_blocked_long(tmp_path, monkeypatch):
    slow: list[tuple[float, str]] = []
    run = asyncio.events.Handle._run

    def timed(self):
        t = time.perf_counter()
        run(self)
        if (dt := time.perf_counter() - t) > 0.2:
            slow.append((dt, repr(self._callback)[:120]))

    settings = Settings(tile_wait_s=30, cache_dir=tmp_path)
    with TestClient(create_app(settings)) as c:
        c.get(f"{E}/tileset.json")  # warm: first imports happen at startup, not measured
        monkeypatch.setattr(asyncio.events.Handle, "_run", timed)
        c.post("/api/experiments", json={"width": 4, "steps": 7})
        for url in URLS:
            assert c.get(url).status_code in (200, 422), url
    assert not slow, slow

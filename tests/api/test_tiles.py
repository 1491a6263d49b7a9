"""Tiles from a real `trainscape serve` (embedded mode): exact values, caching, previews, dedup."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import pytest
from PIL import Image
from tests.conftest import QUICK, Proc, fetch_final, free_port, metric, wait_until

BASE = f"/api/experiments/{QUICK}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    p = Proc(["serve", "--port", str(port)], {"tile_wait_s": "0", "poll_s": "0.1"}, port)
    p.start(tmp_path_factory.mktemp("serve")).wait_healthy()
    yield p
    p.kill()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url) as c:
        yield c


def test_npy_equals_the_engine_tile(client):
    from trainscape.compute import compute_tile_runs
    from trainscape.experiments import resolve

    r = fetch_final(client, f"{BASE}/tiles/1/0/1.npy")
    tile = np.load(io.BytesIO(r.content), allow_pickle=False)
    runs = compute_tile_runs(resolve(QUICK), 1, 0, 1)
    assert tile.shape == (256, 256) and tile.dtype == np.float64  # every digit, as computed
    np.testing.assert_array_equal(tile, runs.measure.reshape(256, 256))
    step = fetch_final(client, f"{BASE}/tiles/1/0/1.npy?step=2")
    np.testing.assert_array_equal(
        np.load(io.BytesIO(step.content)),
        runs.measure_at[:, 1].reshape(256, 256),
    )


def test_png_is_256_square_immutable_and_revalidates_with_304(client):
    r = fetch_final(client, f"{BASE}/tiles/1/0/1.png?colormap=redblue")
    assert Image.open(io.BytesIO(r.content)).size == (256, 256)
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    etag = r.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(f"{BASE}/tiles/1/0/1.png?colormap=redblue", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag and not again.content
    other = client.get(f"{BASE}/tiles/1/0/1.png?colormap=gray")
    assert other.status_code == 200 and other.headers["etag"] != etag


def test_every_listed_colormap_and_old_name_colours_a_png_and_others_get_422(client):
    listing = client.get("/api/colormaps").json()
    ids = [c["id"] for c in listing["colormaps"]]
    assert ids == ["Spectral", "RdBu", "paper", "viridis", "magma", "gray"]
    assert listing["default"] == "Spectral"
    assert listing["aliases"] == {"spectral": "Spectral", "redblue": "RdBu"}
    png = {c: fetch_final(client, f"{BASE}/tiles/1/0/1.png?colormap={c}").content for c in ids}
    assert len(set(png.values())) == len(ids)  # each its own colours
    assert fetch_final(client, f"{BASE}/tiles/1/0/1.png").content == png["Spectral"]
    for old, new in listing["aliases"].items():
        assert fetch_final(client, f"{BASE}/tiles/1/0/1.png?colormap={old}").content == png[new]
    for bad in ("jet", "rdbu", "Paper"):  # names are case-sensitive
        r = client.get(f"{BASE}/tiles/1/0/1.png?colormap={bad}")
        assert r.status_code == 422 and bad in r.text, r.text
        assert all(f"'{c}'" in r.json()["detail"] for c in ids + ["redblue"]), r.text


def test_preview_comes_first_and_is_never_cached_as_final(client):
    url = f"{BASE}/tiles/2/3/0.npy"
    seen = []

    def step():
        r = client.get(url)
        seen.append(r)
        return r.status_code == 200 and "x-trainscape-preview" not in r.headers

    wait_until(step, 90, "the final tile", 0.02)
    previews = [r for r in seen if "x-trainscape-preview" in r.headers]
    assert previews, [r.status_code for r in seen]
    p = previews[0]
    assert p.headers["cache-control"] == "no-store" and "retry-after" in p.headers
    assert np.load(io.BytesIO(p.content)).shape == (64, 64)
    assert np.load(io.BytesIO(seen[-1].content)).shape == (256, 256)
    png = client.get(f"{BASE}/tiles/2/3/0.png")
    assert png.status_code == 200 and "x-trainscape-preview" not in png.headers


def test_concurrent_requests_for_one_missing_tile_compute_it_once(client):
    before = metric(client, "trainscape_tiles_computed_total")
    url = f"{BASE}/tiles/3/5/6.npy"
    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda _: fetch_final(client, url).content, range(8)))
    assert len(set(bodies)) == 1
    assert metric(client, "trainscape_tiles_computed_total") == before + 1


def test_pixel_run_matches_the_tile_pixel(client):
    tile = np.load(io.BytesIO(fetch_final(client, f"{BASE}/tiles/1/0/1.npy").content))
    r = client.get(f"{BASE}/pixels/1/17/300")  # tile (0, 1), row 300 - 256 = 44, col 17
    assert r.status_code == 200, r.text
    run = r.json()
    assert run["measure"] == tile[44, 17]
    assert len(run["losses"]) == run["steps"] == 5
    assert run["converged"] == (run["measure"] < 0)
    # column 17 of 512 over [-3, 6]: -3 + 9 * 35 / 1024, exactly
    assert run["x"]["log10"] == "-2.6923828125"
    same = client.get(
        f"{BASE}/point", params={"x": run["x"]["log10"], "y": run["y"]["log10"]}
    ).json()
    assert same["measure"] == run["measure"]


def test_tiny_learning_rate_converges_and_huge_one_diverges(client):
    small = client.get(f"{BASE}/point?x=-3&y=-3", timeout=60).json()
    huge = client.get(f"{BASE}/point?x=6&y=6", timeout=60).json()
    assert small["converged"] is True and small["measure"] < 0
    assert huge["converged"] is False and huge["measure"] > 0
    assert None in huge["losses"] or max(huge["losses"]) > 1e3  # blown up


def test_tiles_of_a_view_are_computed_in_the_order_of_their_rank(client):
    """While the compute thread is busy, three tiles of one view are asked for and then polled
    in address order; they finish in the order of the rank the client gave them."""
    busy = client.get("/api/experiments/tanh-quick@40/tiles/0/0/0.npy")
    assert busy.status_code == 503
    ranks = {(3, 1, 1): 0, (3, 2, 1): 2, (3, 3, 1): 1}
    urls = {t: f"/api/experiments/tanh-quick@6/tiles/{t[0]}/{t[1]}/{t[2]}.npy" for t in ranks}
    hints = {
        t: {"X-Trainscape-View": "test-view-1", "X-Trainscape-Rank": str(r)}
        for t, r in ranks.items()
    }
    finished: list[tuple[int, int, int]] = []

    def poll():
        for t in ranks:
            if t in finished:
                continue
            r = client.get(urls[t], headers=hints[t])
            assert r.status_code in (200, 503), r.text
            if r.status_code == 200 and "x-trainscape-preview" not in r.headers:
                finished.append(t)
        return len(finished) == len(ranks)

    wait_until(poll, 120, "the three tiles", 0.02)
    assert [ranks[t] for t in finished] == [0, 1, 2]

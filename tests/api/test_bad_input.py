"""Every bad input gets its 4xx with a message saying what is allowed (in-process app)."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
from fastapi.testclient import TestClient

from trainscape.api.app import create_app
from trainscape.experiments import resolve
from trainscape.experiments.cost import DIMENSION_BUDGET, TILE_BUDGET
from trainscape.settings import Settings
from trainscape.tiles import pixel_log10

T = "/api/experiments/tanh-quick@5/tiles"


@pytest.mark.parametrize(
    "method,url,status,words",
    [
        ("get", "/api/experiments/nope", 404, "unknown experiment"),
        ("get", "/api/experiments/c0123456789abcdef0123", 404, "unknown experiment"),
        ("get", "/api/experiments/tanh@0", 422, "steps"),
        ("get", "/api/experiments/tanh@99999", 422, "allowed"),
        ("get", "/api/experiments/nope/tiles/0/0/0.npy", 404, "unknown experiment"),
        ("get", f"{T}/49/0/0.npy", 404, "allowed 0..48"),
        ("get", f"{T}/2/4/0.png", 404, "allowed 0..3"),
        ("get", f"{T}/2/0/9.npy", 404, "allowed 0..3"),
        ("get", f"{T}/-1/0/0.npy", 422, ""),
        ("get", f"{T}/0/0/0.jpg", 422, ""),
        ("get", f"{T}/0/0/0.npy?layer=bogus", 422, "allowed: measure"),
        ("get", f"{T}/0/0/0.npy?step=6", 422, "not a checkpoint"),
        ("get", f"{T}/0/0/0.png?colormap=jet", 422, ""),
        ("get", "/api/experiments/tanh-quick@5/pixels/0/256/0", 404, "allowed 0..255"),
        ("get", "/api/experiments/tanh-quick@5/point?x=abc&y=0", 422, "not a decimal"),
        ("get", "/api/experiments/tanh-quick@5/point?x=7&y=0", 422, "[-3, 6]"),
        ("get", "/api/experiments/tanh-quick@5/point?x=NaN&y=0", 422, "finite"),
        ("get", "/api/experiments/tanh-quick@5/point?x=1e-9999999&y=1", 422, "1e-128"),
        ("get", "/api/experiments/tanh-quick@5/point?x=1&y=-1e-3000000", 422, "1e-128"),
        ("get", "/api/experiments/tanh-quick@5/dimension?x0=1e-1000000", 422, "1e-128"),
        ("get", "/api/experiments/tanh-quick@5/dimension?size=8&y1=" + "1" * 161, 422, ""),
    ],
)
def test_bad_requests(client, method, url, status, words):
    r = getattr(client, method)(url)
    assert r.status_code == status, r.text
    assert words in r.json()["detail"] if isinstance(r.json()["detail"], str) else True


@pytest.mark.parametrize(
    "body,field",
    [
        ({"width": 1000}, "width"),
        ({"steps": 0}, "steps"),
        ({"activation": "sigmoid"}, "activation"),
        ({"x0": "5", "x1": "4"}, "x1"),
        ({"colour": "blue"}, "colour"),
        ({"width": 64, "depth": 4}, "width"),
    ],
)
def test_bad_custom_configs_name_the_field(client, body, field):
    r = client.post("/api/experiments", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(field + ":")


def test_non_object_config_is_rejected(client):
    assert client.post("/api/experiments", json=[1, 2]).status_code == 422
    assert (
        client.post(
            "/api/experiments", content=b"{oops", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )


def test_posted_experiment_is_addressable(client):
    r = client.post("/api/experiments", json={"width": 4, "steps": 7})
    assert r.status_code == 200
    cid = r.json()["id"]
    assert cid.startswith("c") and len(cid) == 21
    got = client.get(f"/api/experiments/{cid}").json()
    assert got["config"]["width"] == 4 and got["steps"] == 7
    assert client.get(f"/api/experiments/{cid}/tileset.json").json()["maxzoom"] == 48


def test_listing_and_tileset_describe_the_pyramid(client):
    listing = client.get("/api/experiments").json()
    ids = [e["id"] for e in listing["experiments"]]
    assert "tanh-quick" in ids and listing["default"] == "tanh-quick"
    ts = client.get("/api/experiments/tanh-quick/tileset.json").json()
    assert ts["tile_size"] == 256 and ts["minzoom"] == 0 and ts["maxzoom"] == 48
    assert ts["checkpoints"][-1] == 100 and "measure" in [layer["id"] for layer in ts["layers"]]
    assert ts["tiles"]["npy"].endswith("/tiles/{z}/{x}/{y}.npy")
    assert ts["axes"]["x"]["log10"] == ["-3", "6"]
    assert [c["id"] for c in client.get("/api/colormaps").json()["colormaps"]][0] == "Spectral"


def test_not_ready_is_503_no_store_with_retry_after(client):
    r = client.get(f"{T}/3/1/1.npy")
    assert r.status_code == 503
    assert r.headers["cache-control"] == "no-store" and int(r.headers["retry-after"]) >= 1


def test_queue_limit_gives_503(client):
    codes = [client.get(f"{T}/4/{i}/2.npy").status_code for i in range(4)]
    assert codes.count(503) == 4
    assert "waiting" in client.get(f"{T}/4/9/2.npy").json()["detail"]


def test_step_override_is_described(client):
    body = client.get("/api/experiments/tanh-quick@40").json()
    assert body["steps"] == 40 and "40 steps" in body["title"]
    assert "40 steps instead of 100" in body["description"]
    minibatch = client.get("/api/experiments/tanh-minibatch").json()
    assert minibatch["bookmarks"][0]["experiment"] == "tanh-minibatch@1000"


def test_huge_exponents_are_refused_before_any_work(client):
    t = time.perf_counter()
    for url in (
        "/api/experiments/tanh-quick@5/point?x=1e-9999999&y=1",
        "/api/experiments/tanh-quick@5/dimension?x0=1e-1000000",
    ):
        r = client.get(url)
        assert r.status_code == 422 and "at most 160 characters" in r.json()["detail"]
    assert time.perf_counter() - t < 2


def test_a_pixels_exact_log10_is_a_valid_point(client):
    """Pixel centres at the deepest zoom print exactly (not to 28 digits) and can be fed back."""
    e = "/api/experiments/tanh-quick@5"
    z = client.get(f"{e}/tileset.json").json()["maxzoom"]
    px = 256 * 2**z // 3
    run = client.get(f"{e}/pixels/{z}/{px}/7").json()
    u, v = pixel_log10(resolve("tanh-quick@5"), z, px, 7)
    assert Fraction(run["x"]["log10"]) == u and Fraction(run["y"]["log10"]) == v
    again = client.get(f"{e}/point", params={"x": run["x"]["log10"], "y": run["y"]["log10"]})
    assert again.status_code == 200 and again.json() == run


def test_experiments_over_the_tile_budget_are_refused_when_posted(client):
    r = client.post("/api/experiments", json={"width": 36, "depth": 3, "steps": 500})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert f"{TILE_BUDGET:.3g} ops per tile" in detail and "at most 333 steps" in detail


def test_layers_over_the_tile_budget_are_refused_per_request(client):
    cid = client.post("/api/experiments", json={"width": 36, "depth": 3, "steps": 200}).json()
    assert cid["cost"]["max_steps"] == 333 and cid["cost"]["dimension_max_size"] == 10
    base = f"/api/experiments/{cid['id']}"
    r = client.get(f"{base}/tiles/0/0/0.npy?layer=lyapunov")
    assert r.status_code == 422 and "a lyapunov tile" in r.json()["detail"]
    r = client.get(f"{base}/point?x=1&y=1&layer=lyapunov")
    assert r.status_code == 422 and "budget" in r.json()["detail"]
    r = client.get(f"{base}/dimension?size=16")
    assert r.status_code == 422
    assert "allowed 8..10" in r.json()["detail"] and "budget" in r.json()["detail"]


def test_the_listing_publishes_the_budgets(client):
    cost = client.get("/api/experiments").json()["cost"]
    assert cost["tile"] == TILE_BUDGET and cost["dimension"] == DIMENSION_BUDGET


def test_a_full_embedded_registry_answers_507_and_keeps_every_id():
    with TestClient(create_app(Settings(max_experiments=2))) as c:
        ids = [
            c.post("/api/experiments", json={"width": 4, "steps": s}).json()["id"] for s in (1, 2)
        ]
        r = c.post("/api/experiments", json={"width": 4, "steps": 3})
        assert r.status_code == 507 and "limit of 2" in r.json()["detail"]
        assert all(c.get(f"/api/experiments/{i}").status_code == 200 for i in ids)


@pytest.mark.parametrize(
    "headers,words",
    [
        ({"X-Trainscape-View": "a b"}, "X-Trainscape-View"),
        ({"X-Trainscape-View": "v" * 65}, "X-Trainscape-View"),
        ({"X-Trainscape-View": "v1", "X-Trainscape-Rank": "-1"}, "X-Trainscape-Rank"),
        ({"X-Trainscape-View": "v1", "X-Trainscape-Rank": "first"}, "X-Trainscape-Rank"),
        ({"X-Trainscape-View": "v1", "X-Trainscape-Rank": "1000001"}, "X-Trainscape-Rank"),
        ({"X-Trainscape-Rank": "3"}, "needs X-Trainscape-View"),
    ],
)
def test_bad_view_hints_are_refused_with_what_is_allowed(client, headers, words):
    r = client.get(f"{T}/0/0/0.npy", headers=headers)
    assert r.status_code == 422, r.text
    assert words in str(r.json()["detail"])


def test_a_good_view_hint_is_accepted(client):
    hint = {"X-Trainscape-View": "p1-7", "X-Trainscape-Rank": "4"}
    r = client.get(f"{T}/0/0/0.npy", headers=hint)
    assert r.status_code in (200, 503), r.text

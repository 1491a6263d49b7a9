"""The dimension route: counts, fit and quality for a window; clear 4xx for bad requests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from trainscape.experiments import resolve
from trainscape.experiments.cost import dimension_max_size

URL = "/api/experiments/{}/dimension"


def test_dimension_of_the_plane(client):
    r = client.get(URL.format("tanh-quick@10"), params={"size": 16})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["window"] == {"x0": "-3", "x1": "6", "y0": "-3", "y1": "6"}
    assert body["size"] == 16 and body["steps"] == 10
    assert body["sizes"] == [2, 4, 8, 16] and len(body["counts"]) == 4
    assert body["counts"][-1] == 1, "the plane holds a boundary"
    assert 0.5 < body["dimension"] < 2.0 and 0 <= body["r2"] <= 1
    assert body["fit"]["slope"] == body["dimension"]
    assert body["fit"]["range"] == [2, 16]


def test_a_window_with_no_boundary_has_no_dimension(client):
    r = client.get(
        URL.format("tanh-quick@10"),
        params={"x0": "-3", "x1": "-2.5", "y0": "-3", "y1": "-2.5", "size": 8},
    )
    assert r.status_code == 200, r.text
    assert r.json()["dimension"] is None and r.json()["converged_fraction"] == 1.0


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"x0": "2", "x1": "1"}, "x0 must be below x1"),
        ({"y0": "abc"}, "not a decimal"),
        ({"x1": "inf"}, "finite"),
        ({"x1": "1e9999"}, "coarser than 1e128"),
        ({"x1": "1e99"}, "x1: must lie in the plane's log10 range [-3, 6]"),
        ({"size": 4}, "size"),
        ({"size": 100000}, "size"),
    ],
)
def test_bad_windows_are_422(client, params, fragment):
    r = client.get(URL.format("tanh-quick@10"), params=params)
    assert r.status_code == 422
    assert fragment in r.text


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"x0": "7", "x1": "8"}, "x0: must lie in the plane's log10 range [-3, 6]"),
        ({"y0": "-3.0001"}, "y0: must lie in the plane's log10 range [-3, 6]"),
        ({"x0": "5", "x1": "6.5"}, "x1: must lie in the plane's log10 range [-3, 6]"),
    ],
)
def test_windows_outside_the_plane_are_refused_as_points_are(client, params, detail):
    r = client.get(URL.format("tanh-quick@10"), params={**params, "size": 8})
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == detail


def test_a_window_on_the_planes_edges_is_measured(client):
    r = client.get(URL.format("tanh-quick@10"), params={"x0": "5", "x1": "6", "size": 8})
    assert r.status_code == 200, r.text
    assert r.json()["window"] == {"x0": "5", "x1": "6", "y0": "-3", "y1": "6"}


def test_the_cost_bound_names_the_largest_size(client):
    steps = resolve("tanh").steps
    r = client.get(URL.format("tanh"), params={"size": 256})
    assert r.status_code == 422
    assert f"allowed 8..{dimension_max_size(resolve('tanh'))}" in r.json()["detail"]
    assert str(steps) in r.json()["detail"]


def test_unknown_experiment_is_404(client):
    r = client.get(URL.format("nope"), params={"size": 8})
    assert r.status_code == 404 and "nope" in r.json()["detail"]
    assert r.headers["cache-control"] == "no-store"


def test_the_service_app_serves_dimension_for_a_posted_experiment():
    from trainscape.api.app import create_app
    from trainscape.settings import Settings

    with TestClient(create_app(Settings())) as c:
        r = c.post("/api/experiments", json={"activation": "tanh", "width": 4, "steps": 5})
        assert r.status_code == 200, r.text
        r = c.get(URL.format(r.json()["id"]), params={"size": 8})
        assert r.status_code == 200, r.text
        assert r.json()["steps"] == 5 and len(r.json()["counts"]) == 3
        unknown = c.get(URL.format("c" + "1" * 20), params={"size": 8})
        assert unknown.status_code == 404, unknown.text


def test_level_sets_by_median_or_value(client):
    quiet = {"x0": "-3", "x1": "-2.5", "y0": "-3", "y1": "-2.5", "size": 8}
    r = client.get(URL.format("tanh-quick@10"), params={**quiet, "level": "median"})
    assert r.status_code == 200, r.text
    assert r.json()["level"] < 0 and r.json()["boundary_blocks"] > 0
    r = client.get(URL.format("tanh-quick@10"), params={**quiet, "level": "nan"})
    assert r.status_code == 422 and "level" in r.json()["detail"]

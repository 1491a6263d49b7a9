"""tileset.json says which layers the tile route serves for an experiment, and why not."""

from __future__ import annotations

import pytest

from trainscape.api.describe import layer_entry
from trainscape.api.routes_tiles import tile_request
from trainscape.experiments import PRESETS, Experiment
from trainscape.experiments.cost import CostError
from trainscape.jobs import LAYERS, Layer

#: Width 20 (420 weights, 420 points): its measure tile fits the budget up to the step cap,
#: its Lyapunov tile (3x) only up to 4282 steps.
WIDE = {"width": 20}
LYAPUNOV_MAX = 4282


def layers_of(client, config: dict) -> tuple[str, dict, list[str]]:
    cid = client.post("/api/experiments", json=config).json()["id"]
    ts = client.get(f"/api/experiments/{cid}/tileset.json").json()
    described = client.get(f"/api/experiments/{cid}").json()["layers"]
    return cid, {layer["id"]: layer for layer in ts["layers"]}, described


def served(config: dict, layer: str) -> bool:
    """Whether the tile route accepts a tile of `layer` (its validation only: nothing runs)."""
    try:
        tile_request(Experiment.from_dict(config), 0, 0, 0, layer, None)
    except CostError:
        return False
    return True


def test_every_preset_serves_every_layer_up_to_the_step_cap(client):
    for pid in PRESETS:
        for eid in (pid, f"{pid}@10000"):
            ts = client.get(f"/api/experiments/{eid}/tileset.json").json()
            assert [(x["id"], x["available"]) for x in ts["layers"]] == [
                (k, True) for k in LAYERS
            ], eid
            assert all("reason" not in x for x in ts["layers"])
            assert client.get(f"/api/experiments/{eid}").json()["layers"] == list(LAYERS)


@pytest.mark.parametrize("steps", [LYAPUNOV_MAX + 1, 10000])
def test_lyapunov_over_the_budget_is_unavailable_with_a_reason(client, steps):
    config = {**WIDE, "steps": steps}
    cid, layers, described = layers_of(client, config)
    assert layers["measure"]["available"] is True and "reason" not in layers["measure"]
    lyap = layers["lyapunov"]
    assert lyap["available"] is False
    assert lyap["reason"] == (
        "Lyapunov tiles of this experiment are over the server's tile budget (one costs 3x a "
        f"measure tile); use at most {LYAPUNOV_MAX} steps"
    )
    assert described == ["measure"]  # what a permalink's layer= is checked against
    # the tile route refuses exactly that (422 before any work)
    r = client.get(f"/api/experiments/{cid}/tiles/0/0/0.npy?layer=lyapunov")
    assert r.status_code == 422 and f"at most {LYAPUNOV_MAX} steps" in r.json()["detail"]
    assert not served(config, "lyapunov") and served(config, "measure")


def test_availability_agrees_with_the_tile_route_at_the_budget_edge(client):
    for steps in (LYAPUNOV_MAX - 1, LYAPUNOV_MAX, LYAPUNOV_MAX + 1):
        config = {**WIDE, "steps": steps}
        _, layers, described = layers_of(client, config)
        for name, layer in layers.items():
            assert layer["available"] is served(config, name), (steps, name)
            assert (name in described) is layer["available"]
    assert layers_of(client, {**WIDE, "steps": LYAPUNOV_MAX})[1]["lyapunov"]["available"]


def test_a_layer_too_costly_at_one_step_says_to_shrink_the_network():
    # no layer of today's registry is (the dataset caps the network), so a made-up one
    heavy = Layer("heavy", LAYERS["measure"].kernel, cost=10**9)
    entry = layer_entry(Experiment.from_dict({"width": 4, "steps": 1}), heavy)
    assert entry["available"] is False
    assert entry["reason"] == (
        "Heavy tiles of this experiment are over the server's tile budget (one costs "
        "1000000000x a measure tile); use a smaller width, depth or dataset"
    )


def test_each_layer_says_what_one_tile_costs_in_measure_tiles(client):
    ts = client.get("/api/experiments/tanh/tileset.json").json()
    costs = {x["id"]: x["cost"] for x in ts["layers"]}
    assert costs == {name: layer.cost for name, layer in LAYERS.items()}
    assert costs["measure"] == 1 and costs["lyapunov"] > 1

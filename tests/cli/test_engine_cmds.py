"""The engine CLI as a user runs it: a real `trainscape` process, files and exit codes."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from tests.cli.conftest import run_cli as trainscape

from trainscape.api.app import create_app
from trainscape.compute import compute_tile
from trainscape.experiments import resolve
from trainscape.settings import Settings


def test_tile_writes_the_engine_tile(tmp_path):
    out = tmp_path / "t.npy"
    r = trainscape("tile", "tanh-quick", "2", "1", "2", "-o", str(out), "--steps", "10")
    assert r.returncode == 0, r.stderr
    values = np.load(out)
    assert values.shape == (256, 256) and values.dtype == np.float64
    np.testing.assert_array_equal(values, compute_tile(resolve("tanh-quick@10"), 2, 1, 2))
    assert r.stdout == ""  # scripts reading stdout see nothing; the summary is on stderr
    share = f"{np.mean(values < 0):.1%}"
    assert r.stderr.splitlines()[-1] == (
        f"wrote {out} (256x256 float64): converged {share} of pixels"
    )


def test_point_json_has_the_loss_curve():
    r = trainscape("point", "tanh-quick", "--x", "-1.5", "--y", "0.25", "--steps", "12", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data["losses"]) == 12
    assert data["converged"] is True and data["measure"] < 0
    assert data["x"]["value"] == pytest.approx(10**-1.5, rel=1e-15)


def test_point_json_has_every_field_of_the_apis_point():
    x, y = "-1.5", "0.25"
    r = trainscape("point", "tanh-quick@12", "--x", x, "--y", y, "--json")
    assert r.returncode == 0, r.stderr
    cli = json.loads(r.stdout)
    with TestClient(create_app(Settings())) as client:
        api = client.get("/api/experiments/tanh-quick@12/point", params={"x": x, "y": y}).json()
    assert cli == {**api, "experiment": "tanh-quick@12"}
    assert cli["x"]["label"] == "learning rate η₁ (layer 1) = 0.0316228"


def test_render_window_linear(tmp_path):
    out = tmp_path / "w.png"
    r = trainscape(
        "render",
        "tanh-quick",
        "--window-linear",
        "0.1",
        "100",
        "0.1",
        "100",
        "--size",
        "24",
        "--steps",
        "10",
        "-o",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr.splitlines()[-1].startswith(f"wrote {out}: converged ")
    img = Image.open(out)
    assert img.size == (24, 24)
    assert len(np.unique(np.asarray(img).reshape(-1, 3), axis=0)) > 2  # not one colour


def test_render_a_wide_window_keeps_its_aspect(tmp_path):
    out, npy = tmp_path / "wide.png", tmp_path / "wide.npy"
    window = ("-1", "3", "-1", "1")  # twice as wide as high, in log10 units
    args = ("--window", *window, "--size", "32", "--height", "16", "--steps", "10")
    r = trainscape("render", "tanh-quick", *args, "-o", str(out), "--npy", str(npy))
    assert r.returncode == 0, r.stderr
    assert Image.open(out).size == (32, 16)
    values = np.load(npy)
    assert values.shape == (16, 32)
    # the same pixel centres as a square render of the left half at 16 x 16
    half = tmp_path / "half.npy"
    args = ("--window", "-1", "1", "-1", "1", "--size", "16", "--steps", "10")
    r = trainscape("render", "tanh-quick", *args, "-o", str(tmp_path / "h.png"), "--npy", str(half))
    assert r.returncode == 0, r.stderr
    np.testing.assert_array_equal(np.load(half), values[:, :16])


@pytest.mark.parametrize(
    "args,needle",
    [
        (["tile", "nope", "0", "0", "0", "-o", "x.npy"], "unknown experiment"),
        (["tile", "tanh", "49", "0", "0", "-o", "x.npy"], "allowed 0..48"),
        (["tile", "tanh", "3", "8", "0", "-o", "x.npy"], "allowed 0..7"),
        (["tile", "tanh", "a", "0", "0", "-o", "x.npy"], "not an integer"),
        (["point", "tanh", "--x", "1e", "--y", "1"], "not a decimal"),
        (["point", "tanh", "--x", "1e-3000000", "--y", "1"], "no digit finer than 1e-128"),
        (["point", "tanh", "--x", "1", "--y=-1e-9999999"], "no digit finer than 1e-128"),
        (["render", "tanh", "--window", "1e-9999999", "1", "0", "1", "-o", "x.png"], "1e-128"),
        (["point", "tanh", "--x", "1", "--y", "1", "--steps", "0"], "out of range"),
        (["point", "tanh", "--x", "1", "--y", "1", "--steps", "99999"], "out of range"),
        (["render", "tanh", "--window", "1", "0", "0", "1", "-o", "x.png"], "x0 must be below x1"),
        (
            ["render", "tanh", "--window", "0", "1", "0", "1", "--height", "8", "-o", "x.png"],
            "--height 8 is out of range",
        ),
    ],
)
def test_bad_input_is_one_clear_line(args, needle):
    r = trainscape(*args, timeout=60)
    assert r.returncode != 0
    assert needle in r.stderr
    assert "Traceback" not in r.stderr

"""`trainscape dimension` and `trainscape video` as a user runs them (real processes)."""

from __future__ import annotations

import json

from PIL import Image
from tests.cli.conftest import run_cli as trainscape


def test_dimension_json():
    r = trainscape(
        "dimension",
        "tanh-quick",
        "--window",
        "-3",
        "6",
        "-3",
        "6",
        "--size",
        "16",
        "--steps",
        "10",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["steps"] == 10 and data["size"] == 16
    assert data["sizes"] == [2, 4, 8, 16] and data["counts"][-1] == 1
    assert data["dimension"] is not None and 0 <= data["r2"] <= 1


def test_dimension_of_a_bookmark_window_names_its_bounds():
    r = trainscape("dimension", "tanh@5", "--bookmark", "--size", "8", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["window"]["x0"].startswith("1.12384387943491845")


def test_dimension_bad_window_is_one_line_with_the_exact_bounds():
    x0 = "1.0000000000000000000001"  # 1.0 as a float: the message shows what was given
    r = trainscape("dimension", "tanh-quick", "--window", x0, "1", "0", "1", "--size", "8")
    assert r.returncode == 2
    assert r.stderr.strip() == (f"trainscape dimension: error: x0 must be below x1 (got {x0} >= 1)")


def test_dimension_refuses_a_window_outside_the_plane_as_the_api_does():
    r = trainscape("dimension", "tanh-quick", "--window", "7", "8", "0", "1", "--size", "8")
    assert r.returncode == 2
    assert r.stderr.strip() == (
        "trainscape dimension: error: x0: must lie in the plane's log10 range [-3, 6]"
    )


def test_dimension_huge_exponent_is_one_line_at_once():
    r = trainscape("dimension", "tanh-quick", "--window", "1e-1000000", "1", "0", "1", timeout=60)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "no digit finer than 1e-128" in r.stderr


def test_video_from_a_permalink_writes_a_gif(tmp_path):
    out = tmp_path / "zoom.gif"
    r = trainscape(
        "video",
        "--to",
        "http://localhost:8000/?e=tanh-quick&z=2&x=512&y=512",
        "-o",
        str(out),
        "--size",
        "16",
        "--fps",
        "6",
        "--seconds",
        "1",
        "--steps",
        "10",
        "--supersample",
        "1",
    )
    assert r.returncode == 0, r.stderr
    assert "6 frames at 6 fps (1.00 s of video)" in r.stdout and "computed in" in r.stdout
    with Image.open(out) as im:
        assert im.n_frames == 6 and im.size == (16, 16)


def test_video_refuses_views_that_do_not_nest(tmp_path):
    r = trainscape(
        "video",
        "tanh-quick",
        "--from",
        "0",
        "1",
        "0",
        "1",
        "--to",
        "2",
        "3",
        "2",
        "3",
        "-o",
        str(tmp_path / "v.gif"),
    )
    assert r.returncode == 2 and "inside" in r.stderr


def test_video_needs_an_experiment(tmp_path):
    r = trainscape("video", "--to", "0", "1", "0", "1", "-o", str(tmp_path / "v.gif"))
    assert r.returncode == 2 and "EXPERIMENT" in r.stderr

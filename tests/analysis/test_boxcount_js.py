"""The page's box counting (frontend/js/analysis/boxcount.js, run by node) agrees with
`trainscape.analysis.dimension` on a real measure image."""

from __future__ import annotations

import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from trainscape.analysis.dimension import boundary_dimension
from trainscape.compute import compute_window
from trainscape.experiments import resolve

SCRIPT = Path(__file__).with_name("boxcount_js.mjs")
#: A non-square window the boundary crosses (about 3/4 of the runs converge).
WINDOW = (Fraction(1), Fraction(5, 2), Fraction(1, 2), Fraction(2))
W, H = 96, 80

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@pytest.fixture(scope="module")
def measure_HxW() -> np.ndarray:
    m = compute_window(resolve("tanh-quick@10"), WINDOW, W, H)
    assert m.shape == (H, W)
    assert 0.1 < float(np.mean(m < 0)) < 0.9  # the boundary crosses the window
    return m


def js_dimension(tmp_path: Path, measure_HxW: np.ndarray, **options) -> dict:
    image = tmp_path / "measure.f64"
    image.write_bytes(np.ascontiguousarray(measure_HxW, "<f8").tobytes())
    h, w = measure_HxW.shape
    out = subprocess.run(
        ["node", str(SCRIPT), str(image), str(w), str(h), json.dumps(options)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(out.stdout)


def assert_same(js: dict, py: dict) -> None:
    assert py["dimension"] is not None
    assert js["counts"] == py["counts"] and js["sizes"] == py["sizes"]
    assert js["boundary_blocks"] == py["boundary_blocks"]
    assert js["shape"] == py["shape"] and js["fit"]["range"] == py["fit"]["range"]
    assert js["dimension"] == pytest.approx(py["dimension"], abs=1e-9)
    assert js["fit"]["intercept"] == pytest.approx(py["fit"]["intercept"], abs=1e-9)
    assert js["r2"] == pytest.approx(py["r2"], abs=1e-9)


def test_sign_boundary_matches_python(tmp_path, measure_HxW):
    js = js_dimension(tmp_path, measure_HxW)
    py = boundary_dimension(measure_HxW).to_dict()
    assert_same(js, py)
    assert set(js) == set(py) and js["fit"].keys() == py["fit"].keys()


def test_level_set_and_fit_range_match_python(tmp_path, measure_HxW):
    level = float(np.median(measure_HxW))
    js = js_dimension(tmp_path, measure_HxW, level=level, minSize=4, fitSizes=[4, 32])
    py = boundary_dimension(measure_HxW, min_size=4, fit_sizes=(4, 32), level=level).to_dict()
    assert_same(js, py)


def test_float32_tile_values_match_python(tmp_path, measure_HxW):
    # the page holds float32 tile values; the sign of every run survives the rounding
    m32 = measure_HxW.astype(np.float32)
    assert_same(js_dimension(tmp_path, m32.astype(np.float64)), boundary_dimension(m32).to_dict())

"""Box counting on shapes whose dimension is known, before trusting it on the fractal."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from trainscape.analysis.dimension import (
    boundary_dimension,
    boundary_mask,
    box_count,
    box_sizes,
    resolve_level,
)

KOCH = np.log(4) / np.log(3)  # 1.2619


def koch_points(level: int) -> np.ndarray:
    """Vertices of the Koch curve from (0, 0) to (1, 0) after `level` refinements."""
    pts = np.array([[0.0, 0.0], [1.0, 0.0]])
    turn = np.array([[0.5, -np.sqrt(3) / 2], [np.sqrt(3) / 2, 0.5]])  # +60 degrees
    for _ in range(level):
        a, b = pts[:-1], pts[1:]
        d = (b - a) / 3
        bump = a + d + d @ turn.T
        refined = np.stack([a, a + d, bump, a + 2 * d], axis=1).reshape(-1, 2)
        pts = np.vstack([refined, pts[-1:]])
    return pts


def koch_measure(level: int, n: int) -> np.ndarray:
    """n x n 'measure': negative below the Koch curve, positive above it."""
    img = Image.new("L", (n, n), 0)
    curve = [(x * (n - 1), (n - 1) * (0.8 - y)) for x, y in koch_points(level)]
    ImageDraw.Draw(img).polygon(curve + [(n - 1, n - 1), (0, n - 1)], fill=255)
    return np.where(np.asarray(img) > 0, -1.0, 1.0)


def test_straight_edge_has_dimension_one():
    m = np.ones((128, 128))
    m[:, :50] = -1.0
    d = boundary_dimension(m)
    assert d.dimension == pytest.approx(1.0, abs=0.02)
    assert d.r2 > 0.99


def test_fine_checkerboard_fills_the_plane():
    i, j = np.indices((128, 128))
    d = boundary_dimension(np.where((i // 2 + j // 2) % 2, -1.0, 1.0))
    assert d.dimension == pytest.approx(2.0, abs=0.05)


def test_koch_curve_is_about_1_26():
    d = boundary_dimension(koch_measure(5, 512))
    assert d.dimension == pytest.approx(KOCH, abs=0.06)
    assert d.r2 > 0.98


def test_a_diagonal_edge_is_a_curve_not_an_area():
    i, j = np.indices((256, 256))
    d = boundary_dimension(np.where(i > j, -1.0, 1.0))
    assert 0.95 < d.dimension < 1.2


def test_boundary_is_where_the_sign_changes():
    m = np.array([[-1.0, -1.0, 1.0], [-1.0, -1.0, 1.0], [-1.0, -1.0, -1.0]])
    mask = boundary_mask(m)
    assert mask.shape == m.shape
    assert mask.tolist() == [[False, True, False], [False, True, True], [False, False, False]]


def test_no_boundary_has_no_dimension():
    d = boundary_dimension(-np.ones((64, 64)))
    assert d.dimension is None and d.boundary_blocks == 0
    assert d.to_dict()["dimension"] is None


def test_box_counts_cover_partial_boxes():
    mask = np.zeros((10, 10), bool)
    mask[9, 9] = True
    assert box_count(mask, 4) == 1
    assert box_count(np.ones((10, 10), bool), 4) == 9


def test_box_sizes_run_from_min_to_extent():
    assert box_sizes(64) == (2, 4, 8, 16, 32, 64)
    assert box_sizes(100, min_size=10) == (10, 20, 40, 80, 100)


def test_a_level_set_inside_one_side_of_the_boundary():
    j = np.indices((64, 64))[1]
    m = -100.0 - (j >= 20)  # all converged: no sign change, but a straight level line
    assert boundary_dimension(m).dimension is None
    assert resolve_level(m, "median") in (-101.0, -100.0)
    d = boundary_dimension(m, level=-100.5)
    assert d.dimension == pytest.approx(1.0, abs=0.02)
    assert resolve_level(m, "sign") == 0.0 and resolve_level(m, "-3.5") == -3.5

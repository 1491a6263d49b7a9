"""XYZ tile geometry over an experiment's log10 plane, computed exactly from integers.

Zoom 0 is one 256-px tile over the whole plane; y grows downwards (row 0 = largest log10 y).
Pixel (i, j) of tile (z, x, y) has its centre at column 256x + j + 1/2 and row 256y + i + 1/2 of
256 * 2**z. The centre's log10 coordinate u is an exact `Fraction`; the hyperparameter 10**u is
evaluated with `decimal` at 40 significant digits and rounded once to float64. No float64 grid
is ever built, so neighbouring pixels stay distinct down to `max_zoom`.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

import numpy as np

from trainscape.errors import TrainscapeError
from trainscape.experiments import Experiment

TILE_SIZE = 256
_DIGITS = 40
_ULP_REL = 2.0**-52  # largest relative spacing of float64 numbers


class TileError(TrainscapeError, ValueError):
    """A tile or pixel address outside the experiment's pyramid; the message gives the range."""


@lru_cache(maxsize=1024)
def max_zoom(experiment: Experiment) -> int:
    """Deepest zoom at which horizontally/vertically adjacent pixels still differ in float64.

    Adjacent pixel centres differ by du = span / (256 * 2**z) in log10, i.e. by a relative
    ln(10) * du in the hyperparameter; that must exceed float64's largest relative ulp, 2**-52.
    """
    x0, x1, y0, y1 = experiment.bounds
    span = min(x1 - x0, y1 - y0)
    ratio = math.log(10) * float(span) / TILE_SIZE / (_ULP_REL * (1 + 1e-9))
    return max(0, math.floor(math.log2(ratio)))


def _validate(experiment: Experiment, z: int, n: int, **indices: int) -> None:
    """TileError unless 0 <= z <= the max zoom and every index is in 0..n-1 at zoom z."""
    zmax = max_zoom(experiment)
    if not 0 <= z <= zmax:
        raise TileError(f"zoom {z} is out of range; allowed 0..{zmax} for this experiment")
    for name, v in indices.items():
        if not 0 <= v < n:
            raise TileError(f"{name}={v} is out of range; at zoom {z} allowed 0..{n - 1}")


def validate_tile(experiment: Experiment, z: int, x: int, y: int) -> None:
    """TileError for a zoom outside the pyramid or a tile outside the plane at z."""
    _validate(experiment, z, 2**z, x=x, y=y)


def validate_pixel(experiment: Experiment, z: int, px: int, py: int) -> None:
    """TileError for a zoom outside the pyramid or a global pixel outside the plane at z."""
    _validate(experiment, z, TILE_SIZE * 2**z, px=px, py=py)


def _pow10(u: Fraction) -> float:
    """10**u rounded once to float64 (40-digit decimal evaluation)."""
    with localcontext() as ctx:
        ctx.prec = _DIGITS
        d = Decimal(u.numerator) / Decimal(u.denominator)
        return float(Decimal(10) ** d)


def axis_log10(lo: Fraction, hi: Fraction, index: int, count: int) -> Fraction:
    """Exact log10 coordinate of the centre of cell `index` of `count` over [lo, hi]."""
    return lo + (hi - lo) * Fraction(2 * index + 1, 2 * count)


def pixel_log10(experiment: Experiment, z: int, px: int, py: int) -> tuple[Fraction, Fraction]:
    """Exact log10 (u, v) of global pixel (px, py) at zoom z; py = 0 is the top row."""
    x0, x1, y0, y1 = experiment.bounds
    n = TILE_SIZE * 2**z
    return axis_log10(x0, x1, px, n), axis_log10(y1, y0, py, n)


def axis_values(lo: Fraction, hi: Fraction, start: int, size: int, count: int) -> np.ndarray:
    """float64 10**u for cells start..start+size-1 of `count` over [lo, hi] (hi < lo allowed)."""
    return np.array([_pow10(axis_log10(lo, hi, start + k, count)) for k in range(size)])


def _grid(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """(len(ys)*len(xs), 2) hyperparameter pairs, row-major with row 0 = ys[0]."""
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=-1)


def tile_values(
    experiment: Experiment, z: int, x: int, y: int, size: int = TILE_SIZE
) -> np.ndarray:
    """Hyperparameters (size*size, 2) of tile (z, x, y) sampled at size x size pixel centres.

    size = 256 gives the tile's own pixels; a smaller power of two gives the exact centres of a
    coarser grid over the same tile (used for previews).
    """
    validate_tile(experiment, z, x, y)
    x0, x1, y0, y1 = experiment.bounds
    n = size * 2**z
    return _grid(axis_values(x0, x1, size * x, size, n), axis_values(y1, y0, size * y, size, n))


def pixel_values(experiment: Experiment, z: int, px: int, py: int) -> tuple[float, float]:
    """Hyperparameters of global pixel (px, py) at zoom z."""
    validate_tile(experiment, z, px // TILE_SIZE, py // TILE_SIZE)
    u, v = pixel_log10(experiment, z, px, py)
    return _pow10(u), _pow10(v)


def point_values(u: Fraction, v: Fraction) -> tuple[float, float]:
    """Hyperparameters at exact log10 coordinates (u, v)."""
    return _pow10(u), _pow10(v)


def window_values(
    x0: Fraction, x1: Fraction, y0: Fraction, y1: Fraction, width: int, height: int
) -> np.ndarray:
    """Hyperparameters (height*width, 2) at pixel centres of an arbitrary log10 window."""
    return _grid(axis_values(x0, x1, 0, width, width), axis_values(y1, y0, 0, height, height))

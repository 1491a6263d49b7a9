"""The paper's per-image look: sign-preserving histogram equalisation, blue/red (pure NumPy).

Used for whole pictures (`trainscape render`); map tiles use a fixed, tile-independent mapping.
Converged pixels (measure < 0) are blue, diverged (> 0) red; within each sign the colour runs
from bright (fast) to dark (slow: the boundary), by the rank of |measure| among that sign.
"""

from __future__ import annotations

import numpy as np

_BLUE = (np.array([0.55, 0.78, 1.0]), np.array([0.02, 0.05, 0.25]))
_RED = (np.array([1.0, 0.72, 0.45]), np.array([0.28, 0.02, 0.02]))


def equalise(values: np.ndarray) -> np.ndarray:
    """Signed ranks in [-1, 1]: -1 slowest converged, +1 slowest diverged (per-sign CDF)."""
    out = np.zeros(values.shape)
    for sign in (-1.0, 1.0):
        mask = np.sign(values) == sign
        if mask.any():
            mags = np.abs(values[mask])
            ranks = np.argsort(np.argsort(mags, kind="stable"), kind="stable")
            out[mask] = sign * (ranks + 1) / mags.size
    return out


def paper_rgb(values: np.ndarray) -> np.ndarray:
    """uint8 RGB image (H, W, 3) of a measure image (H, W)."""
    t = equalise(values)[..., None]
    mag = np.abs(t)
    blue = _BLUE[0] + (_BLUE[1] - _BLUE[0]) * mag
    red = _RED[0] + (_RED[1] - _RED[0]) * mag
    rgb = np.where(t < 0, blue, red)
    return (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)

"""Colouring for analysis pictures (videos): the paper's per-image look.

Uses `trainscape.render.paper.paper_rgb` (sign-preserving histogram equalisation, converged
blue, diverged red) when the render package provides it; otherwise the same mapping here.
"""

from __future__ import annotations

import numpy as np

_BLUE = (np.array([0.55, 0.78, 1.0]), np.array([0.02, 0.05, 0.25]))
_RED = (np.array([1.0, 0.72, 0.45]), np.array([0.28, 0.02, 0.02]))


def _signed_ranks(values: np.ndarray) -> np.ndarray:
    """Per-sign CDF of |value| in [-1, 1]: negative for converged (< 0) pixels."""
    out = np.zeros(values.shape)
    for sign in (-1.0, 1.0):
        mask = np.sign(values) == sign
        if mask.any():
            mags = np.abs(values[mask])
            ranks = np.argsort(np.argsort(mags, kind="stable"), kind="stable")
            out[mask] = sign * (ranks + 1) / mags.size
    return out


def _local_paper_rgb(values: np.ndarray) -> np.ndarray:
    """uint8 RGB (H, W, 3): bright = fast, dark = slow (near the boundary)."""
    t = _signed_ranks(values)[..., None]
    mag = np.abs(t)
    blue = _BLUE[0] + (_BLUE[1] - _BLUE[0]) * mag
    red = _RED[0] + (_RED[1] - _RED[0]) * mag
    rgb = np.where(t < 0, blue, red)
    return (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)


try:
    from trainscape.render.paper import paper_rgb
except ImportError:  # render package without the paper look
    paper_rgb = _local_paper_rgb

__all__ = ["paper_rgb"]

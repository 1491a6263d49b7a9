"""Fixed, tile-independent colouring of raw tiles (for PNGs; the browser colours raw tiles).

Measure values m are negative for converged runs and positive for diverged ones; |m| / T (T =
steps) runs from about 0 (fast) to 1 (slow, e.g. near the boundary). Position in the colormap:
p = 1/2 - sign(m) (GAP + (1/2 - GAP) s) with s = clip(|m| / T, 0, 1): slowest divergence -> 0,
fastest divergence -> 3/8, fastest convergence -> 5/8, slowest convergence -> 1. These are the
page's places (its t = -1, -1/4, +1/4, +1 by rank), so a PNG shows the page's hues for the same
colormap: the slowest runs at the boundary at the ends, the fastest near the middle, and a jump
of 2 GAP across (3/8, 5/8) so the sign change always shows. The mapping depends only on m and T,
so neighbouring tiles never show seams (the page ranks over the view instead, so shades between
the fastest and the slowest runs differ).

Other layers (e.g. Lyapunov exponents) use a symmetric linear scale around 0 instead.
"""

from __future__ import annotations

import numpy as np

from trainscape.render.colormaps import NAN_RGB, lut

#: Half the skipped middle of the colormap: the page's BUFFER (1/4 of t in [-1, 1]) as a position.
GAP = 0.125


def measure_positions(values: np.ndarray, steps: int) -> np.ndarray:
    """Colormap positions in [0, 1] for measure values of a run of `steps` steps."""
    m = np.asarray(values, dtype=np.float64)
    s = np.clip(np.abs(m) / max(steps, 1), 0.0, 1.0)
    return 0.5 - np.sign(m) * (GAP + (0.5 - GAP) * s)


def symmetric_positions(values: np.ndarray, scale: float) -> np.ndarray:
    """Positions for a signed quantity: -scale -> 1 (blue), 0 -> 1/2, +scale -> 0 (red)."""
    v = np.asarray(values, dtype=np.float64)
    return np.clip(0.5 - 0.5 * v / scale, 0.0, 1.0)


def colour(positions: np.ndarray, colormap: str) -> np.ndarray:
    """(H, W, 3) uint8 RGB for positions (H, W) in [0, 1]; NaN positions are grey."""
    table = lut(colormap)
    p = np.asarray(positions, dtype=np.float64)
    bad = ~np.isfinite(p)
    idx = np.round(np.clip(np.where(bad, 0.5, p), 0.0, 1.0) * 255).astype(np.intp)
    rgb = table[idx]
    rgb[bad] = NAN_RGB
    return rgb


def colour_layer(values: np.ndarray, layer: str, steps: int, colormap: str) -> np.ndarray:
    """RGB image of a raw tile of `layer` (measure uses its step count, others +-1 scale)."""
    if layer == "measure":
        return colour(measure_positions(values, steps), colormap)
    return colour(symmetric_positions(values, 1.0), colormap)

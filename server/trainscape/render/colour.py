"""Fixed, tile-independent colouring of raw tiles (for PNGs; the browser colours raw tiles).

A run's colour depends on its own measure and step count alone, so neighbouring PNG tiles never
show seams; positions are the page's, so hues agree with it (shades in between may not).
Details: docs/api.md, "PNG colouring".
"""

from __future__ import annotations

import numpy as np

from trainscape.experiments.measure import MAX_VAL
from trainscape.render.colormaps import NAN_RGB, lut

#: Half the skipped middle of the colormap: the page's BUFFER (1/4 of t in [-1, 1]) as a position.
GAP = 0.125


def measure_positions(values: np.ndarray, steps: int) -> np.ndarray:
    """Colormap positions in [0, 1] for measure values of a run of `steps` steps."""
    m = np.asarray(values, dtype=np.float64)
    s = np.where(m > 0, diverged_scale(m, steps), np.clip(-m / max(steps, 1), 0.0, 1.0))
    return 0.5 - np.sign(m) * (GAP + (0.5 - GAP) * s)


def diverged_scale(m: np.ndarray, steps: int) -> np.ndarray:
    """s in [0, 1] of diverged measures: log10 of the mean of L_0 / L_t over steps 1..T-1."""
    x = np.clip((m - 1.0) / max(steps - 1, 1), 1.0 / MAX_VAL, 1.0)
    return 1.0 + np.log10(x) / np.log10(MAX_VAL)


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

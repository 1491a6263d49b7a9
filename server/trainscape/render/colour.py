"""Fixed, tile-independent colouring of raw tiles (for PNGs; the browser colours raw tiles).

The measure m of a run of T steps (compute/measure.py) sums a term per step of the normalised
loss v_t = L_t / L_0 (clipped at MAX_VAL = 1e6): m = -sum(v_t) < 0 if it converged, m =
+sum(1 / v_t) > 0 if it diverged; the step-0 term is always 1. Each sign gets its own scale s in
[0, 1] (0 fastest, 1 slowest), fixed by m and T alone:

* diverged: s = 1 + log10(x) / 6 with x = (m - 1) / (T - 1), the mean of L_0 / L_t over steps
  1..T-1, clipped to [1 / MAX_VAL, 1]: logarithmic over the 6 decades that the clip allows. Most
  diverged runs blow up within a few steps (x from 1e-6 to 1e-2 in a zoomed-out view), which a
  linear scale in m / T put on one or two colours for 90% of the diverged pixels.
* converged: s = clip(|m| / T, 0, 1), the mean of v_t, linear: converged runs already spread
  over it (a logarithmic scale, in |m| or in T - |m|, spread most tiles over fewer colours).

Position in the colormap: p = 1/2 - sign(m) (GAP + (1/2 - GAP) s): slowest divergence -> 0,
fastest divergence -> 3/8, fastest convergence -> 5/8, slowest convergence -> 1. These are the
page's places (its t = -1, -1/4, +1/4, +1 by rank), so a PNG shows the page's hues for the same
colormap: the slowest runs at the boundary at the ends, the fastest near the middle, and a jump
of 2 GAP across (3/8, 5/8) so the sign change always shows. The mapping is elementwise and
depends only on m and T, so neighbouring tiles never show seams (the page ranks over the view
instead, so shades between the fastest and the slowest runs differ). NaN is grey.

Other layers (e.g. Lyapunov exponents) use a symmetric linear scale around 0 instead.
"""

from __future__ import annotations

import numpy as np

from trainscape.render.colormaps import NAN_RGB, lut

#: Half the skipped middle of the colormap: the page's BUFFER (1/4 of t in [-1, 1]) as a position.
GAP = 0.125
#: compute.measure.MAX_VAL, the clip of v_t (not imported: rendering needs no JAX).
MAX_VAL = 1e6


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

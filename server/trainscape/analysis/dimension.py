"""Box-counting dimension of the trainability boundary in a measure image (pure numpy).

The boundary is the 2x2 blocks where the measure changes sign; any other `level` works too, as a
window wholly on one side of the boundary still shows the paper's chaotic texture in its median
level set. Details: docs/analysis.md, "Fractal dimension of the boundary".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

#: Smallest box (pixels) of the default size range.
MIN_BOX = 2
#: Ratio between successive box sizes of the default range.
BOX_RATIO = 2.0


@dataclass(frozen=True)
class Dimension:
    """Box counts and the fitted slope: N(s) ~ s**-dimension over `fit_range` (pixels)."""

    dimension: float | None
    intercept: float | None
    r2: float | None
    sizes: tuple[int, ...]
    counts: tuple[int, ...]
    fit_range: tuple[int, int]
    boundary_blocks: int
    shape: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (the API's and `--json`'s output)."""
        return {
            "dimension": self.dimension,
            "r2": self.r2,
            "fit": {
                "slope": self.dimension,
                "intercept": self.intercept,
                "range": list(self.fit_range),
                "x": "log(1/size)",
                "y": "log(count)",
            },
            "sizes": list(self.sizes),
            "counts": list(self.counts),
            "boundary_blocks": self.boundary_blocks,
            "shape": list(self.shape),
        }


def boundary_mask(measure_HxW: np.ndarray, level: float = 0.0) -> np.ndarray:
    """(H, W) bool: the 2x2 block whose top-left pixel is (i, j) holds both a pixel below
    `level` (0: converged) and one at or above it (the last row/column use 1x2 / 2x1 blocks, so
    a 2**k image gives a 2**k mask that power-of-two boxes tile exactly)."""
    conv = np.pad(np.asarray(measure_HxW) < level, ((0, 1), (0, 1)), mode="edge")
    blocks = np.stack([conv[:-1, :-1], conv[:-1, 1:], conv[1:, :-1], conv[1:, 1:]])
    return np.asarray(blocks.any(axis=0) & ~blocks.all(axis=0))


def box_sizes(extent: int, min_size: int = MIN_BOX, ratio: float = BOX_RATIO) -> tuple[int, ...]:
    """Distinct integer box sizes from min_size to extent, about `ratio` apart."""
    if extent < 1:
        return ()
    lo = max(1, min(min_size, extent))
    n = int(np.floor(np.log(extent / lo) / np.log(ratio))) + 1
    sizes = {round(lo * ratio**k) for k in range(n)} | {extent}
    return tuple(sorted(s for s in sizes if lo <= s <= extent))


def box_count(mask_HxW: np.ndarray, size: int) -> int:
    """Number of size x size grid boxes (anchored top-left) holding a True pixel."""
    h, w = mask_HxW.shape
    nh, nw = -(-h // size), -(-w // size)
    padded = np.zeros((nh * size, nw * size), bool)
    padded[:h, :w] = mask_HxW
    return int(padded.reshape(nh, size, nw, size).any(axis=(1, 3)).sum())


def fit_loglog(sizes: np.ndarray, counts: np.ndarray) -> tuple[float, float, float]:
    """(slope, intercept, r2) of log(count) against log(1/size)."""
    x, y = np.log(1.0 / sizes), np.log(counts)
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (slope * x + intercept)
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - float(np.sum(resid**2)) / ss_tot if ss_tot > 0 else 1.0
    return float(slope), float(intercept), r2


def mask_dimension(
    mask_HxW: np.ndarray,
    min_size: int = MIN_BOX,
    fit_sizes: tuple[int, int] | None = None,
) -> Dimension:
    """Box-counting dimension of a boolean set (e.g. `boundary_mask`'s output)."""
    mask = np.asarray(mask_HxW, bool)
    sizes = box_sizes(max(mask.shape), min_size)
    counts = tuple(box_count(mask, s) for s in sizes)
    lo, hi = fit_sizes or (sizes[0] if sizes else 0, sizes[-1] if sizes else 0)
    sel = [i for i, s in enumerate(sizes) if lo <= s <= hi and counts[i] > 0]
    slope = intercept = r2 = None
    if len(sel) >= 2:
        slope, intercept, r2 = fit_loglog(
            np.array([sizes[i] for i in sel], float), np.array([counts[i] for i in sel], float)
        )
    used = (sizes[sel[0]], sizes[sel[-1]]) if sel else (lo, hi)
    return Dimension(
        slope,
        intercept,
        r2,
        sizes,
        counts,
        used,
        int(mask.sum()),
        (int(mask.shape[0]), int(mask.shape[1])),
    )


def boundary_dimension(
    measure_HxW: np.ndarray,
    min_size: int = MIN_BOX,
    fit_sizes: tuple[int, int] | None = None,
    level: float = 0.0,
) -> Dimension:
    """Box-counting dimension of the sign-change boundary of a measure image (or of the
    `level` set: e.g. the median, for windows that lie wholly on one side of the boundary)."""
    return mask_dimension(boundary_mask(measure_HxW, level), min_size, fit_sizes)


def resolve_level(measure_HxW: np.ndarray, level: str | float) -> float:
    """A level: a number, 'sign' (0, the trainability boundary) or 'median' of the image."""
    if level == "sign":
        return 0.0
    if level == "median":
        return float(np.median(measure_HxW))
    return float(level)

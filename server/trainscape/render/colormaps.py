"""Named colormaps as a few colour stops each, expanded to 256-entry lookup tables.

Stops are (position in [0, 1], "#rrggbb"); position 0 is the fast-diverging end (red in the
paper's look) and 1 the fast-converging end (blue). The browser gets the same stops from
`GET /api/colormaps`, so a script's PNG and the page agree on hues.
"""

from __future__ import annotations

from functools import cache

import numpy as np

Stops = tuple[tuple[float, str], ...]

COLORMAPS: dict[str, Stops] = {
    "spectral": (
        (0.0, "#9e0142"),
        (0.1, "#d53e4f"),
        (0.2, "#f46d43"),
        (0.3, "#fdae61"),
        (0.4, "#fee08b"),
        (0.5, "#ffffbf"),
        (0.6, "#e6f598"),
        (0.7, "#abdda4"),
        (0.8, "#66c2a5"),
        (0.9, "#3288bd"),
        (1.0, "#5e4fa2"),
    ),
    "redblue": (
        (0.0, "#67001f"),
        (0.25, "#d6604d"),
        (0.5, "#f7f7f7"),
        (0.75, "#4393c3"),
        (1.0, "#053061"),
    ),
    "paper": (
        (0.0, "#7f0000"),
        (0.3, "#ff4b33"),
        (0.5, "#1a1a1a"),
        (0.7, "#3b7bff"),
        (1.0, "#00105f"),
    ),
    "gray": ((0.0, "#000000"), (1.0, "#ffffff")),
}
DEFAULT_COLORMAP = "spectral"
#: Colour of pixels whose value is not a number (e.g. undefined Lyapunov exponents).
NAN_RGB = (128, 128, 128)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


@cache
def lut(name: str) -> np.ndarray:
    """(256, 3) uint8 lookup table of colormap `name` (KeyError if unknown)."""
    stops = COLORMAPS[name]
    pos = np.array([p for p, _ in stops])
    rgb_Sx3 = np.array([_rgb(c) for _, c in stops], dtype=np.float64)
    t = np.linspace(0.0, 1.0, 256)
    table = np.stack([np.interp(t, pos, rgb_Sx3[:, k]) for k in range(3)], axis=-1)
    table = np.round(table).astype(np.uint8)
    table.flags.writeable = False
    return table

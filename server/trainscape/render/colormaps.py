"""Named colormaps as a few colour stops each, expanded to 256-entry lookup tables.

One table (frontend/js/colour/colormaps.json) serves the explorer and the PNG tiles, at the page's
positions, so a PNG and the page show the same hues for one name. Details: docs/api.md,
"Endpoints" (the `colormap` parameter) and "PNG colouring".
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import numpy as np

from trainscape.assets import frontend_dir

Stops = tuple[tuple[float, str], ...]

#: Colour of pixels whose value is not a number (e.g. undefined Lyapunov exponents).
NAN_RGB = (128, 128, 128)


def _load_table() -> dict[str, Any]:
    """The shared table, beside the page's modules."""
    return json.loads((frontend_dir() / "js" / "colour" / "colormaps.json").read_text("utf-8"))


def _stops(name: str, raw: list[list[Any]]) -> Stops:
    """Checked stops: positions rise strictly from 0 to 1, colours are #rrggbb."""
    stops = tuple((float(p), str(c)) for p, c in raw)
    pos = [p for p, _ in stops]
    ok = len(pos) >= 2 and pos[0] == 0.0 and pos[-1] == 1.0
    ok = ok and all(a < b for a, b in zip(pos, pos[1:], strict=False))
    if not ok or not all(len(c) == 7 and c[0] == "#" for _, c in stops):
        raise ValueError(f"colormaps.json: bad stops for {name!r}: {raw}")
    return stops


_TABLE = _load_table()
COLORMAPS: dict[str, Stops] = {k: _stops(k, v) for k, v in _TABLE["colormaps"].items()}
#: Older names that still select a colormap: alias -> name.
ALIASES: dict[str, str] = dict(_TABLE["aliases"])
DEFAULT_COLORMAP: str = _TABLE["default"]
if DEFAULT_COLORMAP not in COLORMAPS or not set(ALIASES.values()) <= set(COLORMAPS):
    raise ValueError("colormaps.json: the default and every alias must name a colormap")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


@cache
def lut(name: str) -> np.ndarray:
    """(256, 3) uint8 lookup table of colormap `name` (KeyError if unknown).

    Entry i is the colour at position i / 255, interpolated linearly between stops and rounded
    half up: the same arithmetic as `lut` in frontend/js/colour/colour.js, so both tables are equal.
    """
    stops = COLORMAPS[name]
    pos_S = np.array([p for p, _ in stops])
    rgb_Sx3 = np.array([_rgb(c) for _, c in stops], dtype=np.float64)
    t_N = np.arange(256) / 255
    k_N = np.clip(np.searchsorted(pos_S, t_N, side="right") - 1, 0, len(stops) - 2)
    f_N = np.clip((t_N - pos_S[k_N]) / (pos_S[k_N + 1] - pos_S[k_N]), 0.0, 1.0)
    table = np.floor(rgb_Sx3[k_N] + (rgb_Sx3[k_N + 1] - rgb_Sx3[k_N]) * f_N[:, None] + 0.5)
    table = table.astype(np.uint8)
    table.flags.writeable = False
    return table

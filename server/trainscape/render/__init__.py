"""Pure colouring and encoding of raw tiles (no I/O, no web or cache imports)."""

from trainscape.render.colormaps import ALIASES, COLORMAPS, DEFAULT_COLORMAP, lut
from trainscape.render.colour import colour, colour_layer, measure_positions
from trainscape.render.encode import gunzipped, gzipped, is_gzipped, npy_array, npy_bytes, png_bytes

#: Bumped whenever a PNG's colours for the same tile and colormap name change (part of the cached
#: PNG's key, so a cache never mixes PNGs of two versions). 2: one colormap set with the explorer.
#: 3: diverged runs placed by the logarithm of their measure's excess (render/colour.py).
RENDER_VERSION = "3"

__all__ = [
    "ALIASES",
    "COLORMAPS",
    "DEFAULT_COLORMAP",
    "RENDER_VERSION",
    "colour",
    "colour_layer",
    "gunzipped",
    "gzipped",
    "is_gzipped",
    "lut",
    "measure_positions",
    "npy_array",
    "npy_bytes",
    "png_bytes",
]

"""Pure colouring and encoding of raw tiles (no I/O, no web or cache imports)."""

from trainscape.render.colormaps import COLORMAPS, DEFAULT_COLORMAP, lut
from trainscape.render.colour import colour, colour_layer, measure_positions
from trainscape.render.encode import npy_array, npy_bytes, png_bytes

__all__ = [
    "COLORMAPS",
    "DEFAULT_COLORMAP",
    "colour",
    "colour_layer",
    "lut",
    "measure_positions",
    "npy_array",
    "npy_bytes",
    "png_bytes",
]

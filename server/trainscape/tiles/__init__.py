"""Tile geometry: XYZ addresses <-> hyperparameter values, exact (pure, no I/O)."""

from trainscape.tiles.geometry import (
    TILE_SIZE,
    TileError,
    axis_values,
    max_zoom,
    pixel_log10,
    pixel_values,
    point_values,
    tile_values,
    validate_pixel,
    validate_tile,
    window_values,
)

__all__ = [
    "TILE_SIZE",
    "TileError",
    "axis_values",
    "max_zoom",
    "pixel_log10",
    "pixel_values",
    "point_values",
    "tile_values",
    "validate_pixel",
    "validate_tile",
    "window_values",
]

"""Windows of the hyperparameter plane: exact log10 bounds (x0, x1, y0, y1) as Fractions.

Windows come as log10 decimal strings (the API's and CLI's unit; their size is bounded at the
parse, see `trainscape.experiments.decimals`), as linear-unit bookmarks
(converted to log10 with 50-digit `decimal` arithmetic, then held exactly), or as a tile
address.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from urllib.parse import parse_qs, urlsplit

from trainscape.errors import TrainscapeError
from trainscape.experiments import Experiment, decimals
from trainscape.experiments.config import BOUND_RANGE
from trainscape.experiments.presets import Bookmark
from trainscape.tiles import validate_tile

Window = tuple[Fraction, Fraction, Fraction, Fraction]
_LOG_DIGITS = 50


class WindowError(TrainscapeError, ValueError):
    """A window that is not a finite, non-empty rectangle; the message says what is wrong."""


def parse_decimal(label: str, text: str) -> Fraction:
    """A finite decimal string of bounded size (`trainscape.experiments.decimals`), exactly."""
    try:
        return Fraction(decimals.parse_decimal(text))
    except decimals.DecimalError as exc:
        raise WindowError(f"{label}: {exc}") from None


def make_window(x0: Fraction, x1: Fraction, y0: Fraction, y1: Fraction) -> Window:
    """Check that every bound lies in BOUND_RANGE (log10), x0 < x1 and y0 < y1."""
    lo, hi = (Fraction(b) for b in BOUND_RANGE)
    for name, v in zip(("x0", "x1", "y0", "y1"), (x0, x1, y0, y1)):
        if not lo <= v <= hi:
            raise WindowError(f"{name} is out of range; allowed [{lo}, {hi}] (log10)")
    for lo_name, lo_v, hi_name, hi_v in (("x0", x0, "x1", x1), ("y0", y0, "y1", y1)):
        if not lo_v < hi_v:
            got = f"{decimals.fraction_string(lo_v)} >= {decimals.fraction_string(hi_v)}"
            raise WindowError(f"{lo_name} must be below {hi_name} (got {got})")
    return (x0, x1, y0, y1)


def plane_window(e: Experiment, x0: Fraction, x1: Fraction, y0: Fraction, y1: Fraction) -> Window:
    """A window that lies in e's plane (the rule and message of a point, GET /point), then
    `make_window`'s checks. The explorer clips its views to the plane the same way."""
    bx0, bx1, by0, by1 = e.bounds
    axes = {"x": (bx0, bx1, f"[{e.x0}, {e.x1}]"), "y": (by0, by1, f"[{e.y0}, {e.y1}]")}
    for name, v in zip(("x0", "x1", "y0", "y1"), (x0, x1, y0, y1)):
        lo, hi, shown = axes[name[0]]
        if not lo <= v <= hi:
            raise WindowError(f"{name}: must lie in the plane's log10 range {shown}")
    return make_window(x0, x1, y0, y1)


def parse_window(values: list[str] | tuple[str, ...], e: Experiment | None = None) -> Window:
    """Four log10 decimal strings x0 x1 y0 y1 -> exact window (inside e's plane if given)."""
    if len(values) != 4:
        raise WindowError(f"a window is four numbers X0 X1 Y0 Y1, got {len(values)}")
    names = ("x0", "x1", "y0", "y1")
    x0, x1, y0, y1 = (parse_decimal(n, v) for n, v in zip(names, values))
    return make_window(x0, x1, y0, y1) if e is None else plane_window(e, x0, x1, y0, y1)


def log10_exact(label: str, text: str) -> Fraction:
    """log10 of a positive linear-unit decimal string, to 50 significant digits."""
    value = parse_decimal(label, text)
    if value <= 0:
        raise WindowError(f"{label}: a linear value must be positive, got {text!r}")
    with localcontext() as ctx:
        ctx.prec = _LOG_DIGITS
        return Fraction((Decimal(value.numerator) / Decimal(value.denominator)).log10())


def bookmark_window(bookmark: Bookmark) -> Window:
    """A bookmark's linear-unit window in log10."""
    return make_window(
        log10_exact("x0", bookmark.x[0]),
        log10_exact("x1", bookmark.x[1]),
        log10_exact("y0", bookmark.y[0]),
        log10_exact("y1", bookmark.y[1]),
    )


def tile_window(e: Experiment, z: int, x: int, y: int) -> Window:
    """The log10 window covered by tile (z, x, y) (row 0 of a tile is its top)."""
    validate_tile(e, z, x, y)
    bx0, bx1, by0, by1 = e.bounds
    n = 2**z
    return (
        bx0 + (bx1 - bx0) * Fraction(x, n),
        bx0 + (bx1 - bx0) * Fraction(x + 1, n),
        by1 - (by1 - by0) * Fraction(y + 1, n),
        by1 - (by1 - by0) * Fraction(y, n),
    )


def window_strings(w: Window, digits: int = 40) -> dict[str, str]:
    """{"x0": ..., ...} as decimal strings (exact for windows of a decimal plane)."""
    return {
        name: decimals.fraction_string(v, digits) for name, v in zip(("x0", "x1", "y0", "y1"), w)
    }


def permalink_view(url: str) -> tuple[str | None, int, Fraction, Fraction]:
    """(experiment id or None, z, centre px, centre py) of an explorer permalink.

    The explorer's links (`frontend/js/core/permalink.js`) carry `?e=ID&z=Z&x=PX&y=PY`, the view
    centre in global pixels at zoom z as exact decimals.
    """
    query = parse_qs(urlsplit(url).query if "?" in url else url)
    try:
        z = int(query["z"][0])
        cx, cy = parse_decimal("x", query["x"][0]), parse_decimal("y", query["y"][0])
    except WindowError:
        raise
    except (KeyError, IndexError, ValueError):
        raise WindowError(f"not an explorer permalink with z, x and y: {url!r}") from None
    return query.get("e", [None])[0], z, cx, cy


def view_window(e: Experiment, z: int, cx: Fraction, cy: Fraction, pixels: int = 256) -> Window:
    """The square of `pixels` global pixels at zoom z centred at (cx, cy) (y down), in log10."""
    if not 0 <= z <= 60:
        raise WindowError(f"zoom {z} is out of range; allowed 0..60")
    bx0, bx1, by0, by1 = e.bounds
    n = 256 * 2**z
    half = Fraction(pixels, 2)
    return make_window(
        bx0 + (bx1 - bx0) * (cx - half) / n,
        bx0 + (bx1 - bx0) * (cx + half) / n,
        by1 - (by1 - by0) * (cy + half) / n,
        by1 - (by1 - by0) * (cy - half) / n,
    )

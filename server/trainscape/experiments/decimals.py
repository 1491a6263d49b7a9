"""Decimal strings of the API and CLI (log10 coordinates, plane bounds), parsed and kept exactly.

Exact decimal-to-rational work grows faster than the exponent (`1e-9999999` takes minutes), so a
string's syntax and size are bounded at the parse, before any arithmetic; accepted values are
then held and printed exactly, never rounded silently. Details: docs/api.md, "Decimal strings".
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, Inexact, InvalidOperation, localcontext
from fractions import Fraction

from trainscape.errors import TrainscapeError

#: Longest decimal string accepted anywhere.
MAX_CHARS = 160
#: Finest (and, as a power of ten, coarsest) digit place of an accepted decimal.
MAX_PLACES = 128
#: Finest digit place of a plane bound (experiment fields x0, x1, y0, y1).
BOUND_PLACES = 64

#: The only accepted spelling (ASCII digits; no spaces, underscores, bare points or specials).
SYNTAX = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
FORM = "an optional sign, digits, an optional .fraction and exponent (e.g. -1.25, 3e-7)"
RULE = (
    f"at most {MAX_CHARS} characters, no digit finer than 1e-{MAX_PLACES} "
    f"or coarser than 1e{MAX_PLACES}"
)


class DecimalError(TrainscapeError, ValueError):
    """A string that is not an accepted decimal; the message says what is allowed."""


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:20] + "…" + text[-10:])


def parse_decimal(text: str, places: int = MAX_PLACES) -> Decimal:
    """A plain decimal string (`SYNTAX`) within the size bounds, as an exact `Decimal`."""
    text = str(text)
    if len(text) > MAX_CHARS:
        raise DecimalError(f"{_shown(text)} is too long; allowed: {RULE}")
    if not SYNTAX.fullmatch(text):
        special = text.strip().lstrip("+-").lower() in ("nan", "snan", "inf", "infinity")
        what = "must be finite" if special else "is not a decimal number"
        raise DecimalError(f"{_shown(text)} {what}; allowed: {FORM}, no spaces or underscores")
    d = Decimal(text)  # SYNTAX admits only what Decimal reads exactly
    if not d:
        return Decimal(0)
    _, digits, exponent = d.as_tuple()
    shown = "".join(map(str, digits))
    finest = int(exponent) + len(shown) - len(shown.rstrip("0"))
    if finest < -places or d.adjusted() > MAX_PLACES:
        where = f"1e{finest}" if finest < -places else f"1e{d.adjusted()}"
        bound = f"; plane bounds: no digit finer than 1e-{places}" if places < MAX_PLACES else ""
        raise DecimalError(f"{_shown(text)} has a digit at {where}; allowed: {RULE}{bound}")
    return d


def parse_log10(name: str, text: str, lo: str, hi: str) -> Fraction:
    """A log10 coordinate `name` inside the plane [lo, hi], exactly; the message of a refusal
    (the API's 422 and the CLI's one line) names the coordinate and what is allowed."""
    try:
        d = parse_decimal(text)
    except DecimalError as exc:
        raise DecimalError(f"{name}: {exc} (log10 units)") from None
    if not Decimal(lo) <= d <= Decimal(hi):
        raise DecimalError(f"{name}: must lie in the plane's log10 range [{lo}, {hi}]")
    return Fraction(d)


def decimal_string(d: Decimal) -> str:
    """The canonical exact form of a finite Decimal: no exponent, no trailing zeros, '0' for
    zero. Raises `decimal.Inexact` rather than round."""
    if not d:
        return "0"
    with localcontext(_exact(len(d.as_tuple().digits))):
        return format(d.normalize(), "f")


def fraction_string(f: Fraction, digits: int = 40) -> str:
    """A Fraction as a decimal string: exact when its denominator is 2^a 5^b with a, b <= 4 x
    MAX_PLACES (every pixel centre and window bound of a decimal plane), else rounded to
    `digits` significant digits."""
    den = f.denominator
    twos = (den & -den).bit_length() - 1
    den >>= twos
    fives = 0
    while den % 5 == 0 and fives <= 4 * MAX_PLACES:
        den //= 5
        fives += 1
    n = max(twos, fives)
    if den != 1 or n > 4 * MAX_PLACES:
        with localcontext() as ctx:
            ctx.prec = digits
            return decimal_string(Decimal(f.numerator) / Decimal(f.denominator))
    scaled = f.numerator * 10**n // f.denominator  # exact: f * 10^n is an integer
    with localcontext(_exact(n + len(str(abs(scaled) // 10**n)) + 2)):
        return decimal_string(Decimal(scaled).scaleb(-n))


def _exact(prec: int) -> Context:
    """A context that holds `prec` digits and raises instead of rounding."""
    limit = 10 * MAX_PLACES
    return Context(prec=prec + 2, Emax=limit, Emin=-limit, traps=[Inexact, InvalidOperation])

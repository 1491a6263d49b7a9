"""The root of every error trainscape raises for bad input, refused work or an unavailable
backend: the API's one table (`api.errors.STATUS`) maps each kind to its HTTP status, and a
test checks that no kind is missing from it."""

from __future__ import annotations


class TrainscapeError(Exception):
    """Base of trainscape's own errors; the message says what was wrong and what is allowed."""


#: Characters of a refused value that an error message quotes back.
SHOWN_CHARS = 40


def shown(value: object) -> str:
    """repr of a refused value for an error message, cut to SHOWN_CHARS characters (a quoted
    one keeps its closing quote), so a 1 MB bad value is not echoed back."""
    if isinstance(value, int) and abs(value) >= 10**SHOWN_CHARS:  # repr fails past 4300 digits
        return f"an integer of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    if len(text) <= SHOWN_CHARS:
        return text
    quote = text[-1] if text[-1] in "'\"" else ""
    return text[: SHOWN_CHARS - 3 - len(quote)] + "..." + quote

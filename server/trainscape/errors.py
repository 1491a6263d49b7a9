"""The root of every error trainscape raises for bad input, refused work or an unavailable
backend: the API's one table (`api.errors.STATUS`) maps each kind to its HTTP status, and a
test checks that no kind is missing from it."""

from __future__ import annotations


class TrainscapeError(Exception):
    """Base of trainscape's own errors; the message says what was wrong and what is allowed."""

"""`trainscape serve` and `trainscape worker` (owned by the tile-service work)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the server sub-commands."""

"""`trainscape dimension` and `trainscape video` (owned by the analysis work)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the analysis sub-commands."""

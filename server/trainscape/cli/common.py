"""Helpers shared by CLI sub-commands: argument parsing that fails with one clear line."""

from __future__ import annotations

import argparse
from fractions import Fraction

from trainscape.analysis.window import WindowError, log10_exact, parse_decimal
from trainscape.experiments import (
    MAX_STEPS,
    PRESETS,
    Experiment,
    ExperimentError,
    resolve,
    with_steps,
)


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def experiment_arg(name: str, steps: int | None = None) -> Experiment:
    """Resolve a preset name (optionally `name@steps`) plus a --steps override."""
    try:
        return resolve(with_steps(name, steps) if steps is not None else name)
    except KeyError:
        raise CliError(
            f"unknown experiment {name!r}; choose one of: {', '.join(PRESETS)}"
        ) from None
    except ExperimentError as exc:
        raise CliError(str(exc)) from None


def exact_decimal(label: str, text: str) -> Fraction:
    """A decimal string parsed exactly (no float rounding)."""
    try:
        return parse_decimal(label, text)
    except WindowError as exc:
        raise CliError(str(exc)) from None


def exact_log10(label: str, text: str) -> Fraction:
    """log10 of a positive linear-unit decimal string (50 significant digits)."""
    try:
        return log10_exact(label, text)
    except WindowError as exc:
        raise CliError(str(exc)) from None


def int_arg(text: str) -> int:
    """argparse type: an integer, or a one-line usage error."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def chunks_arg(text: str) -> tuple[int, ...]:
    """argparse type: comma-separated chunk sizes (runs per chunk), each 1..65536."""
    sizes = tuple(int_arg(part) for part in text.split(","))
    if not all(1 <= n <= 65536 for n in sizes):
        raise argparse.ArgumentTypeError(f"{text!r}: each chunk size must be in 1..65536")
    return sizes


def tile_size_arg(text: str) -> int:
    """argparse type: a tile edge in pixels, a power of two from 16 to 256."""
    n = int_arg(text)
    if not 16 <= n <= 256 or n & (n - 1):
        raise argparse.ArgumentTypeError(f"{n} is not allowed; use a power of two from 16 to 256")
    return n


def steps_arg(text: str) -> int:
    """argparse type: a step count within the documented cap."""
    n = int_arg(text)
    if not 1 <= n <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"{n} is out of range; allowed 1..{MAX_STEPS}")
    return n

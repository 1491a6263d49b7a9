"""Helpers shared by CLI sub-commands: argument parsing that fails with one clear line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import NoReturn

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


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose syntax errors are one line on stderr and exit status 2 (not the
    usage block first); sub-command parsers are of this class too (`add_subparsers`).

    `epilog_fn`: builds the text after the options only when help is printed (e.g. from the
    settings' fields, which a plain run need not import)."""

    def __init__(self, *args, epilog_fn: Callable[[], str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._epilog_fn = epilog_fn

    def format_help(self) -> str:
        if self._epilog_fn is not None:
            self.epilog, self._epilog_fn = self._epilog_fn(), None
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        line = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {line} (see {self.prog} --help)\n")


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


def int_range(lo: int, hi: int) -> Callable[[str], int]:
    """argparse type: an integer in lo..hi."""

    def parse(text: str) -> int:
        n = int_arg(text)
        if not lo <= n <= hi:
            raise argparse.ArgumentTypeError(f"{n} is out of range; allowed {lo}..{hi}")
        return n

    parse.__name__ = "integer"  # argparse names the type by this in "invalid ... value"
    return parse


port_arg = int_range(1, 65535)


def output_file(*suffixes: str) -> Callable[[str], Path]:
    """argparse type: a file the command can write, named with one of `suffixes` (what it
    writes), in an existing writable directory: checked before anything is computed."""

    def parse(text: str) -> Path:
        path = Path(text)
        if path.is_dir():
            raise argparse.ArgumentTypeError(f"{text!r} is a directory; give a file name")
        if path.suffix.lower() not in suffixes:
            raise argparse.ArgumentTypeError(
                f"{text!r} must end in {' or '.join(suffixes)} (the format written)"
            )
        folder = path.parent
        if not folder.is_dir():
            why = "is not a directory" if folder.exists() else "does not exist"
            raise argparse.ArgumentTypeError(f"cannot write {text!r}: {str(folder)!r} {why}")
        writable = os.access(path, os.W_OK) if path.exists() else os.access(folder, os.W_OK)
        if not writable:
            raise argparse.ArgumentTypeError(f"cannot write {text!r}: permission denied")
        return path

    parse.__name__ = "file name"
    return parse


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


#: argparse type: a step count within the documented cap.
steps_arg = int_range(1, MAX_STEPS)
#: Help texts of the arguments several sub-commands share.
EXPERIMENT_HELP = "preset id (e.g. tanh, tanh-quick) or id@steps"
STEPS_HELP = f"override the experiment's step count (1..{MAX_STEPS})"

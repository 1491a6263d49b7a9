"""Fixtures for engine tests: the paper's oracle, loaded from ../shared when present."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]
#: ../shared beside the checkout (the usual place), or shared/ inside it (git-ignored; how the
#: oracle travels to a lent GPU machine, scripts/gpu_check.sh).
ORACLE = (
    next(
        (
            p
            for p in (_ROOT.parent / "shared/reference", _ROOT / "shared/reference")
            if (p / "paper_semantics.py").is_file()
        ),
        _ROOT.parent / "shared/reference",
    )
    / "paper_semantics.py"
)


@pytest.fixture(scope="session")
def oracle():
    if not ORACLE.is_file():
        pytest.skip(f"oracle not found at {ORACLE} (it lives in the project's shared/ folder)")
    spec = importlib.util.spec_from_file_location("paper_semantics", ORACLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["paper_semantics"] = module
    spec.loader.exec_module(module)
    # The oracle draws with the installed JAX's default PRNG bit generation; the paper (and
    # trainscape) use the original one, so draw the oracle's problem that way too.
    jax = pytest.importorskip("jax")
    with jax.threefry_partitionable(False):
        yield module

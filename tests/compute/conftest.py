"""Fixtures for engine tests: the paper's oracle, from shared/reference beside the checkout
(the usual place) or inside it (git-ignored; how it travels to a lent GPU machine)."""

from __future__ import annotations

import pytest

from trainscape.cli.bench import load_oracle


@pytest.fixture(scope="session")
def oracle():
    module = load_oracle()
    if module is None:
        pytest.skip("oracle not found (it lives in the project's shared/reference folder)")
    # The oracle draws with the installed JAX's default PRNG bit generation; the paper (and
    # trainscape) use the original one, so draw the oracle's problem that way too.
    jax = pytest.importorskip("jax")
    with jax.threefry_partitionable(False):
        yield module

"""The pure layers load without JAX: the API's menus, settings and the job lifecycle are
importable by processes that never compute (and JAX is configured by the composition roots)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = [
    "trainscape.settings",
    "trainscape.jobs",
    "trainscape.jobs.model",
    "trainscape.jobs.lifecycle",
    "trainscape.jobs.embedded",
    "trainscape.jobs.redis",
    "trainscape.compute",
    "trainscape.experiments",
]


@pytest.mark.parametrize("module", PURE)
def test_importing_loads_no_jax(module):
    code = f"import sys, {module}; print('jax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"importing {module} loads JAX"


def test_the_check_can_fail():
    code = "import sys, trainscape.compute.engine; print('jax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"

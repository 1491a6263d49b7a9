"""Malformed TRAINSCAPE_* numerics settings stop every command at start with one clear line."""

from __future__ import annotations

import os

import pytest
from tests.cli.conftest import run_cli


@pytest.mark.parametrize(
    "var,value,needle",
    [
        ("TRAINSCAPE_KERNEL", "triton", "expected one of auto, xla, fused"),
        ("TRAINSCAPE_CHUNK", "0", "expected a whole number of runs, 1..1048576"),
        ("TRAINSCAPE_CHUNK", "16k", "expected a whole number of runs"),
    ],
)
def test_bad_numerics_setting_is_one_clear_line(monkeypatch, var, value, needle):
    monkeypatch.setitem(os.environ, var, value)
    r = run_cli("point", "tanh-quick", "--x", "0", "--y", "0", "--steps", "2", timeout=60)
    assert r.returncode == 2
    assert needle in r.stderr and var in r.stderr
    assert "Traceback" not in r.stderr


def test_forcing_the_xla_kernel_is_accepted(monkeypatch):
    monkeypatch.setitem(os.environ, "TRAINSCAPE_KERNEL", "xla")
    r = run_cli("point", "tanh-quick", "--x", "0", "--y", "0", "--steps", "2", "--json")
    assert r.returncode == 0, r.stderr

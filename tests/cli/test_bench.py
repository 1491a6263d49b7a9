"""`trainscape bench` runs end to end (tiny workloads) and prints figures next to the oracle's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.cli.conftest import ROOT, run_cli

ORACLE = ROOT.parent / "shared/reference/paper_semantics.py"


def test_bench_prints_throughput_and_the_ratio_to_the_oracle():
    if not Path(ORACLE).is_file():
        pytest.skip(f"oracle not found at {ORACLE} (it lives in the project's shared/ folder)")
    r = run_cli(
        "bench",
        *("--size", "4", "--steps", "20", "--tile-size", "16", "--chunks", "64,512"),
        *("--oracle", str(ORACLE)),
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("backend cpu") and "oracle loaded" in lines[0]
    paper = [ln for ln in lines if ln.startswith("paper tanh")]
    assert len(paper) == 2  # full plane and boundary window
    for line in paper:
        ours, oracle, ratio, agree = (
            float(re.search(pattern, line).group(1))
            for pattern in (
                r"trainscape\s+([\d.e+]+) run-steps/s",
                r"oracle\s+([\d.e+]+) run-steps/s",
                r"ratio\s+([\d.]+)x",
                r"sign agreement ([\d.]+)",
            )
        )
        assert ours > 0 and oracle > 0 and ratio > 0
        assert agree >= 0.9  # the same pixels converge in both
    quick = [ln for ln in lines if ln.startswith("tanh-quick")]
    assert len(quick) == 3 and all("16x16 tile, 100 steps" in ln for ln in quick)
    assert quick[1].startswith("tanh-quick, chunk 64:")
    assert quick[2].startswith("tanh-quick, chunk 512:")


def test_bench_rejects_bad_sizes():
    r = run_cli("bench", "--tile-size", "100")
    assert r.returncode == 2
    assert "power of two from 16 to 256" in r.stderr
    r = run_cli("bench", "--chunks", "64,0")
    assert r.returncode == 2
    assert "each chunk size must be in 1..65536" in r.stderr

"""The paper's figure windows show the boundary (both outcomes), as in the paper's figure."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest

from trainscape.compute import compute_window
from trainscape.experiments import PRESETS


def _log10(text: str) -> Fraction:
    with localcontext() as ctx:
        ctx.prec = 40
        return Fraction(Decimal(text).log10())


@pytest.mark.parametrize("name", [k for k, p in PRESETS.items() if p.bookmarks])
def test_bookmark_window_straddles_the_boundary(name):
    preset = PRESETS[name]
    b = preset.bookmarks[0]
    bounds = tuple(_log10(t) for t in (*b.x, *b.y))
    e = preset.experiment.replace(steps=b.steps or preset.experiment.steps)
    values = compute_window(e, bounds, 8, 8)
    converged = np.mean(values < 0)
    assert 0.05 < converged < 0.95, f"{name}: converged fraction {converged:.2f}"

"""The paper's figure windows show the boundary (both outcomes), as in the paper's figure."""

from __future__ import annotations

import numpy as np
import pytest

from trainscape.analysis.window import bookmark_window
from trainscape.compute import compute_window
from trainscape.experiments import PRESETS


@pytest.mark.parametrize("name", [k for k, p in PRESETS.items() if p.bookmarks])
def test_bookmark_window_straddles_the_boundary(name):
    preset = PRESETS[name]
    b = preset.bookmarks[0]
    bounds = bookmark_window(b)
    e = preset.experiment.replace(steps=b.steps or preset.experiment.steps)
    values = compute_window(e, bounds, 8, 8)
    converged = np.mean(values < 0)
    assert 0.05 < converged < 0.95, f"{name}: converged fraction {converged:.2f}"

"""What the two axes of an experiment's plane are: names, human labels and exact log10 bounds
(the API's descriptions, the CLI's point JSON and the explorer all use these)."""

from __future__ import annotations

from typing import Any

from trainscape.experiments.config import Experiment

#: Per plane: (name, label) of the x axis and of the y axis.
AXES = {
    "lr_vs_lr": (("eta1", "learning rate η₁ (layer 1)"), ("eta2", "learning rate η₂ (layer 2)")),
    "offset_vs_lr": (("offset", "weight offset (layer 1)"), ("eta", "learning rate η (shared)")),
}


def axes(e: Experiment) -> dict[str, Any]:
    """Names, labels and exact log10 bounds of the two axes."""
    (xn, xl), (yn, yl) = AXES[e.plane]
    return {
        "x": {"name": xn, "label": xl, "log10": [e.x0, e.x1], "scale": "log10"},
        "y": {"name": yn, "label": yl, "log10": [e.y0, e.y1], "scale": "log10"},
    }

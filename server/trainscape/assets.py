"""Where the browser app's files are: the installed `trainscape.web` package or ./frontend."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def frontend_dir() -> Path:
    """Directory holding index.html: the installed `trainscape.web` package or ./frontend."""
    try:
        root = Path(str(importlib.resources.files("trainscape.web")))
        if (root / "index.html").is_file():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "frontend"

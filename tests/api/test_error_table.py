"""Every error trainscape raises for a request has its HTTP status in the one table."""

from __future__ import annotations

import importlib
import pkgutil

import trainscape
from trainscape.api.errors import STATUS
from trainscape.errors import TrainscapeError


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_subclasses(c) for c in found)) if found else found


def test_every_trainscape_error_has_a_status():
    for info in pkgutil.walk_packages(trainscape.__path__, "trainscape."):
        importlib.import_module(info.name)
    kinds = _subclasses(TrainscapeError)
    assert len(kinds) >= 9  # the check covers the errors of every layer
    missing = [k.__qualname__ for k in kinds if not any(c in STATUS for c in k.__mro__)]
    assert missing == [], f"no HTTP status for {missing}; add them to api.errors.STATUS"

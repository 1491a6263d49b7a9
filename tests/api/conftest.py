"""The in-process app most API tests talk to (modules with their own `client` override it)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from trainscape.api.app import create_app
from trainscape.settings import Settings


@pytest.fixture(scope="module")
def client():
    """Embedded app: a missing tile answers at once (no wait), one queued tile at most."""
    with TestClient(create_app(Settings(tile_wait_s=0, queue_limit=1))) as c:
        yield c

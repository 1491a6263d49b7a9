"""Settings that would break the service are refused at start with what is allowed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trainscape.api.settings import Settings


def test_a_stale_time_shorter_than_two_re_ask_periods_is_refused():
    with pytest.raises(ValidationError, match=r"allowed: >= 8"):
        Settings(stale_s=5)  # the browser re-asks every 2 + 2 s
    with pytest.raises(ValidationError, match=r"allowed: >= 22"):
        Settings(tile_wait_s=1, retry_after_s=10, stale_s=21)
    assert Settings(tile_wait_s=0, retry_after_s=1, stale_s=2).stale_s == 2
    assert Settings().stale_s >= 2 * (Settings().tile_wait_s + Settings().retry_after_s)

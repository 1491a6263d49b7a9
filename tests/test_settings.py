"""Settings that would break the service are refused at start with what is allowed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trainscape.settings import Settings


def test_a_stale_time_shorter_than_two_re_ask_periods_is_refused():
    with pytest.raises(ValidationError, match=r"allowed: >= 5"):
        Settings(stale_s=4)  # the browser re-asks within 2 + 0.5 s
    with pytest.raises(ValidationError, match=r"allowed: >= 21"):
        Settings(retry_after_s=10, stale_s=20.9)
    assert Settings(retry_after_s=1, poll_s=0.1, stale_s=2.2).stale_s == 2.2
    assert Settings(tile_wait_s=30).stale_s == 10  # a long wait re-submits every poll_s
    s = Settings()
    assert s.stale_s >= 2 * (s.retry_after_s + s.poll_s)

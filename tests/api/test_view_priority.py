"""View hints become priorities: a view's time is when the server first saw its token."""

from __future__ import annotations

import time

from trainscape.api.delivery import ViewClock, ViewHint
from trainscape.jobs import Priority


def test_a_view_keeps_the_time_it_was_first_seen_and_later_views_run_first():
    clock = ViewClock()
    first = clock.priority(ViewHint("page1-1", 3))
    time.sleep(0.01)
    again = clock.priority(ViewHint("page1-1", 0))
    later = clock.priority(ViewHint("page1-2", 7))
    assert again.view == first.view and again.rank == 0
    assert later.view > first.view
    assert later.newer(again) == later and again.newer(first) == again


def test_a_request_without_a_view_is_a_view_of_its_own_seen_now():
    clock = ViewClock()
    before = time.monotonic()
    p = clock.priority(None)
    assert before <= p.view <= time.monotonic() and p.rank == 0


def test_only_the_last_tokens_are_remembered():
    clock = ViewClock(size=2)
    old = clock.priority(ViewHint("a"))
    clock.priority(ViewHint("b"))
    clock.priority(ViewHint("c"))  # forgets "a"
    assert clock.priority(ViewHint("a")).view > old.view
    assert len(clock._seen) == 2


def test_within_a_view_the_lower_rank_runs_first():
    assert Priority(5.0, 1).newer(Priority(5.0, 2)) == Priority(5.0, 1)
    assert Priority(6.0, 9).newer(Priority(5.0, 0)) == Priority(6.0, 9)

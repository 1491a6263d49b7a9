"""A refused value is quoted back cut short, never echoed whole (a 60 kB bad value gets a
one-line answer), in the config's own errors as in FastAPI's validation errors."""

from __future__ import annotations

import json

from trainscape.errors import SHOWN_CHARS, shown


def test_a_long_or_huge_bad_config_value_is_quoted_short(client):
    for body, field in (
        ({"activation": "x" * 60_000}, "activation"),
        ({"width": 10**200}, "width"),
    ):
        r = client.post(
            "/api/experiments",
            content=json.dumps(body),
            headers={"content-type": "application/json"},
        )
        assert r.status_code == 422, r.text[:300]
        detail = r.json()["detail"]
        assert field in detail and len(detail) < 200, detail[:300]


def test_shown_keeps_short_values_and_cuts_long_ones():
    assert shown("gelu") == "'gelu'" and shown(1000) == "1000"
    cut = shown("y" * 1000)
    assert len(cut) == SHOWN_CHARS and cut.endswith("...'")
    assert shown(10**5000) == "an integer of about 5001 digits"

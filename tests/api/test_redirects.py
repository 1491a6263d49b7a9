"""Redirects never repeat the request's Host header (a forged Host was reflected in the
trailing-slash redirect's Location)."""

from __future__ import annotations


def test_the_trailing_slash_redirect_is_relative_and_ignores_a_forged_host(client):
    r = client.get(
        "/api/experiments/?x=1", headers={"host": "evil.example"}, follow_redirects=False
    )
    assert r.status_code == 307, r.text
    assert r.headers["location"] == "/api/experiments?x=1"
    assert client.get("/api/experiments/").status_code == 200  # a client following it lands

"""The explorer's static routes: the page at /, its ES modules, and Leaflet from its package."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from trainscape.api import web


def _client() -> TestClient:
    app = FastAPI()
    web.install(app)
    return TestClient(app)


def test_index_page_loads_leaflet_and_the_app():
    r = _client().get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "/vendor/leaflet/leaflet.js" in r.text
    assert 'type="module" src="/static/js/main.js"' in r.text


def test_es_modules_are_served_as_javascript():
    c = _client()
    for name in (
        "main.js",
        "core/frame.js",
        "core/exact.js",
        "colour/colour.js",
        "core/npy.js",
        "core/permalink.js",
    ):
        r = c.get(f"/static/js/{name}")
        assert r.status_code == 200, name
        assert "javascript" in r.headers["content-type"], r.headers["content-type"]
        assert r.headers["cache-control"] == "no-cache"
    assert c.get("/static/css/explorer.css").status_code == 200
    assert c.get("/static/js/nope.js").status_code == 404


def test_leaflet_1_9_4_comes_from_the_package():
    c = _client()
    r = c.get("/vendor/leaflet/leaflet.js")
    assert r.status_code == 200
    assert "1.9.4" in r.text[:400]
    assert c.get("/vendor/leaflet/leaflet.css").status_code == 200
    assert c.get("/vendor/leaflet/images/marker-icon.png").status_code == 200
    assert web.leaflet_dir().is_dir() and web.frontend_dir().joinpath("index.html").is_file()

"""Re-asks for a computing tile: a preview has its own strong ETag, and If-None-Match with it gets
a bodiless 304 (with the preview's headers) until the final tile is ready, which then comes whole
whatever If-None-Match says (in-process app, real embedded engine)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from tests.conftest import wait_until

#: A full tile takes seconds here and its preview a fraction of that: a window of re-asks.
BASE = "/api/experiments/tanh-quick@60"
PREVIEW_HEADERS = ("cache-control", "x-trainscape-preview", "retry-after", "etag")


def _first_preview(client, url: str):
    """The first answer for `url` that is a preview (the tile is computing)."""

    def ask():
        r = client.get(url)
        assert r.status_code in (200, 503), r.text
        assert "x-trainscape-preview" in r.headers or r.status_code == 503, "final too soon"
        return r if r.status_code == 200 else None

    return wait_until(ask, 60, f"a preview of {url}", 0.02)


def _is_final(r) -> bool:
    return r.status_code == 200 and "x-trainscape-preview" not in r.headers


def test_a_preview_revalidates_with_304_until_the_final_tile_is_ready(client):
    npy_url, png_url = f"{BASE}/tiles/2/1/2.npy", f"{BASE}/tiles/2/1/2.png"
    npy = _first_preview(client, npy_url)
    png = client.get(png_url)
    assert png.status_code == 200 and "x-trainscape-preview" in png.headers, png.status_code
    assert Image.open(io.BytesIO(png.content)).size == (256, 256)
    first = {"npy": npy, "png": png}
    for r in first.values():
        etag = r.headers["etag"]
        assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
        assert r.headers["cache-control"] == "no-store"
    assert npy.headers["etag"] != png.headers["etag"]
    stale = '"preview-' + "0" * 32 + '"'  # a client holding other bytes gets them whole
    other = client.get(npy_url, headers={"If-None-Match": stale})
    assert other.status_code == 200 and other.content == npy.content
    assert other.headers["etag"] == npy.headers["etag"]
    weak = client.get(npy_url, headers={"If-None-Match": f"{stale}, W/{npy.headers['etag']}"})
    assert weak.status_code == 304  # If-None-Match compares weakly
    urls = {"npy": npy_url, "png": png_url}
    not_modified = {"npy": 0, "png": 0}
    finals = {}

    def re_ask():
        for fmt in set(urls) - set(finals):
            r = client.get(urls[fmt], headers={"If-None-Match": first[fmt].headers["etag"]})
            if _is_final(r):
                finals[fmt] = r
                continue
            assert r.status_code == 304, (r.status_code, r.headers)
            assert r.content == b""
            assert {h: r.headers.get(h) for h in PREVIEW_HEADERS} == {
                h: first[fmt].headers[h] for h in PREVIEW_HEADERS
            }
            not_modified[fmt] += 1
        return len(finals) == len(urls)

    wait_until(re_ask, 120, "the final tile", 0.05)
    assert not_modified["npy"] > 0 and not_modified["png"] > 0, not_modified
    for fmt, r in finals.items():  # the preview's ETag does not match the final tile's
        assert r.headers["etag"] != first[fmt].headers["etag"]
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert "retry-after" not in r.headers
    assert np.load(io.BytesIO(finals["npy"].content)).shape == (256, 256)
    again = client.get(npy_url, headers={"If-None-Match": finals["npy"].headers["etag"]})
    assert again.status_code == 304 and "x-trainscape-preview" not in again.headers


def test_a_client_without_the_preview_gets_it_at_once_one_with_it_waits_for_the_tile():
    """With a long wait (30 s) a first request returns as soon as the preview exists instead of
    holding its connection until the tile is done; a re-ask naming the preview's ETag waits, and
    gets the final tile as soon as it is stored."""
    import time

    from fastapi.testclient import TestClient

    from trainscape.api.app import create_app
    from trainscape.settings import Settings

    url = "/api/experiments/tanh-quick@300/tiles/1/0/0.npy"  # full tile ~10 s, preview ~1 s
    with TestClient(create_app(Settings(tile_wait_s=30, poll_s=0.1))) as c:
        t0 = time.monotonic()
        first = c.get(url)
        assert first.status_code == 200 and "x-trainscape-preview" in first.headers
        assert np.load(io.BytesIO(first.content)).shape == (64, 64)
        etag = first.headers["etag"]
        final = c.get(url, headers={"If-None-Match": etag})  # long-polls for the tile
        assert _is_final(final), final.headers
        assert np.load(io.BytesIO(final.content)).shape == (256, 256)
        done = time.monotonic() - t0
        stats = c.get("/metrics").text
        # the first answer came with the preview, not with the tile seconds later
        assert "trainscape_previews_served_total 1.0" in stats, stats
        assert done < 60

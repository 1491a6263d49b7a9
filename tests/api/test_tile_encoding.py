""".npy tiles on the wire: gzipped for clients that accept it, plain for the others, the same
values either way, each encoding with its own ETag; tiles stored plain (earlier versions' cache
entries) are still served."""

from __future__ import annotations

import gzip
import io
import time

import numpy as np
import pytest
from fastapi.testclient import TestClient

from trainscape.api.app import create_app
from trainscape.api.delivery import TileRequest
from trainscape.api.routes_tiles import accepts_gzip
from trainscape.experiments.presets import resolve
from trainscape.render import npy_bytes
from trainscape.settings import Settings

EID = "tanh-quick@5"
URL = f"/api/experiments/{EID}/tiles/1/1/0.npy"
TILE_BYTES = 128 + 256 * 256 * 8  # a float64 .npy tile: header + values


def _wire(client, url: str, encoding: str, **headers):
    """The response and its body exactly as sent (not decoded by the client)."""
    headers["Accept-Encoding"] = encoding
    with client.stream("GET", url, headers=headers) as r:
        return r, b"".join(r.iter_raw())


def _final(client, url: str) -> None:
    for _ in range(240):
        r = client.get(url)
        if r.status_code == 200 and "x-trainscape-preview" not in r.headers:
            return
        time.sleep(0.25)
    pytest.fail(f"{url} was not computed in 60 s")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(tile_wait_s=0, preview_size=0))) as c:
        yield c


def test_gzip_for_clients_that_accept_it_plain_for_the_others_same_values(client):
    _final(client, URL)
    zipped, wire = _wire(client, URL, "gzip, deflate")
    plain, raw = _wire(client, URL, "identity")
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert zipped.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    assert len(raw) == TILE_BYTES and int(plain.headers["content-length"]) == TILE_BYTES
    assert int(zipped.headers["content-length"]) == len(wire) < 0.9 * TILE_BYTES
    assert gzip.decompress(wire) == raw
    values = np.load(io.BytesIO(raw), allow_pickle=False)
    assert values.dtype == np.float64 and values.shape == (256, 256)
    assert zipped.headers["etag"] != plain.headers["etag"]
    for encoding, etag in [("gzip", zipped.headers["etag"]), ("identity", plain.headers["etag"])]:
        again, body = _wire(client, URL, encoding, **{"If-None-Match": etag})
        assert again.status_code == 304 and body == b"" and again.headers["etag"] == etag
    other, _ = _wire(client, URL, "identity", **{"If-None-Match": zipped.headers["etag"]})
    assert other.status_code == 200  # the gzip ETag does not validate the plain body


def test_png_tiles_are_not_gzipped_again(client):
    url = URL.replace(".npy", ".png")
    _final(client, url)
    r, body = _wire(client, url, "gzip")
    assert "content-encoding" not in r.headers and body.startswith(b"\x89PNG")


def test_a_tile_stored_plain_is_served_plain_to_every_client(client):
    e = resolve(EID)
    values = np.arange(256 * 256, dtype=np.float64).reshape(256, 256) / 7
    key = TileRequest(e, 2, 3, 1).key()
    store = client.app.state.services.store
    client.portal.call(store.set, key, npy_bytes(values))
    r, body = _wire(client, f"/api/experiments/{EID}/tiles/2/3/1.npy", "gzip")
    assert r.status_code == 200 and "content-encoding" not in r.headers
    np.testing.assert_array_equal(np.load(io.BytesIO(body)), values)
    png = client.get(f"/api/experiments/{EID}/tiles/2/3/1.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


class _Req:
    def __init__(self, value: str | None):
        self.headers = {} if value is None else {"accept-encoding": value}


@pytest.mark.parametrize(
    "header,ok",
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("gzip;q=0", False),
        ("*;q=0", False),
        ("*, gzip;q=0", False),
        ("identity", False),
        ("deflate, br", False),
        ("gzip;q=nonsense", False),
        ("", False),
        (None, False),
    ],
)
def test_accept_encoding_is_read_with_its_q_values(header, ok):
    assert accepts_gzip(_Req(header)) is ok

"""HTTP beyond GET with query strings: HEAD on tiles, and the bound on request bodies."""

from __future__ import annotations

import time

import pytest

from trainscape.api.body import MAX_BODY_BYTES

T = "/api/experiments/tanh-quick@5/tiles"
HEADERS = ("cache-control", "etag", "content-type", "content-length", "x-trainscape-preview")


def _final(client, url):
    for _ in range(120):
        r = client.get(url)
        if r.status_code == 200 and "x-trainscape-preview" not in r.headers:
            return r
        time.sleep(0.5)
    pytest.fail(f"{url} was not computed in 60 s")


@pytest.mark.parametrize("fmt", ["npy", "png"])
def test_head_on_a_ready_tile_answers_gets_headers_without_the_body(client, fmt):
    url = f"{T}/1/0/1.{fmt}"
    got = _final(client, url)
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert {h: head.headers.get(h) for h in HEADERS} == {h: got.headers.get(h) for h in HEADERS}
    with client.stream("GET", url) as sent:  # the body as sent (gzipped for an .npy)
        assert int(head.headers["content-length"]) == len(b"".join(sent.iter_raw()))
    again = client.head(url, headers={"If-None-Match": got.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == got.headers["etag"]


@pytest.mark.parametrize(
    "url,status", [(f"{T}/2/4/0.npy", 404), (f"{T}/0/0/0.npy?step=6", 422), (f"{T}/0/0/0.gif", 422)]
)
def test_head_on_a_bad_tile_answers_like_get(client, url, status):
    head, got = client.head(url), client.get(url)
    assert head.status_code == got.status_code == status and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["cache-control"] == "no-store"


def test_openapi_documents_head_on_tiles(client):
    path = client.get("/openapi.json").json()["paths"][
        "/api/experiments/{experiment_id}/tiles/{z}/{x}/{y}.{fmt}"
    ]
    assert set(path) == {"get", "head"}
    assert path["get"]["operationId"] != path["head"]["operationId"]


def _refused(r, size: str) -> None:
    assert r.status_code == 413, r.text
    assert r.json() == {
        "detail": f"request body: too large ({size}); allowed: at most {MAX_BODY_BYTES} bytes"
    }
    assert r.headers["cache-control"] == "no-store"


def test_a_body_over_the_bound_is_refused_by_its_length_before_it_is_read(client):
    body = b'{"activation": "relu", "pad": "' + b"x" * MAX_BODY_BYTES + b'"}'
    headers = {"content-type": "application/json"}
    _refused(client.post("/api/experiments", content=body, headers=headers), f"{len(body)} bytes")


def test_a_streamed_body_is_refused_once_it_passes_the_bound(client):
    def chunks():  # no content-length: chunked transfer, counted as it arrives
        for _ in range(4 * MAX_BODY_BYTES // 1024):
            yield b" " * 1024

    headers = {"content-type": "application/json"}
    r = client.post("/api/experiments", content=chunks(), headers=headers)
    _refused(r, f"over {MAX_BODY_BYTES} bytes")


def test_a_body_at_the_bound_is_parsed(client):
    config = b'{"activation": "tanh", "width": 4, "steps": 10}'
    body = config + b" " * (MAX_BODY_BYTES - len(config))
    headers = {"content-type": "application/json"}
    r = client.post("/api/experiments", content=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["config"]["width"] == 4

"""Every client error has one shape: a one-line `detail` string saying which parameter, what was
wrong and what is allowed; FastAPI's own validation errors too (their list under `errors`)."""

from __future__ import annotations

import re

import pytest

E = "/api/experiments/tanh-quick@5"
T = f"{E}/tiles"


@pytest.mark.parametrize(
    "url,headers,words",
    [
        (
            f"{T}/a/0/0.npy",
            {},
            ["path parameter z: 'a' is not an integer", "allowed: an integer 0..1024"],
        ),
        (f"{T}/-1/0/0.npy", {}, ["path parameter z: '-1' is out of range", "0..1024"]),
        (f"{T}/0/0/0.jpg", {}, ["path parameter fmt: 'jpg' is unknown", "one of 'npy', 'png'"]),
        (f"{T}/0/0/0.png?colormap=jet", {}, ["colormap: 'jet' is unknown", "'Spectral', 'RdBu'"]),
        (f"{T}/0/0/0.npy?step=abc", {}, ["query parameter step: 'abc'", "an integer 1..10000"]),
        (f"{T}/0/0/0.npy?layer={'x' * 33}", {}, ["layer:", "has 33 characters", "at most 32"]),
        (f"{T}/0/0/0.npy", {"X-Trainscape-View": "a b"}, ["header X-Trainscape-View: 'a b'"]),
        (
            f"{T}/0/0/0.npy",
            {"X-Trainscape-View": "v", "X-Trainscape-Rank": "first"},
            ["header X-Trainscape-Rank: 'first' is not an integer", "an integer 0..1000000"],
        ),
        (f"{E}/point?x=1", {}, ["query parameter y: missing", "allowed: a string"]),
        (f"{E}/pixels/0/a/0", {}, ["path parameter px: 'a' is not an integer"]),
        (f"{E}/dimension?size=3", {}, ["query parameter size: '3' is out of range", "8..256"]),
    ],
)
def test_validation_errors_are_one_line_naming_the_parameter(client, url, headers, words):
    r = client.get(url, headers=headers)
    assert r.status_code == 422, r.text
    body = r.json()
    detail = body["detail"]
    assert isinstance(detail, str) and "\n" not in detail, body
    assert all(w in detail for w in words), detail
    assert body["errors"] and all("loc" in e and "msg" in e for e in body["errors"]), body
    assert r.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "kwargs,words",
    [
        ({"json": [1, 2]}, "request body: [1, 2] is an array; allowed: a JSON object"),
        ({"json": "tanh"}, "request body: 'tanh' is a string; allowed: a JSON object"),
        ({"json": 7}, "request body: 7 is a number; allowed: a JSON object"),
        ({"content": b"{oops"}, "request body: not valid JSON ("),
        ({"content": b""}, "request body: missing; allowed: a JSON object"),
    ],
)
def test_a_posted_config_of_the_wrong_json_type_says_so(client, kwargs, words):
    headers = {"content-type": "application/json"}
    r = client.post("/api/experiments", headers=headers, **kwargs)
    assert r.status_code == 422, r.text
    assert r.json()["detail"].startswith(words), r.text


def test_every_bad_value_of_one_request_is_named_on_one_line(client):
    detail = client.get(f"{T}/a/-2/0.npy?step=0").json()["detail"]
    assert "\n" not in detail and detail.count(" | ") == 2, detail
    for name in ("path parameter z:", "path parameter x:", "query parameter step:"):
        assert name in detail, detail


@pytest.mark.parametrize(
    "method,url,status",
    [
        ("get", "/api/experiments/nope", 404),  # our own errors (errors.STATUS)
        ("get", f"{T}/49/0/0.npy", 404),
        ("get", f"{T}/0/0/0.npy?layer=bogus", 422),
        ("get", f"{E}/point?x=abc&y=0", 422),
        ("get", f"{E}/dimension?level=bogus", 422),  # the analysis routes' HTTPException
        ("get", f"{T}/0/0/0.npy?step=-5", 422),  # FastAPI's validation
        ("get", "/api/nowhere", 404),  # Starlette's
        ("delete", "/api/experiments", 405),
    ],
)
def test_every_client_error_has_a_string_detail(client, method, url, status):
    r = client.request(method, url)
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail, r.text


def test_openapi_documents_the_validation_error_shape(client):
    schema = client.get("/openapi.json").json()
    shape = schema["components"]["schemas"]["HTTPValidationError"]
    assert shape["properties"]["detail"]["type"] == "string"
    assert shape["properties"]["errors"]["items"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    tile = schema["paths"]["/api/experiments/{experiment_id}/tiles/{z}/{x}/{y}.{fmt}"]["get"]
    assert tile["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/HTTPValidationError"
    }


@pytest.mark.parametrize(
    "headers,sent",
    [
        (
            {"content-type": "application/x-www-form-urlencoded"},
            "application/x-www-form-urlencoded",
        ),
        ({"content-type": "text/plain; charset=utf-8"}, "text/plain"),
        ({}, None),
    ],
)
def test_a_body_not_sent_as_json_names_its_content_type(client, headers, sent):
    r = client.post("/api/experiments", content=b'{"activation": "relu"}', headers=headers)
    assert r.status_code == 422, r.text
    what = f"content-type {sent}" if sent else "no content-type header"
    assert r.json()["detail"] == (
        f"request body: not JSON ({what}); "
        "allowed: a JSON object sent with content-type: application/json"
    )


@pytest.mark.parametrize(
    "content,why",
    [(b"[" * 20_000 + b"]" * 20_000, "nested too deeply"), (b'{"a": "\xff"}', "not UTF-8 text")],
    ids=["deep", "latin-1"],
)
def test_json_that_cannot_be_parsed_is_a_422_in_the_usual_shape(client, content, why):
    headers = {"content-type": "application/json"}
    r = client.post("/api/experiments", content=content, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json() == {"detail": f"request body: not valid JSON ({why}); allowed: a JSON object"}
    assert r.headers["cache-control"] == "no-store"


def test_a_cut_quoted_value_keeps_its_closing_quote(client):
    big = str(2**128 + 1)
    detail = client.get(f"{E}/pixels/48/{big}/0").json()["detail"]
    shown = re.match(r"path parameter px: '(\d+)\.\.\.' is out of range", detail)
    assert shown and big.startswith(shown[1]) and len(shown[1]) > 30, detail


@pytest.mark.parametrize(
    "url,name,allowed",
    [
        (f"{T}/2/-1/0.npy", "x", "0..3 at zoom 2"),
        (f"{T}/3/0/-1.png", "y", "0..7 at zoom 3"),
        (f"{E}/pixels/2/-1/0", "px", "0..1023 at zoom 2"),
        (f"{E}/pixels/0/0/-5", "py", "0..255 at zoom 0"),
        (f"{T}/200/-1/0.npy", "x", f"0..{2**128} at zoom 200"),  # the route's own bound
    ],
)
def test_a_negative_index_names_the_range_at_its_zoom(client, url, name, allowed):
    detail = client.get(url).json()["detail"]
    assert detail.startswith(f"path parameter {name}: '-"), detail
    assert detail.endswith(f"; allowed: an integer {allowed}"), detail


@pytest.mark.parametrize("z", ["\u00b2", "\u0663", "99999"])  # superscript 2, Arabic 3
def test_an_index_beside_a_bad_zoom_names_the_routes_own_bound(client, z):
    r = client.get(f"{T}/{z}/-1/0.npy")
    assert r.status_code == 422, r.text
    x = r.json()["detail"].split(" | ")[1]
    assert x == f"path parameter x: '-1' is out of range; allowed: an integer 0..{2**128}"


@pytest.mark.parametrize("written", ["05", "+5", "5_0", " 5"])
def test_a_step_is_written_plainly_as_in_experiment_ids(client, written):
    r = client.get(f"{T}/0/0/0.npy", params={"step": written})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith(f"query parameter step: {written!r} is not written plainly"), detail
    assert "allowed: digits without a leading zero" in detail


@pytest.mark.parametrize(
    "url,name,written",
    [
        (f"{T}/01/0/0.npy", "z", "01"),
        (f"{T}/1/00/1.npy", "x", "00"),
        (f"{T}/1/0/+1.png", "y", "+1"),
        ("/api/experiments/tanh-quick@5/pixels/02/3/4", "z", "02"),
        ("/api/experiments/tanh-quick@5/pixels/2/3/0_4", "py", "0_4"),
    ],
)
def test_tile_and_pixel_addresses_are_written_plainly(client, url, name, written):
    r = client.get(url)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith(f"path parameter {name}: {written!r} is not written plainly"), detail
    assert detail.endswith(f"(write {int(written)})")


@pytest.mark.parametrize("query", ["size=032", "min_box=02"])
def test_dimension_sizes_are_written_plainly(client, query):
    r = client.get(f"/api/experiments/tanh-quick@5/dimension?{query}")
    assert r.status_code == 422, r.text
    name = query.split("=")[0]
    assert r.json()["detail"].startswith(f"query parameter {name}: "), r.text


def test_a_plainly_written_step_is_served(client):
    assert client.get(f"{T}/0/0/0.npy", params={"step": "5"}).status_code in (200, 503)


@pytest.mark.parametrize(
    "method,url,status", [("delete", "/api/experiments", 405), ("get", "/api/nowhere", 404)]
)
def test_starlettes_own_errors_are_not_cached(client, method, url, status):
    r = client.request(method, url)
    assert r.status_code == status and r.headers["cache-control"] == "no-store", r.headers

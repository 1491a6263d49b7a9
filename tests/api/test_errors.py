"""Every client error has one shape: a one-line `detail` string saying which parameter, what was
wrong and what is allowed; FastAPI's own validation errors too (their list under `errors`)."""

from __future__ import annotations

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

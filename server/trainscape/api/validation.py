"""FastAPI's own validation errors (a path, query, header or body value of the wrong type or out
of its declared range) in trainscape's error shape: a one-line `detail` naming the parameter,
what was wrong and what is allowed; FastAPI's list of errors stays under `errors`.

What is allowed is read from the route's OpenAPI description of the parameter (the same bounds,
enum and pattern that /openapi.json documents), so message and contract cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from trainscape.api.headers import no_store
from trainscape.errors import SHOWN_CHARS, shown
from trainscape.tiles import TILE_SIZE

Schema = dict[str, Any]
_PLACES = {"path": "path parameter", "query": "query parameter", "header": "header"}
_JSON_TYPES = {"list": "an array", "dict": "an object", "str": "a string", "bool": "a boolean"}
_JSON_BODY = "a JSON object sent with content-type: application/json"
_RANGE_ERRORS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")
#: Path parameters indexing tiles (x, y) or global pixels (px, py): how many per tile at z = 0.
_PER_TILE = {"x": 1, "y": 1, "px": TILE_SIZE, "py": TILE_SIZE}
_MAX_ZOOM = 1024  # the routes' bound on z (a larger z has its own error)


def _one_allowed(s: Schema) -> str:
    """What one (non-null) JSON schema accepts, in words."""
    if "enum" in s:
        return "one of " + ", ".join(repr(v) for v in s["enum"])
    kind, lo, hi = s.get("type"), s.get("minimum"), s.get("maximum")
    if kind in ("integer", "number"):
        noun = "an integer" if kind == "integer" else "a number"
        if lo is not None and hi is not None:
            return f"{noun} {lo}..{hi}"
        return noun + (f" >= {lo}" if lo is not None else f" <= {hi}" if hi is not None else "")
    if kind == "string":
        lo, hi = s.get("minLength"), s.get("maxLength")
        text = "a string"
        if hi is not None:
            text += f" of {lo or 0}..{hi} characters" if lo else f" of at most {hi} characters"
        if "pattern" in s:
            text += f" matching {s['pattern']}"
        return text
    return {"object": "a JSON object", "array": "a JSON array", "boolean": "true or false"}.get(
        str(kind), ""
    )


def allowed(schema: Schema) -> str:
    """What a parameter's JSON schema accepts, in words ('' if it says nothing useful)."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    return " or ".join(filter(None, (_one_allowed(s) for s in options)))


def _problem(err: dict[str, Any]) -> str:
    """What was wrong with the value, in words (pydantic's message where no phrase fits)."""
    kind, value = err.get("type", ""), err.get("input")
    if kind == "missing":
        return "missing"
    if kind == "json_invalid":
        at = err.get("loc", ())[1:]
        where = f" at character {at[0]}" if at else ""
        return f"not valid JSON ({err.get('ctx', {}).get('error', 'decode error')}{where})"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{shown(value)} is not an integer"
    if kind in ("float_parsing", "float_type"):
        return f"{shown(value)} is not a number"
    if kind in _RANGE_ERRORS:
        return f"{shown(value)} is out of range"
    if kind in ("literal_error", "enum"):
        return f"{shown(value)} is unknown"
    if kind in ("string_too_long", "string_too_short"):
        return f"{shown(value)} has {len(str(value))} characters"
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} does not match"
    if kind.endswith("_type"):
        found = _JSON_TYPES.get(type(value).__name__, "a number" if value is not None else "null")
        return f"{shown(value)} is {found}"
    return f"{shown(value)}: {str(err.get('msg', 'invalid')).lower()}"


def _operation(request: Request) -> Schema:
    """The OpenAPI operation of the request's route ({} if the route is not documented)."""
    route = request.scope.get("route")
    path = getattr(route, "path_format", None)
    paths = request.app.openapi().get("paths", {})
    return paths.get(path, {}).get(request.method.lower(), {}) if path else {}


def _schema(operation: Schema, place: str, name: str) -> Schema:
    """The JSON schema of one parameter (`place` path/query/header/body) of `operation`."""
    if place == "body":
        content: dict[str, Schema] = operation.get("requestBody", {}).get("content", {})
        return next(iter(content.values()), {}).get("schema", {})
    for p in operation.get("parameters", []):
        if p.get("in") == place and str(p.get("name", "")).lower() == name.lower():
            return p.get("schema", {})
    return {}


def _not_json(request: Request | None) -> str:
    """A body FastAPI handed over as raw bytes: it was not sent as JSON (its content-type)."""
    sent = request.headers.get("content-type", "") if request is not None else ""
    kind = sent.split(";")[0].strip()
    return f"not JSON (content-type {kind})" if kind else "not JSON (no content-type header)"


def _at_zoom(request: Request | None, name: str, schema: Schema) -> str:
    """What a tile or pixel index allows at the request's zoom z ('' without a usable z)."""
    per_tile = _PER_TILE.get(name)
    z = str(request.path_params.get("z", "")) if request is not None else ""
    top = schema.get("maximum")
    zoom = int(z) if z.isascii() and z.isdigit() else None  # '²' is a digit int() cannot read
    if per_tile is None or top is None or zoom is None or zoom > _MAX_ZOOM:
        return ""
    return f"an integer 0..{min(per_tile * 2**zoom - 1, top)} at zoom {zoom}"


def describe(err: dict[str, Any], operation: Schema, request: Request | None = None) -> str:
    """One error as 'query parameter z: 'a' is not an integer; allowed: an integer 0..1024'.

    `request` refines two cases: a body that was not sent as JSON names its content-type, and
    an out-of-range tile or pixel index names its range at the request's zoom."""
    loc = [str(part) for part in err.get("loc", ())]
    place, name = (loc[0], loc[1]) if len(loc) > 1 else (loc[0] if loc else "request", "")
    if place == "body":
        where, name = "request body", ""
        if isinstance(err.get("input"), bytes):
            return f"{where}: {_not_json(request)}; allowed: {_JSON_BODY}"
    else:
        where = f"{_PLACES.get(place, place)} {name}".strip()
    schema = _schema(operation, place, name)
    ranged = err.get("type", "") in _RANGE_ERRORS and place == "path"
    what = (
        (_at_zoom(request, name, schema) if ranged else "")
        or allowed(schema)
        or str(err.get("msg", "")).removeprefix("Input should be ")
    )
    return f"{where}: {_problem(err)}; allowed: {what}"


async def handle(request: Request, exc: Exception) -> JSONResponse:
    """422 with a one-line `detail` (each bad value, ' | ' between them) and FastAPI's `errors`."""
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    operation = _operation(request)
    detail = " | ".join(describe(err, operation, request) for err in errors) or "invalid request"
    return JSONResponse(
        {"detail": detail, "errors": jsonable_encoder(errors)},
        status_code=422,
        headers=no_store(),
    )


#: /openapi.json's description of a 422 from FastAPI's validation, as `handle` answers it.
VALIDATION_SCHEMA: Schema = {
    "title": "HTTPValidationError",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "string",
            "title": "Detail",
            "description": "one line: the parameter, what was wrong, what is allowed",
        },
        "errors": {
            "type": "array",
            "title": "Errors",
            "items": {"$ref": "#/components/schemas/ValidationError"},
        },
    },
}


def install(app: FastAPI) -> None:
    """Answer validation errors with `handle`, and document that shape in /openapi.json."""
    app.add_exception_handler(RequestValidationError, handle)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schemas = generate().get("components", {}).get("schemas", {})
            if "HTTPValidationError" in schemas:
                schemas["HTTPValidationError"] = VALIDATION_SCHEMA
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def plain_integers(request: Request, **values: int | None) -> None:
    """422 unless each integer parameter in `values` (path or query, by name; None = absent)
    was written as plain digits with no leading zero (`50`, not `050`, `+50` or `5_0`): one
    spelling per tile, pixel, step and size, as in experiment ids (`tanh@50`, never `tanh@050`),
    so one resource has one URL (and one entry in every HTTP cache)."""
    for name, value in values.items():
        if value is None:
            continue
        place = "path" if name in request.path_params else "query"
        text = request.path_params.get(name, request.query_params.get(name))
        if text is not None and text != str(value):
            raise HTTPException(
                422,
                f"{_PLACES[place]} {name}: {str(text)[:SHOWN_CHARS]!r} is not written "
                f"plainly; allowed: digits without a leading zero, sign, space or underscore "
                f"(write {value})",
            )

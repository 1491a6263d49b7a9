"""Request bodies: a size bound checked before a body is parsed, and what FastAPI reports as
"There was an error parsing the body" (JSON it could not decode) as a 422 in the usual shape.

The only body the API takes is POST /api/experiments' JSON object of a few fields, so one bound
for every request is enough: MAX_BODY_BYTES. A larger `Content-Length` is answered 413 before
anything is read; a body without one (chunked) is counted as it arrives and refused with 413 as
soon as it passes the bound.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trainscape.api.headers import no_store

#: Largest request body accepted, in bytes (a posted experiment is a few hundred).
MAX_BODY_BYTES = 64 * 1024
_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's 400 detail
_ALLOWED = "allowed: a JSON object"


class BodyTooLarge(HTTPException):
    """A request body over MAX_BODY_BYTES (413)."""

    def __init__(self, limit: int, size: int | None = None) -> None:
        got = f"{size} bytes" if size is not None else f"over {limit} bytes"
        super().__init__(413, f"request body: too large ({got}); allowed: at most {limit} bytes")


class BodyLimit:
    """ASGI middleware: 413 for a body over `limit` bytes, before the route parses it."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length", "")
        if length.isascii() and length.isdigit() and int(length) > self.limit:
            refusal = BodyTooLarge(self.limit, int(length))
            headers = no_store()
            response = JSONResponse({"detail": refusal.detail}, 413, headers=headers)
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:  # raised inside the route's body read: errors.install answers
                raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


def parse_failure(exc: HTTPException) -> str | None:
    """The one-line 422 detail for FastAPI's 'error parsing the body' (None for other errors)."""
    if exc.status_code != 400 or exc.detail != _PARSE_ERROR:
        return None
    cause = exc.__cause__
    if isinstance(cause, RecursionError):
        why = "nested too deeply"
    elif isinstance(cause, UnicodeError):
        why = "not UTF-8 text"
    else:
        why = "cannot be parsed"
    return f"request body: not valid JSON ({why}); {_ALLOWED}"

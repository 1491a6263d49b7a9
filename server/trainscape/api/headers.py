"""The Cache-Control policies of every response, spelled once: immutable content addresses,
revalidated page files, and answers that must never be cached (errors, previews, health); and
redirects that never repeat the request's Host."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Final tiles, point runs: the bytes under a content address never change.
IMMUTABLE = "public, max-age=31536000, immutable"
#: The page's own files: cached, revalidated by ETag on every load.
NO_CACHE = "no-cache"
#: Errors, previews, health and metrics: never cached.
NO_STORE = "no-store"


def no_store() -> dict[str, str]:
    return {"Cache-Control": NO_STORE}


class RelativeRedirects:
    """ASGI middleware: a redirect's `Location` is made relative (path and query only).

    Starlette's trailing-slash redirect (`/api/experiments/` -> `/api/experiments`) builds an
    absolute URL from the request's `Host` header, so a forged Host was reflected back; a
    relative reference resolves against the URL the client actually used (RFC 9110 10.2.2)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def relative(message: Message) -> None:
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                headers = MutableHeaders(scope=message)
                location = headers.get("location")
                if location is not None:
                    url = urlsplit(location)
                    headers["location"] = urlunsplit(("", "", url.path or "/", url.query, ""))
            await send(message)

        await self.app(scope, receive, relative)

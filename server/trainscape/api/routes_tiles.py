"""Tiles: raw float64 `.npy` and fixed-colour `.png`, immutable once ready; HEAD answers the
headers GET would (status, ETag, Cache-Control, preview) without the body.

`.npy` tiles are stored gzipped and sent so (`Content-Encoding: gzip`) to clients that accept
it, as browsers, curl --compressed, httpx and requests do; others get them decompressed. Each
encoding has its own strong ETag, and `Vary: Accept-Encoding` keeps them apart in caches."""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from trainscape.api.delivery import Payload, TileRequest, ViewHint
from trainscape.api.deps import ExperimentDep, ServicesDep
from trainscape.api.errors import BadRequest
from trainscape.api.headers import IMMUTABLE, NO_STORE
from trainscape.api.validation import plain_integers
from trainscape.experiments import MAX_STEPS, Experiment
from trainscape.experiments.cost import check_tile
from trainscape.jobs import LAYERS
from trainscape.render import ALIASES, COLORMAPS, DEFAULT_COLORMAP, gunzipped, is_gzipped
from trainscape.tiles import validate_tile

router = APIRouter(prefix="/api", tags=["tiles"])
MEDIA = {"npy": "application/octet-stream", "png": "image/png"}
TileIndex = Annotated[int, Path(ge=0, le=2**128)]
ViewToken = Annotated[
    str | None,
    Header(
        alias="X-Trainscape-View",
        pattern=r"^[A-Za-z0-9_.-]{1,64}$",
        description="optional: the client's view (any token of 1-64 letters, digits, `_.-`, "
        "changed whenever the view changes); tiles of the newest view are computed first",
    ),
]
ViewRank = Annotated[
    int | None,
    Header(
        alias="X-Trainscape-Rank",
        ge=0,
        le=1_000_000,
        description="optional, with X-Trainscape-View: the tile's place in that view, lowest "
        "computed first (the explorer sends its distance from the screen's centre)",
    ),
]


def colormap_name(
    colormap: Annotated[
        Literal[(*COLORMAPS, *ALIASES)],  # type: ignore[valid-type]
        Query(
            description="PNG only: a colormap of GET /api/colormaps, the explorer's names "
            "(case-sensitive); `spectral` and `redblue` are the old names of Spectral and RdBu",
        ),
    ] = DEFAULT_COLORMAP,
) -> str:
    """The colormap's name with an old alias resolved (an alias shares its map's cached PNGs)."""
    return ALIASES.get(colormap, colormap)


ColormapName = Annotated[str, Depends(colormap_name)]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def etag_of(key: str) -> str:
    """Strong ETag of a final tile: a hash of the content address it is stored under (its
    bytes never change; each encoding's key is distinct), not of its up to 512 KB of bytes."""
    return f'"{_digest(key.encode())}"'


def preview_etag(body: bytes) -> str:
    """Strong ETag of a preview: a hash of its bytes, not memoised (a recomputed preview may
    differ), never equal to a final tile's (an upscaled .png preview can equal the final PNG)."""
    return f'"preview-{_digest(body)}"'


def holds_preview(request: Request) -> bool:
    """Whether the client says it holds a preview of the tile (If-None-Match names a preview's
    ETag): it long-polls for the final tile; a client without one gets the preview at once."""
    return '"preview-' in request.headers.get("if-none-match", "")


def matches(request: Request, etag: str) -> bool:
    """Whether the request's If-None-Match names `etag` (weak comparison) or is `*`."""
    inm = request.headers.get("if-none-match", "")
    return etag in [t.strip().removeprefix("W/") for t in inm.split(",")] or inm.strip() == "*"


def accepts_gzip(request: Request) -> bool:
    """Whether the request's Accept-Encoding allows gzip: named (or `*`) without `q=0`."""
    allowed: dict[str, bool] = {}
    for part in request.headers.get("accept-encoding", "").split(","):
        name, *params = [p.strip() for p in part.split(";")]
        q = next((p[2:] for p in params if p.lower().startswith("q=")), "1")
        try:
            allowed[name.lower()] = float(q) > 0
        except ValueError:
            allowed[name.lower()] = False
    return allowed.get("gzip", allowed.get("x-gzip", allowed.get("*", False)))


def tile_request(
    e: Experiment, z: int, x: int, y: int, layer: str, step: int | None
) -> TileRequest:
    """Validated tile request: address in range, layer known and within the tile budget, step a
    checkpoint."""
    validate_tile(e, z, x, y)
    if layer not in LAYERS:
        raise BadRequest(f"layer {layer!r} is unknown; allowed: {', '.join(LAYERS)}")
    check_tile(e, LAYERS[layer].cost, f"a {layer} tile")
    if step is not None:
        allowed = list(e.checkpoints)
        if not LAYERS[layer].steps:
            raise BadRequest(f"layer {layer!r} has no per-step tiles; omit step")
        if step not in allowed:
            raise BadRequest(f"step {step} is not a checkpoint; allowed: {allowed}")
    return TileRequest(e, z, x, y, layer, step)


def view_hint(view: str | None, rank: int | None) -> ViewHint | None:
    """The request's place in the compute order (see `jobs.embedded`), from its headers."""
    if view is None:
        if rank is not None:
            raise BadRequest("header X-Trainscape-Rank needs X-Trainscape-View (the view it ranks)")
        return None
    return ViewHint(view, rank or 0)


def tile_response(request: Request, payload: Payload, fmt: str, svc: ServicesDep) -> Response:
    """200 immutable + strong ETag; previews no-store + Retry-After + their own ETag; either
    gets 304 (same headers, no body) when If-None-Match names its ETag. A gzipped payload is
    sent as it is stored if the client accepts gzip, else decompressed."""
    body, key, headers = payload.body, payload.key, {}
    if fmt == "npy":
        headers["Vary"] = "Accept-Encoding"
    if is_gzipped(body):
        if accepts_gzip(request):
            headers["Content-Encoding"] = "gzip"
            key += ".gz"
        else:
            body = gunzipped(body)
    if payload.preview:
        headers |= {
            "Cache-Control": NO_STORE,
            "ETag": preview_etag(body),
            "X-Trainscape-Preview": str(svc.settings.preview_size),
            "Retry-After": str(svc.settings.retry_after_s),
        }
    else:
        headers |= {"Cache-Control": IMMUTABLE, "ETag": etag_of(key)}
    if matches(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA[fmt], headers=headers)


TILE_PATH = "/experiments/{experiment_id}/tiles/{z}/{x}/{y}.{fmt}"


@router.get(
    TILE_PATH,
    summary="One 256×256 tile: raw float64 .npy (row 0 = top) or coloured .png",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}, "application/octet-stream": {}}},
        304: {"description": "Not modified"},
        503: {"description": "Computing; retry after Retry-After"},
    },
)
async def get_tile(
    request: Request,
    svc: ServicesDep,
    e: ExperimentDep,
    z: Annotated[int, Path(ge=0, le=1024)],
    x: TileIndex,
    y: TileIndex,
    fmt: Literal["npy", "png"],
    colormap: ColormapName,
    layer: Annotated[str, Query(max_length=32, description="tile layer")] = "measure",
    step: Annotated[
        int | None, Query(ge=1, le=MAX_STEPS, description="a checkpoint step count")
    ] = None,
    view: ViewToken = None,
    rank: ViewRank = None,
) -> Response:
    plain_integers(request, z=z, x=x, y=y, step=step)
    req = tile_request(e, z, x, y, layer, step)
    hint = view_hint(view, rank)
    has_preview = holds_preview(request)
    if fmt == "npy":
        payload = await svc.tiles.raw(req, hint, has_preview)
    else:
        payload = await svc.tiles.png(req, colormap, hint, has_preview)
    return tile_response(request, payload, fmt, svc)


router.add_api_route(
    TILE_PATH,
    get_tile,
    methods=["HEAD"],
    name="head_tile",
    summary="A tile's headers without its body (as GET: status, ETag, preview, caching)",
    response_class=Response,
    responses={
        200: {"description": "Ready, or a preview (X-Trainscape-Preview)"},
        304: {"description": "Not modified"},
        503: {"description": "Computing; retry after Retry-After"},
    },
)

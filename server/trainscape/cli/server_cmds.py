"""`trainscape serve` and `trainscape worker` (owned by the tile-service work)."""

from __future__ import annotations

import argparse

from trainscape.cli.common import CliError, port_arg
from trainscape.cli.settings_help import environment


def _settings():
    from pydantic import ValidationError

    from trainscape.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        where = f"TRAINSCAPE_{str(err['loc'][0]).upper()}" if err["loc"] else "settings"
        raise CliError(f"{where}: {err['msg']}") from None


def serve(args: argparse.Namespace) -> int:
    """Run the API and the explorer (embedded compute unless TRAINSCAPE_REDIS_URL is set)."""
    import uvicorn

    from trainscape.api.app import create_app

    settings = _settings()
    _check_address(args.host, args.port)
    mode = "Redis + workers" if settings.redis_url else "embedded compute"
    print(f"trainscape: serving http://{args.host}:{args.port}/ ({mode})", flush=True)
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=args.access_log,
    )
    return 0


def _check_address(host: str, port: int) -> None:
    """One line now, not uvicorn's log after the app has started: HOST resolves and PORT on it
    can be bound (free, and allowed to this user)."""
    import socket

    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = info[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            sock.bind(address)
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise CliError(f"cannot listen on {host}:{port}: {reason}") from None


def worker(args: argparse.Namespace) -> int:
    """Run one tile worker against TRAINSCAPE_REDIS_URL (one per GPU)."""
    from trainscape.worker.main import run

    settings = _settings()
    if not settings.redis_url:
        raise CliError("TRAINSCAPE_REDIS_URL must be set (workers take jobs from Redis)")
    return run(settings, args.id)


SERVE = """Serve the explorer (at /) and the tile API (/api, /docs, /metrics, /healthz).

Without TRAINSCAPE_REDIS_URL it runs embedded: this one process computes and
caches every tile. With it, `trainscape worker` processes (one per GPU) compute
the tiles through that Redis, and any number of `serve` processes may share it.
Settings come from the environment variables below."""

WORKER = """Compute tiles from the Redis queue at TRAINSCAPE_REDIS_URL until stopped
(SIGTERM or Ctrl-C; a tile in progress is queued again when its lease expires).
Run one per GPU, on any number of hosts; `trainscape serve` processes with the
same TRAINSCAPE_REDIS_URL put the jobs there. Logs one line per job to stderr
(experiment, layer, z/x/y, preview or full, seconds taken)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the server sub-commands."""
    raw = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser(
        "serve",
        help="start the explorer and tile API",
        description=SERVE,
        formatter_class=raw,
        epilog_fn=lambda: environment("serve"),
    )
    p.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    p.add_argument("--port", type=port_arg, default=8000, help="port, 1..65535 (default 8000)")
    p.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn's log level (default info)",
    )
    p.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="log every request (default off)",
    )
    p.set_defaults(run=serve)
    w = sub.add_parser(
        "worker",
        help="compute tiles from the Redis queue",
        description=WORKER,
        formatter_class=raw,
        epilog_fn=lambda: environment("worker"),
    )
    w.add_argument(
        "--id",
        default=None,
        help="this worker's name: in its start-up line and its markers in Redis "
        "(running:<id>) (default host:pid)",
    )
    w.set_defaults(run=worker)

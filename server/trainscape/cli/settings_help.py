"""The environment variables `serve` and `worker` read, as the end of their --help: the service
settings from their pydantic fields (`trainscape.settings.Settings`), then the engine's own
variables."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH, INDENT = 79, 6

#: What TRAINSCAPE_REDIS_URL does for each command, set or unset (replaces its field text).
REDIS_URL = {
    "serve": "the queue Redis, e.g. redis://127.0.0.1:6379/0. Unset (the default): embedded "
    "mode, one process, no Redis: tiles are computed on in-process threads and kept in a "
    "bounded memory cache. Set: tiles, jobs and posted experiments live in Redis and "
    "`trainscape worker` processes compute the tiles (start at least one).",
    "worker": "required: the queue Redis the API processes put tile jobs on, e.g. "
    "redis://127.0.0.1:6379/0. Unset: the worker exits at once with status 2 and a one-line "
    "error (an embedded `trainscape serve` computes its own tiles and needs no worker).",
}

#: Field texts that need the variables' names (the fields' own say `redis_url`).
TEXTS = {
    "cache_redis_url": "the tile-cache Redis, which may evict (default: TRAINSCAPE_REDIS_URL's)",
}

#: The settings a worker reads (all of them are read by `serve`).
WORKER_FIELDS = (
    "redis_url",
    "cache_redis_url",
    "queue_name",
    "preview_size",
    "job_lease_s",
    "queue_lease_s",
    "failure_backoff_s",
)

#: Read by the engine (trainscape.compute) in every command that computes.
ENGINE = {
    "TRAINSCAPE_KERNEL": "auto (default: the fused Pallas kernel on CUDA GPUs where it applies, "
    "XLA's elsewhere), xla or fused; changes values' last bits",
    "TRAINSCAPE_CHUNK": "runs per chunk, 1..1048576 (default: chosen per device); tuning, "
    "changes values' last bits",
    "TRAINSCAPE_CPU_DEVICES": "XLA host devices on a CPU (default: one per core)",
    "TRAINSCAPE_JAX_CACHE": "compiled-kernel cache directory (default "
    "~/.cache/trainscape/jax; empty: no cache)",
}


def _default(field: Any) -> str:
    value = field.default
    return "unset" if value is None else str(value)


def _item(name: str, text: str) -> str:
    return textwrap.fill(
        f"{name}: {text}",
        WIDTH,
        initial_indent="  ",
        subsequent_indent=" " * INDENT,
        break_on_hyphens=False,
    )


def environment(command: str) -> str:
    """The epilog of `trainscape serve|worker --help`: every environment variable it reads."""
    from trainscape.settings import Settings

    fields = Settings.model_fields
    names = fields if command == "serve" else WORKER_FIELDS
    lines = [
        "environment variables (all optional unless said; docs/api.md#settings):",
        _item("TRAINSCAPE_REDIS_URL", REDIS_URL[command]),
    ]
    for name in names:
        if name != "redis_url":
            field = fields[name]
            text = TEXTS.get(name) or f"{field.description} (default {_default(field)})"
            lines.append(_item(f"TRAINSCAPE_{name.upper()}", text))
    lines += [_item(var, text) for var, text in ENGINE.items()]
    if command == "worker":
        lines.append(_item("CUDA_VISIBLE_DEVICES", "the GPU(s) this worker uses (one per GPU)"))
    return "\n".join(lines)

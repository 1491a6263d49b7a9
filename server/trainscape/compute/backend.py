"""JAX backend set-up: float64 everywhere, one XLA device per CPU core.

Call `init()` before the first JAX computation of the process. On CPU, XLA is asked for one
host device per core (`--xla_force_host_platform_device_count`), so that independent chunks of
pixels run on all cores at once; on GPU every visible GPU is one device. Compiled kernels are
kept in a persistent cache (`TRAINSCAPE_JAX_CACHE`, default ~/.cache/trainscape/jax; an empty
value disables it).
"""

from __future__ import annotations

import os
from functools import cache

_FLAG = "--xla_force_host_platform_device_count"


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


@cache
def init() -> None:
    """Configure JAX for trainscape (idempotent; must run before JAX initialises a backend)."""
    flags = os.environ.get("XLA_FLAGS", "")
    if _FLAG not in flags:
        n = int(os.environ.get("TRAINSCAPE_CPU_DEVICES", _cpu_count()))
        os.environ["XLA_FLAGS"] = f"{flags} {_FLAG}={n}".strip()
    import jax

    jax.config.update("jax_enable_x64", True)
    cache_dir = os.environ.get(
        "TRAINSCAPE_JAX_CACHE", os.path.join(os.path.expanduser("~"), ".cache/trainscape/jax")
    )
    if cache_dir:  # persistent compilation cache: later processes skip the ~3 s compile
        jax.config.update("jax_compilation_cache_dir", cache_dir)
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.5)


def devices() -> list:
    """The devices pixels are spread over: all GPUs if any, else all host devices."""
    init()
    import jax

    return list(jax.devices())


def backend_name() -> str:
    init()
    import jax

    return jax.default_backend()

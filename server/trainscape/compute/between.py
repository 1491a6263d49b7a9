"""A hook every chunked kernel calls between two chunks: where a job stops or yields.

Pure (no JAX): the job engine sets the hook, `compute.runner.map_chunks` calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: What `map_chunks` calls after each chunk, set by `between_chunks` (None: nothing).
CHECK: ContextVar[Callable[[], None] | None] = ContextVar("trainscape_check", default=None)


@contextmanager
def between_chunks(check: Callable[[], None]) -> Iterator[None]:
    """Within the block, every `map_chunks` in this context calls `check()` after each chunk
    it collects, whatever kernel runs (measure, Lyapunov, ...). `check` may raise to abort the
    computation: the exception leaves `map_chunks`, the chunks still in flight are dropped."""
    token = CHECK.set(check)
    try:
        yield
    finally:
        CHECK.reset(token)

"""Service settings, read from the environment (prefix `TRAINSCAPE_`) by the composition roots
(API, worker, CLI) only.

Every field is documented in docs/api.md; defaults give the embedded single-process mode.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from trainscape.cache.registry import MAX_EXPERIMENTS
from trainscape.jobs.lifecycle import Rules
from trainscape.jobs.model import FAILURE_BACKOFF_S


class Settings(BaseSettings):
    """Settings of `trainscape serve` and `trainscape worker`."""

    model_config = SettingsConfigDict(env_prefix="TRAINSCAPE_", extra="ignore")

    redis_url: str | None = Field(default=None, description="queue Redis; unset = embedded mode")
    cache_redis_url: str | None = Field(
        default=None, description="tile-cache Redis (default redis_url)"
    )
    cache_memory_mb: int = Field(default=1024, ge=1, description="embedded memory cache bound")
    hot_cache_mb: int = Field(
        default=64, ge=0, description="per-process LRU in front of Redis; 0 = off"
    )
    cache_dir: Path | None = Field(default=None, description="embedded on-disk cache directory")
    compute_threads: int = Field(default=1, ge=1, le=64, description="embedded compute threads")
    tile_wait_s: float = Field(
        default=2.0, ge=0, le=60, description="bounded wait for a missing tile"
    )
    poll_s: float = Field(default=0.5, gt=0, le=10, description="re-check interval while waiting")
    retry_after_s: int = Field(default=2, ge=1, le=600, description="Retry-After of 503 responses")
    queue_limit: int = Field(default=256, ge=1, description="max queued tile jobs before 503")
    preview_size: int = Field(default=64, ge=0, le=128, description="preview edge; 0 = no previews")
    job_lease_s: float = Field(default=15.0, gt=0, description="worker heartbeat lease of a job")
    queue_lease_s: float = Field(
        default=600.0, gt=0, description="lease of a queued, unstarted job"
    )
    failure_backoff_s: int = Field(
        default=FAILURE_BACKOFF_S,
        ge=0,
        le=3600,
        description="a failed tile job is not retried for this long; requests get 503 + the error",
    )
    stale_s: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="a tile job nobody has asked for in this long is dropped unstarted, or "
        "abandoned between two chunks if it is computing (both modes; at least twice "
        "retry_after_s + poll_s, the browser's re-ask period)",
    )
    queue_name: str = Field(
        default="trainscape:jobs", description="prefix of the job queue's Redis keys"
    )
    point_concurrency: int = Field(
        default=2, ge=1, le=64, description="parallel point runs per API"
    )
    default_experiment: str = Field(default="tanh-quick", description="experiment the page opens")
    max_experiments: int = Field(
        default=MAX_EXPERIMENTS,
        ge=1,
        description="posted experiments kept (never evicted; in Redis mode across all API "
        "processes); beyond it POST gets 507",
    )

    @field_validator("preview_size")
    @classmethod
    def _power_of_two(cls, v: int) -> int:
        if v and (v < 8 or v & (v - 1)):
            raise ValueError("must be 0 (off) or a power of two from 8 to 128")
        return v

    @field_validator("stale_s")
    @classmethod
    def _stale_after_re_asks(cls, v: float, info: ValidationInfo) -> float:
        # a waiting request re-submits every poll_s; a client re-asks retry_after_s after each
        # answer: the longest gap between two signs of interest is about their sum
        gap = info.data.get("retry_after_s", 0) + info.data.get("poll_s", 0.0)
        if v < 2 * gap:
            raise ValueError(
                f"{v:g} would drop tiles the browser is still asking for (it re-asks within "
                f"retry_after_s + poll_s = {gap:g} s); allowed: >= {2 * gap:g}"
            )
        return v

    @property
    def cache_url(self) -> str | None:
        return self.cache_redis_url or self.redis_url

    @property
    def rules(self) -> Rules:
        """The job lifecycle's rules, the same in API processes and workers."""
        return Rules(
            preview_size=self.preview_size,
            stale_s=self.stale_s,
            failure_backoff_s=self.failure_backoff_s,
            queue_limit=self.queue_limit,
        )

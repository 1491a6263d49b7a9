"""Prometheus export of the tile service's counters (one registry per app)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from trainscape.api.delivery import Counters
from trainscape.jobs.stats import JobStats


class ServiceCollector:
    """Exports cache counters of this process and job totals (cluster-wide with Redis)."""

    def __init__(self) -> None:
        self.counters = Counters()
        self.jobs = JobStats()
        self.registry = CollectorRegistry()
        self.registry.register(self)

    def collect(self) -> Iterator[Metric]:
        c, j = self.counters, self.jobs
        for name, doc, value in (
            ("cache_hits", "tile requests answered at once from the cache", c.hits),
            (
                "cache_misses",
                "tile requests whose tile was not cached when they came (each re-ask of a "
                "computing tile counts again)",
                c.misses,
            ),
            ("previews_served", "preview tiles served while computing", c.previews),
            ("tiles_not_ready", "503 answers for tiles still computing", c.not_ready),
            ("tiles_computed", "full tiles computed (all workers; not previews)", j.computed),
            ("tile_jobs_failed", "tile jobs that raised", j.failed),
            ("tile_jobs_enqueued", "tile jobs enqueued", j.enqueued),
            ("tile_jobs_dropped", "queued tile jobs dropped: nobody asked any more", j.dropped),
            (
                "tile_jobs_abandoned",
                "tile jobs stopped while computing: nobody asked any more",
                j.abandoned,
            ),
            ("compute_seconds", "seconds spent computing tiles", j.compute_seconds),
        ):
            yield CounterMetricFamily(f"trainscape_{name}", doc, value=value)
        yield GaugeMetricFamily("trainscape_queue_depth", "tile jobs waiting", j.queue_depth)
        yield GaugeMetricFamily("trainscape_workers", "compute workers seen", j.workers)

"""Prometheus metrics at ``/metrics``, off unless ``METRICS_ENABLED``.

- Requests: count and latency per endpoint (the Flask endpoint name, so ids do not make
  a series each) and status, by prometheus-flask-exporter.
- Media: how long processing takes (``shortvideo_video_processing_seconds``, by outcome),
  recorded wherever it runs (a worker on the same machine with the same
  ``PROMETHEUS_MULTIPROC_DIR``, or the web process without a broker); the task queue's
  depth and the videos still processing, read when Prometheus scrapes.

Under gunicorn, set ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory; gunicorn.conf.py
empties it at start and drops the files of dead workers) so that one scrape sees every
worker. Prometheus scrapes each instance directly; nginx does not forward ``/metrics``.
"""

import logging
import os
import time
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask
from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import GaugeMetricFamily

log = logging.getLogger(__name__)

PREFIX = "shortvideo"

# Module level: one per process, written to PROMETHEUS_MULTIPROC_DIR when that is set.
PROCESSING_SECONDS = Histogram(
    f"{PREFIX}_video_processing_seconds",
    "Time to process an upload (probe, thumbnail, transcode, store), by outcome.",
    ["outcome"],
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300, 600),
    registry=None,
)


@contextmanager
def processing_timer():
    """Time one processing run; the body sets ``outcome["value"]`` (ready, failed, ...)."""
    outcome = {"value": "error"}
    started = time.perf_counter()
    try:
        yield outcome
    finally:
        PROCESSING_SECONDS.labels(outcome["value"]).observe(time.perf_counter() - started)


class StateCollector:
    """Gauges read at scrape time: the queue's depth and the videos still processing."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        from app.models import Video
        from app.models.video import PROCESSING

        depth = GaugeMetricFamily(f"{PREFIX}_task_queue_depth", "Tasks waiting in the queue.")
        processing = GaugeMetricFamily(f"{PREFIX}_videos_processing", "Videos not processed yet.")
        with self.app.app_context():
            from app.extensions import db

            try:
                count = db.session.scalar(sa.select(sa.func.count()).where(Video.status == PROCESSING))
                processing.add_metric([], count or 0)
            except sa.exc.OperationalError:
                log.warning("Metrics: the database did not answer")
            finally:
                db.session.remove()
            if broker := self.app.config["CELERY_BROKER_URL"]:
                depth.add_metric([], self._queue_depth(broker))
        yield processing
        if self.app.config["CELERY_BROKER_URL"]:
            yield depth

    def _queue_depth(self, broker: str) -> int:
        import redis

        try:
            client = redis.Redis.from_url(broker, socket_connect_timeout=0.5, socket_timeout=0.5)
            depth: Any = client.llen(self.app.config["CELERY_QUEUE"])
            return int(depth)
        except redis.RedisError:
            return -1  # the broker did not answer: an alert, not a failed scrape


def init_app(app: Flask) -> None:
    if not app.config["METRICS_ENABLED"]:
        return
    from prometheus_client import multiprocess
    from prometheus_client.exposition import choose_encoder
    from prometheus_flask_exporter import PrometheusMetrics
    from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

    class MultiprocessMetrics(GunicornInternalPrometheusMetrics):
        # The exporter builds each scrape's registry from the workers' files alone; the
        # gauges read at scrape time go in it too.
        def generate_metrics(self, accept_header=None, names=None):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            registry.register(StateCollector(app))
            scraped: Any = registry.restricted_registry(names) if names else registry
            generate_latest, content_type = choose_encoder(accept_header)
            return generate_latest(scraped).decode("utf-8"), content_type

    options = {"group_by": "endpoint", "defaults_prefix": PREFIX, "excluded_paths": ["^/metrics$"]}
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiprocessMetrics(app, path="/metrics", **options)
        return
    # One registry per app: tests create many apps in one process.
    registry = CollectorRegistry()
    PrometheusMetrics(app, path="/metrics", registry=registry, **options)
    registry.register(PROCESSING_SECONDS)
    registry.register(StateCollector(app))

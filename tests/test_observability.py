"""What operators watch: Prometheus metrics (app/metrics.py) and JSON logs (app/logs.py).

The multi-worker case (PROMETHEUS_MULTIPROC_DIR under gunicorn) and gunicorn's JSON access
log run in `make deploy-test` (deploy/checks.py).
"""

import io
import json
import logging
import os
import re

import pytest

from app import create_app
from app.extensions import db
from app.logs import JsonFormatter
from tests.helpers import MP4, upload
from tests.services import redis_answers, require

REDIS = "redis://127.0.0.1:6379/0"


def _app(app, **overrides):
    return create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            **overrides,
        },
    )


@pytest.fixture
def metrics_app(app):
    metrics_app = _app(app, METRICS_ENABLED=True)
    yield metrics_app
    with metrics_app.app_context():
        db.engine.dispose()


def sample(text, name, **labels):
    """The value of one sample of the Prometheus text ``text``, or None."""
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line) or re.fullmatch(rf"{name} (\S+)", line)
        if not match:
            continue
        if len(match.groups()) == 1:
            return float(match.group(1)) if not labels else None
        found = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(2))
    return None


def test_metrics_are_off_unless_enabled(client):
    assert client.get("/metrics").status_code == 404


def test_requests_are_counted_and_timed_per_endpoint(metrics_app, alice):
    client = metrics_app.test_client()
    for _ in range(3):
        assert client.get("/api/videos").status_code == 200
    assert client.get("/api/videos/999999").status_code == 404
    text = client.get("/metrics").get_data(as_text=True)
    count = "shortvideo_http_request_duration_seconds_count"
    assert sample(text, count, endpoint="videos.list_videos", method="GET", status="200") == 3
    assert sample(text, count, endpoint="videos.get_video", method="GET", status="404") == 1
    # One series per endpoint, not per URL: no id appears in a label.
    assert "999999" not in text


def test_processing_times_and_videos_processing_are_exported(metrics_app, alice, tmp_media):
    client = metrics_app.test_client()
    assert upload(client, alice, MP4).status_code == 201  # processed inline: no broker
    text = client.get("/metrics").get_data(as_text=True)
    assert sample(text, "shortvideo_video_processing_seconds_count", outcome="ready") >= 1
    assert sample(text, "shortvideo_videos_processing") == 0
    assert sample(text, "shortvideo_task_queue_depth") is None  # no queue without a broker


def test_the_queue_depth_is_read_from_the_broker(app, alice, tmp_media):
    require(redis_answers(REDIS), f"Redis is not reachable at {REDIS}")
    queue = f"shortvideo-metrics-{os.getpid()}"
    queued = _app(app, METRICS_ENABLED=True, CELERY_BROKER_URL=REDIS, CELERY_QUEUE=queue)
    client = queued.test_client()
    try:
        assert upload(client, alice, MP4).status_code == 201  # queued; no worker runs it
        text = client.get("/metrics").get_data(as_text=True)
        assert sample(text, "shortvideo_task_queue_depth") == 1
        assert sample(text, "shortvideo_videos_processing") == 1
    finally:
        import redis

        redis.Redis.from_url(REDIS).delete(queue)
        with queued.app_context():
            db.engine.dispose()


def test_json_logs_carry_the_request_id(app):
    json_app = _app(app, LOG_FORMAT="json")
    [handler] = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        with json_app.test_request_context("/api/videos", headers={"X-Request-ID": "req-0123"}):
            logging.getLogger("app.test").warning("storage is %s", "slow")
        logging.getLogger("app.test").error("outside a request")
    finally:
        handler.setStream(previous)
        logging.getLogger().removeHandler(handler)  # the rest of the suite logs as before
        with json_app.app_context():
            db.engine.dispose()
    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert inside["message"] == "storage is slow" and inside["level"] == "WARNING"
    assert inside["request_id"] == "req-0123" and inside["path"] == "/api/videos"
    assert inside["logger"] == "app.test" and inside["time"].endswith("+00:00")
    assert "request_id" not in outside

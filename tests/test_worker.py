"""Processing by a real Celery worker process on the machine's Redis (CELERY_BROKER_URL).

The web side is an app of the suite's database with the broker configured: an upload is
queued, not processed in the request; the worker (``celery -A wsgi:celery_app worker``,
started here) processes it. Without Redis these tests skip (under CI=true they fail).
"""

import os
import signal
import subprocess
import time

import pytest

from app import create_app
from app.extensions import db
from app.videos import media
from tests.helpers import MP4, media_files, media_name, stored_files, upload
from tests.services import CeleryWorker, redis_answers, require

BROKER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
QUEUE = f"shortvideo-tests-{os.getpid()}"


@pytest.fixture(scope="module")
def queued_app(app):
    require(redis_answers(BROKER), f"Redis is not reachable at {BROKER} (TEST_REDIS_URL)")
    overrides = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MEDIA_ROOT": app.config["MEDIA_ROOT"],
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE": QUEUE,
        "VIDEO_MAX_BYTES": 4 * 1024 * 1024,
    }
    queued = create_app("testing", overrides=overrides)
    yield queued
    with queued.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def worker(app, queued_app, tmp_path_factory):
    env = {
        "APP_CONFIG": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MEDIA_ROOT": app.config["MEDIA_ROOT"],
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE": QUEUE,
    }
    worker = CeleryWorker(env, tmp_path_factory.mktemp("worker") / "worker.log")
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def queued_client(queued_app):
    return queued_app.test_client()


def wait_for(client, video_id, account, status="ready", timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        video = client.get(f"/api/videos/{video_id}", headers=account.headers).get_json()
        if video["status"] == status or time.monotonic() > deadline:
            return video
        time.sleep(0.2)


def test_a_worker_processes_queued_uploads(queued_client, worker, alice, tmp_media):
    video = upload(queued_client, alice, MP4).get_json()
    assert video["status"] == "processing"
    done = wait_for(queued_client, video["id"], alice)
    assert done["status"] == "ready", worker.log_path.read_text()[-2000:]
    assert (done["width"], done["height"]) == (32, 32)
    assert media_files(tmp_media) == stored_files(media_name(video))


@pytest.fixture(scope="module")
def slow_video(tmp_path_factory):
    """A clip whose transcode takes a few seconds (300 frames of 1080x1920), small on disk."""
    path = tmp_path_factory.mktemp("slow") / "slow.mp4"
    subprocess.run(
        [media.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "testsrc2=size=1080x1920:rate=30", "-t", "10", "-c:v", "libx264", "-preset", "ultrafast",
         "-crf", "45", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


def _transcoding_pid(timeout=60):
    """The ffmpeg process making a rendition, once it runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["pgrep", "-f", "rendition.mp4"], capture_output=True, text=True).stdout
        if out.split():
            return int(out.split()[0])
        time.sleep(0.05)
    raise AssertionError("no transcode started")


def test_a_worker_killed_mid_transcode_is_redelivered_and_the_video_ends_ready(
    queued_client, worker, alice, tmp_media, slow_video
):
    video = upload(queued_client, alice, slow_video).get_json()
    ffmpeg_pid = _transcoding_pid()
    [child] = worker.children()
    os.kill(child, signal.SIGKILL)  # the pool process running the task, mid-transcode
    os.kill(ffmpeg_pid, signal.SIGKILL)
    done = wait_for(queued_client, video["id"], alice, timeout=120)
    assert done["status"] == "ready", worker.log_path.read_text()[-3000:]
    assert (done["width"], done["height"]) == (720, 1280)
    assert media_files(tmp_media) == stored_files(media_name(video))  # no duplicate objects
    assert b"WorkerLostError" in worker.log_path.read_bytes() or b"SIGKILL" in worker.log_path.read_bytes()

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
from tests.services import CeleryWorker, redis_answers, require, smtp_server

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
def smtp():
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def worker(app, queued_app, smtp, tmp_path_factory):
    env = {
        "APP_CONFIG": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MEDIA_ROOT": app.config["MEDIA_ROOT"],
        "CELERY_BROKER_URL": BROKER,
        "CELERY_QUEUE": QUEUE,
        # The mails go to the test's SMTP server; a failed one is retried after a second.
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MAIL_RETRY_SECONDS": "1",
        "PUBLIC_BASE_URL": "http://localhost",
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


# --- mails and exports (app/auth/tasks.py, app/exports/tasks.py) -----------------------------


def _token_of(message):
    import re
    from urllib.parse import parse_qs, urlsplit

    [url] = re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())
    return parse_qs(urlsplit(url).query)["token"][0]


def _wait_for_log(worker, text, timeout=60):
    deadline = time.monotonic() + timeout
    while text.encode() not in worker.log_path.read_bytes():
        assert time.monotonic() < deadline, worker.log_path.read_text()[-3000:]
        time.sleep(0.1)


def test_a_worker_sends_the_verification_mail_after_registration(queued_client, worker, smtp):
    smtp.messages.clear()
    response = queued_client.post(
        "/api/auth/register",
        json={"username": "dana", "email": "dana@example.com", "password": "password 123"},
    )
    assert response.status_code == 201
    [message] = smtp.wait_for(1)
    assert message["To"] == "dana@example.com"
    assert queued_client.post("/api/auth/email/verify", json={"token": _token_of(message)}).status_code == 204
    me = queued_client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {response.get_json()['access_token']}"}
    )
    assert me.get_json()["email_verified"] is True


def test_a_mail_server_that_is_down_gets_the_mail_when_it_is_back(queued_client, worker, smtp, alice):
    smtp.messages.clear()
    smtp.stop()
    try:
        response = queued_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
        assert response.status_code == 202
        _wait_for_log(worker, "alice@example.com not sent")
    finally:
        smtp.start()
    [message] = smtp.wait_for(1)
    assert message["To"] == "alice@example.com"
    body = {"token": _token_of(message), "new_password": "a brand new passphrase"}
    assert queued_client.post("/api/auth/password-reset/confirm", json=body).status_code == 204


def test_a_worker_builds_the_export(queued_client, worker, alice):
    import io
    import zipfile
    from urllib.parse import urlsplit

    video = upload(queued_client, alice, MP4).get_json()
    assert queued_client.post("/api/me/export", headers=alice.headers).get_json()["status"] == "pending"
    deadline = time.monotonic() + 60
    while (export := queued_client.get("/api/me/export", headers=alice.headers).get_json())[
        "status"
    ] == "pending":
        assert time.monotonic() < deadline, worker.log_path.read_text()[-3000:]
        time.sleep(0.2)
    assert export["status"] == "ready", worker.log_path.read_text()[-3000:]
    url = urlsplit(export["url"])
    archive = zipfile.ZipFile(io.BytesIO(queued_client.get(f"{url.path}?{url.query}").get_data()))
    assert archive.read(f"videos/{video['id']}.mp4") == MP4

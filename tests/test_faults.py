"""Faults (docs/SECURITY.md §4 "PostgreSQL restarts and outages", §3.3 upload tests).

- Connections killed under the app (``pg_terminate_backend`` from another connection):
  the next request succeeds (pool pre-ping).
- The database unreachable: a throwaway PostgreSQL cluster (initdb + pg_ctl on another
  port, in a temp dir, never the shared service) is stopped under a running app; health
  and data endpoints answer a JSON 503 within about 3 s, and the same app serves again
  once the cluster is back.
- Uploads and deletes: a failed commit leaves no file, a client that disconnects
  mid-upload leaves no file, and a video's file is removed only after the commit.
"""

import contextlib
import io
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app, storage
from app.extensions import db
from app.models import Video
from tests.helpers import MP4, PASSWORD, assert_error, media_files, upload

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _db_failure():
    return sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))


def _count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- connections killed ---------------------------------------------------------------


def _terminate_app_connections(app):
    """From a separate connection, kill every other backend of the test database."""
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    connection = psycopg2.connect(
        host=url.host, port=url.port or 5432, user=url.username, dbname=url.database, connect_timeout=3
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def test_requests_after_connections_are_killed_succeed(app, client, alice, is_postgres, drift):
    if not is_postgres:
        pytest.skip("pg_terminate_backend needs PostgreSQL")
    assert client.get("/api/auth/me", headers=alice.headers).status_code == 200  # pooled now
    assert _terminate_app_connections(app) >= 1
    assert client.get("/api/health").status_code == 200
    assert _terminate_app_connections(app) >= 1
    response = client.post(
        "/api/videos", json={"video_url": "https://cdn.example.com/v.mp4"}, headers=alice.headers
    )
    assert response.status_code == 201, response.get_json()
    assert _terminate_app_connections(app) >= 1
    assert client.get("/api/videos").get_json()["items"][0]["id"] == response.get_json()["id"]
    assert drift() == {}


# --- the database unreachable, then back ----------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster in a temp dir, run as the ``postgres`` user when the
    tests run as root (initdb refuses root)."""

    def __init__(self, root):
        self.root = Path(root)
        self.data = self.root / "data"
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args):
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


@pytest.fixture(scope="module")
def cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL binaries in {PG_BIN} (set PG_BIN)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: initdb cannot run as root")
    root = tempfile.mkdtemp(prefix="shortvideo-outage-")
    os.chmod(root, 0o755)
    cluster = Cluster(root)
    try:
        cluster.init()
        cluster.start()
    except (subprocess.CalledProcessError, KeyError, LookupError) as error:
        shutil.rmtree(root, ignore_errors=True)
        detail = getattr(error, "stderr", "") or error
        pytest.skip(f"cannot create a throwaway PostgreSQL cluster: {detail}")
    yield cluster
    with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
        cluster.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def outage_app(cluster, tmp_path_factory):
    """A separate app on the throwaway cluster, migrated like production."""
    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": cluster.url,
            "MEDIA_ROOT": str(tmp_path_factory.mktemp("outage-media")),
        },
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_database_down_is_a_quick_json_503_and_the_app_recovers(cluster, outage_app):
    client = outage_app.test_client()
    assert {"status": "ok", "database": "ok"}.items() <= client.get("/api/health").get_json().items()
    account = client.post(
        "/api/auth/register", json={"username": "survivor", "email": "s@example.com", "password": PASSWORD}
    ).get_json()
    headers = {"Authorization": f"Bearer {account['access_token']}"}
    video = client.post("/api/videos", json={"video_url": "https://cdn.example.com/v.mp4"}, headers=headers)
    assert video.status_code == 201

    cluster.stop()
    down = [
        lambda: client.get("/api/health"),
        lambda: client.get("/api/videos"),
        lambda: client.get(f"/api/videos/{video.get_json()['id']}"),
        lambda: client.get("/api/auth/me", headers=headers),
        lambda: client.post(
            "/api/videos", json={"video_url": "https://cdn.example.com/w.mp4"}, headers=headers
        ),
        lambda: client.post("/api/auth/login", json={"login": "survivor", "password": PASSWORD}),
        lambda: client.get("/api/users/survivor"),
    ]
    for call in down:
        response, seconds = _timed(call)
        assert response.status_code == 503, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert (body["code"], body["status"]) == (503, "Service Unavailable")
        assert body["message"] and "psycopg2" not in response.get_data(as_text=True)
        assert response.headers.get("Retry-After")
        assert seconds < 4, f"took {seconds:.1f} s"
    health = client.get("/api/health").get_json()
    assert health["database"] == "unreachable" and health["code"] == 503

    cluster.start()
    # The same process, no restart: the pool replaces its dead connections.
    assert {"status": "ok", "database": "ok"}.items() <= client.get("/api/health").get_json().items()
    assert client.get("/api/videos").get_json()["items"][0]["id"] == video.get_json()["id"]
    assert client.get("/api/auth/me", headers=headers).status_code == 200
    again = client.post("/api/videos", json={"video_url": "https://cdn.example.com/x.mp4"}, headers=headers)
    assert again.status_code == 201


# --- files and commits -----------------------------------------------------------------


def test_upload_whose_commit_fails_leaves_no_file_and_no_row(
    app, client, alice, tmp_media, monkeypatch, drift
):
    def failing_commit():
        raise _db_failure()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    response = upload(client, alice, MP4)
    monkeypatch.undo()
    assert_error(response, 503)
    assert media_files(tmp_media) == []
    assert _count(app, Video) == 0
    assert client.get("/api/users/alice").get_json()["video_count"] == 0
    assert drift() == {}
    # And the next upload works.
    assert upload(client, alice, MP4).status_code == 201
    assert len(media_files(tmp_media)) == 3  # the upload, its rendition and thumbnail


def test_upload_failing_in_the_flush_leaves_no_file(app, client, alice, tmp_media):
    """A failure inside the transaction (not only the commit), forced with a SQLAlchemy event."""
    with app.app_context():
        engine = db.engine

    def fail_on_insert(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO VIDEOS"):
            raise _db_failure()

    sa.event.listen(engine, "before_cursor_execute", fail_on_insert)
    try:
        response = upload(client, alice, MP4)
    finally:
        sa.event.remove(engine, "before_cursor_execute", fail_on_insert)
    assert_error(response, 503)
    assert media_files(tmp_media) == []
    assert _count(app, Video) == 0


def _multipart(content):
    boundary = "fuzzboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\n'
            f"Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_client_disconnecting_mid_body_leaves_no_file(app, client, alice, tmp_media):
    body, content_type = _multipart(MP4 + b"\x00" * 20_000)
    truncated = io.BytesIO(body[: len(body) // 2])  # the client went away halfway
    response = client.post(
        "/api/videos",
        input_stream=truncated,
        content_type=content_type,
        content_length=len(body),
        headers=alice.headers,
    )
    # 400 when the server notices the short body, 422 when the part just ends (no file).
    assert_error(response, response.status_code)
    assert response.status_code in (400, 422)
    assert media_files(tmp_media) == []
    assert _count(app, Video) == 0


def test_connection_lost_while_the_file_is_copied_leaves_no_part_file(
    app, client, alice, tmp_media, monkeypatch
):
    real_save = storage.save

    class DroppingStream:
        def __init__(self, stream):
            self.stream, self.reads = stream, 0

        def read(self, size=-1):
            self.reads += 1
            if self.reads > 1:
                raise OSError("connection reset by peer")
            return self.stream.read(64)

    def save(stream, extension, max_bytes):
        return real_save(DroppingStream(stream), extension, max_bytes)

    monkeypatch.setattr(storage, "save", save)
    response = upload(client, alice, MP4 + b"\x00" * 1000)
    assert_error(response, response.status_code)
    assert response.status_code in (400, 500)
    assert media_files(tmp_media) == []
    assert _count(app, Video) == 0


def test_deleting_a_video_removes_its_files_before_the_commit_and_a_retry_finishes_it(
    app, client, alice, tmp_media, monkeypatch, drift
):
    video = upload(client, alice, MP4).get_json()
    stored = media_files(tmp_media)
    assert len(stored) == 3  # the upload, its rendition and thumbnail

    events = []
    real_commit, real_purge = db.session.commit, storage.purge
    monkeypatch.setattr(
        storage, "purge", lambda keys: (events.append(("purge", list(keys))), real_purge(keys))[1]
    )

    def failing_commit():
        events.append("commit")
        raise _db_failure()

    monkeypatch.setattr(db.session, "commit", failing_commit)
    assert_error(client.delete(f"/api/videos/{video['id']}", headers=alice.headers), 503)
    # The files went first (never a 204 with the media still served); the row stayed.
    assert events[0][0] == "purge" and sorted(events[0][1]) == stored and "commit" in events
    monkeypatch.setattr(db.session, "commit", real_commit)
    assert media_files(tmp_media) == []
    assert client.get(f"/api/videos/{video['id']}").status_code == 200

    # The client's retry finishes the job: purging keys already gone succeeds.
    assert client.delete(f"/api/videos/{video['id']}", headers=alice.headers).status_code == 204
    assert client.get(f"/api/videos/{video['id']}").status_code == 404
    assert client.get(video["video_url"]).status_code == 404
    assert drift() == {}


# --- every pooled connection in use -----------------------------------------------------


def test_an_exhausted_connection_pool_is_a_json_503_with_retry_after(app, alice, is_postgres):
    if not is_postgres:
        pytest.skip("SQLite has no connection pool limit")
    from config import engine_options

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = {**engine_options(url), "pool_size": 1, "max_overflow": 0, "pool_timeout": 0.2}
    small = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": url,
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "SQLALCHEMY_ENGINE_OPTIONS": options,
        },
    )
    with small.app_context():
        engine = db.engine
    held = engine.connect()  # the pool's only connection, as a long request would hold it
    try:
        client = small.test_client()
        for response in (client.get("/api/videos"), client.get("/api/auth/me", headers=alice.headers)):
            assert_error(response, 503)
            assert response.headers["Retry-After"] == "3"
    finally:
        held.close()
    assert small.test_client().get("/api/videos").status_code == 200
    engine.dispose()

"""Data exports over HTTP on local storage (API.md, "Accounts and data rights"): the
archive's contents, its signed expiring URL, the sweep, the limits, and account deletion.
On S3 (SeaweedFS): tests/test_storage_s3.py; built by a real worker: tests/test_worker.py.

Without a task queue the archive is built in the request, after its commit.
"""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Export
from tests.helpers import (
    MP4,
    PASSWORD,
    WEBM,
    assert_error,
    assert_iso_utc,
    comment,
    follow_ok,
    like_ok,
    limit_of,
    link,
    upload,
)

ARCHIVE_FILES = {
    "README.txt",
    "profile.json",
    "videos.json",
    "comments.json",
    "likes.json",
    "follows.json",
    "bookmarks.json",
}


def ask(client, account):
    response = client.post("/api/me/export", headers=account.headers)
    assert response.status_code == 202, response.get_json()
    return response


def current(client, account):
    response = client.get("/api/me/export", headers=account.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def download(client, url):
    parts = urlsplit(url)
    assert parts.scheme in {"http", "https"} and parts.netloc  # absolute
    return client.get(f"{parts.path}?{parts.query}")


def archive_of(client, account):
    export = current(client, account)
    assert export["status"] == "ready", export
    response = download(client, export["url"])
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def read_json(archive, name):
    return json.loads(archive.read(name))


def test_asking_answers_pending_and_the_archive_is_then_ready(client, alice):
    response = ask(client, alice)
    body = response.get_json()
    assert body["status"] == "pending"
    assert body["url"] is None and body["expires_at"] is None
    assert_iso_utc(body["created_at"])
    assert response.headers["Cache-Control"] == "no-store"
    export = current(client, alice)
    assert set(export) == {"status", "url", "expires_at", "created_at"}
    assert export["status"] == "ready"
    assert export["url"].startswith("http://localhost/api/exports/")
    expires = datetime.fromisoformat(export["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)


def test_the_archive_holds_every_file_of_the_contract_and_the_originals(client, alice, bob):
    first = upload(client, alice, MP4, caption="first #cats").get_json()
    second = upload(client, alice, WEBM, filename="b.webm", mimetype="video/webm").get_json()
    linked = link(client, alice, caption="a link")
    theirs = link(client, bob, caption="bob's")
    like_ok(client, alice, theirs["id"])
    said = comment(client, alice, theirs["id"], body="hello bob")
    follow_ok(client, alice, "bob")
    follow_ok(client, bob, "alice")
    assert client.post(f"/api/videos/{theirs['id']}/bookmark", headers=alice.headers).status_code == 201
    ask(client, alice)
    archive = archive_of(client, alice)
    originals = {f"videos/{first['id']}.mp4", f"videos/{second['id']}.webm"}
    assert set(archive.namelist()) == ARCHIVE_FILES | originals
    assert archive.read(f"videos/{first['id']}.mp4") == MP4
    assert archive.read(f"videos/{second['id']}.webm") == WEBM
    assert archive.getinfo(f"videos/{first['id']}.mp4").compress_type == zipfile.ZIP_STORED

    profile = read_json(archive, "profile.json")
    assert profile["username"] == "alice" and profile["email"] == "alice@example.com"
    assert profile["email_verified"] is False
    videos = {video["id"]: video for video in read_json(archive, "videos.json")}
    assert set(videos) == {first["id"], second["id"], linked["id"]}
    assert videos[first["id"]]["file"] == f"videos/{first['id']}.mp4"
    assert videos[first["id"]]["hashtags"] == ["cats"]
    assert videos[linked["id"]]["file"] is None
    assert videos[linked["id"]]["video_url"] == linked["video_url"]
    [written] = read_json(archive, "comments.json")
    assert (written["id"], written["body"], written["video_id"]) == (said["id"], "hello bob", theirs["id"])
    assert [like["video_id"] for like in read_json(archive, "likes.json")] == [theirs["id"]]
    follows = {(f["direction"], f["username"]) for f in read_json(archive, "follows.json")}
    assert follows == {("following", "bob"), ("follower", "bob")}
    [saved] = read_json(archive, "bookmarks.json")
    assert saved["video_id"] == theirs["id"] and saved["created_at"]
    for name in ARCHIVE_FILES - {"README.txt", "profile.json"}:
        assert isinstance(read_json(archive, name), list)


def test_the_download_is_a_private_attachment(client, alice):
    ask(client, alice)
    response = download(client, current(client, alice)["url"])
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=shortvideo-export-")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_building_takes_the_same_statements_for_few_and_many_rows(
    client, alice, bob, register, count_queries
):
    def build_statements():
        with count_queries() as statements:
            ask(client, alice)
        return len(statements)

    link(client, alice)
    ask(client, alice)  # so that each measured request replaces a previous export
    few = build_statements()
    for i in range(5):
        video = link(client, bob, caption=f"v{i}")
        like_ok(client, alice, video["id"])
        comment(client, alice, video["id"], body=f"c{i}")
        link(client, alice, caption=f"mine {i}")
        follow_ok(client, register(f"fan{i}"), "alice")
    assert build_statements() == few  # one statement per list, whatever its length


def test_a_tampered_or_foreign_download_link_is_403(client, alice, bob):
    ask(client, alice)
    ask(client, bob)
    alices, bobs = (urlsplit(current(client, account)["url"]) for account in (alice, bob))
    tampered = alices.query[:-3] + ("abc" if not alices.query.endswith("abc") else "xyz")
    assert_error(client.get(f"{alices.path}?{tampered}"), 403)
    # Bob's signature does not open Alice's archive.
    assert_error(client.get(f"{alices.path}?{bobs.query}"), 403)
    assert_error(client.get(alices.path), 422)


def test_an_expired_export_is_gone_and_its_link_dead(app, client, alice, tmp_media):
    ask(client, alice)
    url = current(client, alice)["url"]
    with app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        db.session.execute(sa.update(Export).values(expires_at=past))
        db.session.commit()
    assert_error(client.get("/api/me/export", headers=alice.headers), 404)
    assert download(client, url).status_code in {403, 404}


def test_the_sweep_removes_expired_exports_and_their_archives(app, client, alice, bob, tmp_media):
    ask(client, alice)
    ask(client, bob)
    assert len(list((tmp_media / "exports").iterdir())) == 2
    with app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        alices = db.session.scalar(sa.select(Export.id).where(Export.user_id == alice.id))
        db.session.execute(sa.update(Export).where(Export.id == alices).values(expires_at=past))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["media", "sweep"])
    assert result.exit_code == 0, result.output
    assert "1 expired export(s) removed" in result.output
    assert [p.name for p in (tmp_media / "exports").iterdir()] == [
        f"{current(client, bob)['url'].split('/')[-2]}.zip"
    ]
    assert_error(client.get("/api/me/export", headers=alice.headers), 404)
    assert current(client, bob)["status"] == "ready"


def test_the_sweep_fails_an_export_pending_too_long(app, client, alice):
    with app.app_context():
        long_ago = datetime.now(UTC) - timedelta(minutes=app.config["EXPORT_STUCK_MINUTES"] + 1)
        db.session.add(Export(id="f" * 32, user_id=alice.id, status="pending", created_at=long_ago))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["media", "sweep"])
    assert "1 stuck one(s) failed" in result.output
    assert current(client, alice)["status"] == "failed"
    # A failed export may be asked for again at once.
    assert ask(client, alice).get_json()["status"] == "pending"
    assert current(client, alice)["status"] == "ready"


def test_asking_while_one_is_pending_answers_that_one(app, client, alice):
    created = datetime.now(UTC) - timedelta(minutes=1)
    with app.app_context():
        db.session.add(Export(id="e" * 32, user_id=alice.id, status="pending", created_at=created))
        db.session.commit()
    body = ask(client, alice).get_json()
    assert body["status"] == "pending"
    assert datetime.fromisoformat(body["created_at"]) == created.replace(microsecond=created.microsecond)
    with app.app_context():
        assert db.session.scalars(sa.select(Export.id)).all() == ["e" * 32]


def test_a_new_export_replaces_the_previous_archive(client, alice, tmp_media):
    ask(client, alice)
    first = current(client, alice)["url"]
    ask(client, alice)
    second = current(client, alice)["url"]
    assert first != second
    assert len(list((tmp_media / "exports").iterdir())) == 1
    assert download(client, first).status_code in {403, 404}
    assert download(client, second).status_code == 200


def test_no_export_asked_for_is_404_and_both_need_a_token(client, alice):
    assert_error(client.get("/api/me/export", headers=alice.headers), 404)
    assert_error(client.get("/api/me/export"), 401)
    assert_error(client.post("/api/me/export"), 401)


def test_exports_are_limited_to_one_a_day(limited_app, limited_client, tmp_media):
    response = limited_client.post(
        "/api/auth/register", json={"username": "alice", "email": "alice@example.com", "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {response.get_json()['access_token']}"}
    allowed = limit_of(limited_app, "RATELIMIT_EXPORT")
    for _ in range(allowed):
        assert limited_client.post("/api/me/export", headers=headers).status_code == 202
    refused = limited_client.post("/api/me/export", headers=headers)
    assert_error(refused, 429)
    assert int(refused.headers["Retry-After"]) > 3600


def test_deleting_the_account_deletes_its_export_and_archive(app, client, alice, tmp_media):
    upload(client, alice, MP4)
    ask(client, alice)
    url = current(client, alice)["url"]
    response = client.delete("/api/auth/me", json={"password": PASSWORD}, headers=alice.headers)
    assert response.status_code == 204
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Export)) == 0
    assert list((tmp_media / "exports").iterdir()) == []
    assert download(client, url).status_code == 404


@pytest.fixture
def limited_app(app):
    from app import create_app
    from app.extensions import limiter

    limited = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        },
    )
    limiter.reset()
    yield limited
    limiter.reset()
    limiter.enabled = False
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def limited_client(limited_app):
    return limited_app.test_client()

"""Media on S3-compatible object storage (STORAGE_BACKEND=s3), against a real SeaweedFS.

The app under test shares the suite's database; only its storage differs. Without the
``weed`` binary these tests skip (under CI=true they fail).
"""

import urllib.error
import urllib.request

import pytest

from app import create_app
from app.extensions import db
from app.storage import S3Storage
from app.videos.tasks import derived_keys
from tests.helpers import MP4, PNG, assert_error, mp4_of_size, stored_files, upload
from tests.services import free_port, seaweedfs

BUCKET = "media-tests"


@pytest.fixture(scope="session")
def s3_store(tmp_path_factory):
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs"), BUCKET) as store:
        yield store


def _app_on(app, endpoint, tmp_path_factory):
    overrides = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("unused-media")),
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": BUCKET,
        "S3_ACCESS_KEY_ID": "test-access-key",
        "S3_SECRET_ACCESS_KEY": "test-secret-key-0123456789",
    }
    return create_app("testing", overrides=overrides)


@pytest.fixture(scope="session")
def s3_app(app, s3_store, tmp_path_factory):
    s3_app = _app_on(app, s3_store.endpoint, tmp_path_factory)
    yield s3_app
    with s3_app.app_context():
        db.engine.dispose()


@pytest.fixture
def s3_client(s3_app, s3_store):
    yield s3_app.test_client()
    bucket = s3_store.client()
    for item in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        bucket.delete_object(Bucket=BUCKET, Key=item["Key"])


def stored_keys(store):
    return sorted(item["Key"] for item in store.client().list_objects_v2(Bucket=BUCKET).get("Contents", []))


def fetch(url, headers=None):
    """GET ``url`` over the network; (status, headers, body)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_an_upload_is_stored_in_the_bucket_and_served_from_it(s3_client, s3_store, alice):
    response = upload(s3_client, alice, MP4, caption="on s3")
    assert response.status_code == 201, response.get_json()
    video = response.get_json()
    key = video["video_url"].split("?")[0].rsplit("/", 1)[-1]
    assert key.endswith(".mp4")
    assert stored_keys(s3_store) == stored_files(key)  # the upload, its rendition and thumbnail
    assert video["video_url"].startswith(f"{s3_store.endpoint}/{BUCKET}/{key}?")
    assert "X-Amz-Signature=" in video["video_url"]

    status, headers, body = fetch(video["video_url"])
    assert (status, body) == (200, MP4)
    assert headers["Content-Type"] == "video/mp4"
    status, headers, body = fetch(video["video_url"], {"Range": "bytes=0-99"})
    assert (status, body) == (206, MP4[:100])

    # Processed (inline: no task queue in this app): served from the bucket too.
    ready = s3_client.get(f"/api/videos/{video['id']}").get_json()
    rendition, thumbnail = derived_keys(key)
    assert ready["status"] == "ready"
    assert ready["video_url"].startswith(f"{s3_store.endpoint}/{BUCKET}/{rendition}?")
    assert ready["thumbnail_url"].startswith(f"{s3_store.endpoint}/{BUCKET}/{thumbnail}?")
    status, headers, body = fetch(ready["video_url"], {"Range": "bytes=0-7"})
    assert status == 206 and body[4:8] == b"ftyp"
    status, headers, body = fetch(ready["thumbnail_url"])
    assert status == 200 and headers["Content-Type"] == "image/jpeg" and body[:2] == b"\xff\xd8"


def test_a_presigned_url_is_reused_while_it_has_most_of_its_life(s3_client, alice):
    video = s3_client.get(f"/api/videos/{upload(s3_client, alice, MP4).get_json()['id']}").get_json()
    again = s3_client.get(f"/api/videos/{video['id']}").get_json()
    listed = s3_client.get("/api/videos").get_json()["items"][0]
    assert video["video_url"] == again["video_url"] == listed["video_url"]


def test_media_base_url_serves_objects_from_a_public_bucket_or_cdn(s3_store):
    storage = S3Storage(s3_store.client(), BUCKET, "https://cdn.example.com/media/", 3600)
    assert storage.url("abc.mp4") == "https://cdn.example.com/media/abc.mp4"


def test_deleting_a_video_deletes_its_object(s3_client, s3_store, alice):
    video = upload(s3_client, alice, MP4).get_json()
    assert len(stored_keys(s3_store)) == 3
    assert s3_client.delete(f"/api/videos/{video['id']}", headers=alice.headers).status_code == 204
    assert stored_keys(s3_store) == []
    assert fetch(video["video_url"])[0] == 404


def test_deleting_an_account_deletes_its_objects(s3_client, s3_store, alice, bob):
    for _ in range(2):
        upload(s3_client, alice, MP4)
    upload(s3_client, bob, MP4)
    assert len(stored_keys(s3_store)) == 9  # each upload, its rendition and thumbnail
    response = s3_client.delete("/api/auth/me", json={"password": alice["password"]}, headers=alice.headers)
    assert response.status_code == 204
    assert len(stored_keys(s3_store)) == 3


def test_an_upload_over_the_limit_leaves_nothing_in_the_bucket(s3_client, s3_store, s3_app, alice):
    assert_error(upload(s3_client, alice, mp4_of_size(s3_app.config["VIDEO_MAX_BYTES"] + 1)), 413)
    assert_error(upload(s3_client, alice, PNG, filename="x.mp4"), 415)
    assert stored_keys(s3_store) == []
    assert s3_client.get("/api/videos").get_json()["items"] == []


@pytest.fixture
def storage_down_client(app, tmp_path_factory):
    """An app whose object storage refuses connections (nothing listens on the port)."""
    down = _app_on(app, f"http://127.0.0.1:{free_port()}", tmp_path_factory)
    yield down.test_client()
    with down.app_context():
        db.engine.dispose()


def test_object_storage_down_is_a_json_503_and_nothing_is_written(storage_down_client, alice):
    response = upload(storage_down_client, alice, MP4)
    body = assert_error(response, 503)
    assert "storage" in body["message"].lower()
    assert response.headers["Retry-After"].isdigit()
    # Reads that need no object storage still work, and no half-made video is listed.
    listed = storage_down_client.get("/api/videos")
    assert listed.status_code == 200 and listed.get_json()["items"] == []
    # A link needs no storage at all.
    linked = storage_down_client.post(
        "/api/videos", json={"video_url": "https://cdn.example.com/v.mp4"}, headers=alice.headers
    )
    assert linked.status_code == 201


def test_deleting_while_storage_is_down_is_a_503_and_keeps_the_video(
    s3_client, s3_store, storage_down_client, alice
):
    video = upload(s3_client, alice, MP4).get_json()
    keys = stored_keys(s3_store)
    response = storage_down_client.delete(f"/api/videos/{video['id']}", headers=alice.headers)
    assert "storage" in assert_error(response, 503)["message"].lower()
    assert response.headers["Retry-After"].isdigit()
    # Nothing half-done: the video, its counters and its objects are as they were.
    assert s3_client.get(f"/api/videos/{video['id']}").status_code == 200
    assert s3_client.get(f"/api/users/{alice.username}").get_json()["video_count"] == 1
    assert stored_keys(s3_store) == keys
    # Once the store is back, the same request deletes it all.
    assert s3_client.delete(f"/api/videos/{video['id']}", headers=alice.headers).status_code == 204
    assert stored_keys(s3_store) == []


def test_deleting_an_account_while_storage_is_down_is_a_503_and_keeps_it(
    s3_client, s3_store, storage_down_client, alice
):
    upload(s3_client, alice, MP4)
    body = {"password": alice["password"]}
    response = storage_down_client.delete("/api/auth/me", json=body, headers=alice.headers)
    assert_error(response, 503)
    assert s3_client.get("/api/auth/me", headers=alice.headers).status_code == 200
    assert len(stored_keys(s3_store)) == 3


def test_an_account_with_more_objects_than_one_delete_request_takes_is_purged(
    s3_client, s3_store, alice, monkeypatch
):
    # DeleteObjects takes 1,000 keys; a batch of 2 makes 3 uploads (9 keys) need 5 requests.
    monkeypatch.setattr("app.storage.DELETE_BATCH", 2)
    for _ in range(3):
        upload(s3_client, alice, MP4)
    assert len(stored_keys(s3_store)) == 9
    response = s3_client.delete("/api/auth/me", json={"password": alice["password"]}, headers=alice.headers)
    assert response.status_code == 204
    assert stored_keys(s3_store) == []


def test_media_check_reads_the_bucket(s3_app, s3_client, s3_store, alice):
    video = upload(s3_client, alice, MP4).get_json()
    s3_store.client().put_object(Bucket=BUCKET, Key="stray.mp4", Body=MP4)
    runner = s3_app.test_cli_runner()
    result = runner.invoke(args=["media", "check"])
    assert result.exit_code == 1 and "orphan object   stray.mp4" in result.output
    assert runner.invoke(args=["media", "check", "--fix"]).exit_code == 0
    key = video["video_url"].split("?")[0].rsplit("/", 1)[-1]
    assert stored_keys(s3_store) == stored_files(key)


def _put(url, body):
    request = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": ""})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


MIB = 1024 * 1024


@pytest.fixture
def big_uploads(s3_app, monkeypatch):
    monkeypatch.setitem(s3_app.config, "UPLOAD_PART_BYTES", 5 * MIB)  # S3's smallest part
    monkeypatch.setitem(s3_app.config, "VIDEO_MAX_BYTES", 16 * MIB)


def test_a_direct_upload_goes_straight_to_the_bucket_in_parts(s3_client, s3_store, alice, big_uploads):
    content = mp4_of_size(11 * MIB)
    response = s3_client.post(
        "/api/uploads", json={"size": len(content), "content_type": "video/mp4"}, headers=alice.headers
    )
    assert response.status_code == 201, response.get_json()
    upload = response.get_json()
    assert [p["size"] for p in upload["parts"]] == [5 * MIB, 5 * MIB, MIB]
    for part in reversed(upload["parts"]):
        # The store's own presigned URL: the bytes never pass through the API.
        assert part["url"].startswith(f"{s3_store.endpoint}/{BUCKET}/") and "uploadId=" in part["url"]
        start = (part["number"] - 1) * 5 * MIB
        status, headers = _put(part["url"], content[start : start + part["size"]])
        assert status == 200 and headers["ETag"]
    assert s3_client.get(f"/api/uploads/{upload['id']}", headers=alice.headers).get_json()[
        "received_parts"
    ] == [
        1,
        2,
        3,
    ]
    response = s3_client.post(f"/api/uploads/{upload['id']}/complete", json={}, headers=alice.headers)
    assert response.status_code == 201, response.get_json()
    key = response.get_json()["video_url"].split("?")[0].rsplit("/", 1)[-1]
    body = s3_store.client().get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert body == content


def test_deleting_an_account_aborts_its_multipart_uploads(s3_client, s3_store, alice, big_uploads):
    content = mp4_of_size(6 * MIB)
    upload = s3_client.post(
        "/api/uploads", json={"size": len(content), "content_type": "video/mp4"}, headers=alice.headers
    ).get_json()
    assert _put(upload["parts"][0]["url"], content[: 5 * MIB])[0] == 200
    assert s3_store.client().list_multipart_uploads(Bucket=BUCKET).get("Uploads")
    response = s3_client.delete("/api/auth/me", json={"password": alice["password"]}, headers=alice.headers)
    assert response.status_code == 204
    assert not s3_store.client().list_multipart_uploads(Bucket=BUCKET).get("Uploads")


def test_a_direct_part_of_the_wrong_size_is_refused(s3_client, alice, big_uploads):
    content = mp4_of_size(6 * MIB)
    upload = s3_client.post(
        "/api/uploads", json={"size": len(content), "content_type": "video/mp4"}, headers=alice.headers
    ).get_json()
    first, last = upload["parts"]
    status, _ = _put(first["url"], content[: 5 * MIB - 1])
    if status == 200:  # the store took it anyway: completing names the part
        assert _put(last["url"], content[5 * MIB :])[0] == 200
        body = assert_error(
            s3_client.post(f"/api/uploads/{upload['id']}/complete", json={}, headers=alice.headers), 422
        )
        assert "1" in body["errors"]["json"]["parts"][0]
    else:
        assert status in (400, 403)
    assert s3_client.delete(f"/api/uploads/{upload['id']}", headers=alice.headers).status_code == 204


def _export_url(client, account):
    assert client.post("/api/me/export", headers=account.headers).status_code == 202
    export = client.get("/api/me/export", headers=account.headers).get_json()
    assert export["status"] == "ready", export
    return export["url"]


def test_an_export_is_built_into_the_bucket_and_served_by_a_presigned_url(s3_client, s3_store, alice):
    import io
    import json
    import zipfile

    video = upload(s3_client, alice, MP4, caption="exported").get_json()
    url = _export_url(s3_client, alice)
    assert url.startswith(f"{s3_store.endpoint}/{BUCKET}/exports/") and "X-Amz-Signature=" in url
    expires = int(url.split("X-Amz-Expires=")[1].split("&")[0])
    assert 7 * 86400 - 60 < expires <= 7 * 86400  # until the export expires, 7 days from now
    status, headers, body = fetch(url)
    assert status == 200
    assert headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in headers["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.read(f"videos/{video['id']}.mp4") == MP4
    assert [v["caption"] for v in json.loads(archive.read("videos.json"))] == ["exported"]
    assert json.loads(archive.read("bookmarks.json")) == []
    # A signature altered by one character opens nothing.
    assert fetch(url.replace("X-Amz-Signature=", "X-Amz-Signature=0"))[0] == 403


def test_media_check_leaves_export_archives_alone(s3_app, s3_client, s3_store, alice):
    upload(s3_client, alice, MP4)
    _export_url(s3_client, alice)
    result = s3_app.test_cli_runner().invoke(args=["media", "check"])
    assert result.exit_code == 0, result.output


def test_the_sweep_and_account_deletion_remove_export_archives(s3_app, s3_client, s3_store, alice, bob):
    from datetime import UTC, datetime, timedelta

    import sqlalchemy as sa

    from app.models import Export

    _export_url(s3_client, alice)
    _export_url(s3_client, bob)
    assert len([key for key in stored_keys(s3_store) if key.startswith("exports/")]) == 2
    with s3_app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        db.session.execute(sa.update(Export).where(Export.user_id == alice.id).values(expires_at=past))
        db.session.commit()
    assert "1 expired export(s) removed" in s3_app.test_cli_runner().invoke(args=["media", "sweep"]).output
    assert len([key for key in stored_keys(s3_store) if key.startswith("exports/")]) == 1
    response = s3_client.delete("/api/auth/me", json={"password": bob["password"]}, headers=bob.headers)
    assert response.status_code == 204
    assert stored_keys(s3_store) == []

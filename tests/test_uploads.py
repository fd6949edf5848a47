"""Direct, resumable uploads on local storage, against docs/API.md ("Direct, resumable
uploads"): the parts go to the API's own signed part URLs. tests/test_storage_s3.py runs
the same flow against SeaweedFS, where the part URLs are the store's."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Upload
from tests.helpers import MP4, PNG, assert_error, get_video, media_files, stored_files

PART = 500  # bytes: MP4 (1,597 bytes) is then 4 parts


@pytest.fixture(autouse=True)
def small_parts(app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_PART_BYTES", PART)


def start(client, account, content=MP4, content_type="video/mp4"):
    response = client.post(
        "/api/uploads", json={"size": len(content), "content_type": content_type}, headers=account.headers
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def send(client, part, content):
    body = content[(part["number"] - 1) * PART :][: part["size"]]
    return client.put(part["url"], data=body)


def send_all(client, upload, content=MP4):
    for part in reversed(upload["parts"]):  # any order
        response = send(client, part, content)
        assert response.status_code == 200, response.get_json()


def complete(client, upload, account, **body):
    return client.post(f"/api/uploads/{upload['id']}/complete", json=body, headers=account.headers)


def parts_on_disk(tmp_media):
    folder = tmp_media / ".parts"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_direct_upload_in_parts_becomes_a_video(client, alice, tmp_media, drift):
    upload = start(client, alice)
    assert upload["status"] == "open"
    assert (upload["size"], upload["part_size"]) == (len(MP4), PART)
    assert [(p["number"], p["size"]) for p in upload["parts"]] == [(1, 500), (2, 500), (3, 500), (4, 97)]
    assert upload["received_parts"] == []
    for part in upload["parts"]:
        url = urlsplit(part["url"])
        assert (url.scheme, url.netloc) == ("http", "localhost")
        assert url.path == f"/api/uploads/{upload['id']}/parts/{part['number']}"

    response = send(client, upload["parts"][2], MP4)
    assert response.status_code == 200 and response.headers["ETag"].startswith('"')
    assert client.get(f"/api/uploads/{upload['id']}", headers=alice.headers).get_json()["received_parts"] == [
        3
    ]
    send_all(client, upload)  # part 3 again, too: sending a part twice is harmless

    response = complete(client, upload, alice, caption="direct #upload")
    assert response.status_code == 201, response.get_json()
    video = response.get_json()
    assert video["status"] == "processing" and video["caption"] == "direct #upload"
    done = get_video(client, video["id"], alice)
    assert done["status"] == "ready" and done["hashtags"] == ["upload"]
    key = media_files(tmp_media)[-1]
    assert media_files(tmp_media) == stored_files(key)
    assert (tmp_media / key).read_bytes() == MP4
    assert parts_on_disk(tmp_media) == []
    finished = client.get(f"/api/uploads/{upload['id']}", headers=alice.headers).get_json()
    assert finished["status"] == "completed" and finished["received_parts"] == [1, 2, 3, 4]
    assert get_video(client, video["id"])["author"]["username"] == "alice"
    assert drift() == {}


def test_a_part_of_the_wrong_size_is_a_400_and_is_not_kept(client, alice, tmp_media):
    upload = start(client, alice)
    first = upload["parts"][0]
    assert_error(client.put(first["url"], data=MP4[:499]), 400)
    assert_error(client.put(first["url"], data=MP4[:501]), 400)
    assert (
        client.get(f"/api/uploads/{upload['id']}", headers=alice.headers).get_json()["received_parts"] == []
    )
    assert parts_on_disk(tmp_media) == []


def test_completing_with_parts_missing_is_a_422_naming_them(client, alice):
    upload = start(client, alice)
    send(client, upload["parts"][0], MP4)
    body = assert_error(complete(client, upload, alice), 422)
    assert body["errors"]["json"]["parts"] == ["Parts not received yet: 2, 3, 4."]


def test_a_declared_size_over_the_limit_is_a_413_and_bad_input_a_422(client, alice, app):
    too_big = {"size": app.config["VIDEO_MAX_BYTES"] + 1, "content_type": "video/mp4"}
    assert_error(client.post("/api/uploads", json=too_big, headers=alice.headers), 413)
    for body in (
        {"size": 0, "content_type": "video/mp4"},
        {"size": 10, "content_type": "image/png"},
        {"size": 10},
    ):
        assert_error(client.post("/api/uploads", json=body, headers=alice.headers), 422)
    assert_error(client.post("/api/uploads", json={"size": 10, "content_type": "video/mp4"}), 401)


def test_completing_twice_or_after_an_abort_or_expiry_is_a_409(app, client, alice, tmp_media):
    done = start(client, alice)
    send_all(client, done)
    assert complete(client, done, alice).status_code == 201
    assert_error(complete(client, done, alice), 409)
    assert_error(client.delete(f"/api/uploads/{done['id']}", headers=alice.headers), 409)

    aborted = start(client, alice)
    send(client, aborted["parts"][0], MP4)
    assert client.delete(f"/api/uploads/{aborted['id']}", headers=alice.headers).status_code == 204
    assert parts_on_disk(tmp_media) == []
    assert client.delete(f"/api/uploads/{aborted['id']}", headers=alice.headers).status_code == 204
    assert_error(complete(client, aborted, alice), 409)
    assert_error(send(client, aborted["parts"][1], MP4), 409)

    expired = start(client, alice)
    send_all(client, expired)
    with app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        db.session.execute(sa.update(Upload).where(Upload.id == expired["id"]).values(expires_at=past))
        db.session.commit()
    assert_error(complete(client, expired, alice), 409)


def test_someone_elses_upload_is_a_404(client, alice, bob):
    upload = start(client, alice)
    assert_error(client.get(f"/api/uploads/{upload['id']}", headers=bob.headers), 404)
    assert_error(complete(client, upload, bob), 404)
    assert_error(client.delete(f"/api/uploads/{upload['id']}", headers=bob.headers), 404)
    assert_error(client.get("/api/uploads/nope", headers=alice.headers), 404)


def test_a_part_url_is_only_good_for_its_own_part(client, alice):
    upload = start(client, alice)
    first, second = upload["parts"][:2]
    forged = second["url"].split("?")[0] + "?" + urlsplit(first["url"]).query
    assert_error(client.put(forged, data=MP4[500:1000]), 403)
    assert_error(client.put(first["url"].split("?")[0] + "?token=abc", data=MP4[:500]), 403)
    assert_error(client.put(first["url"].split("?")[0], data=MP4[:500]), 422)


def test_a_completed_upload_that_is_not_a_video_is_a_415(client, alice, tmp_media):
    fake = PNG * 10
    upload = start(client, alice, fake)
    send_all(client, upload, fake)
    assert_error(complete(client, upload, alice), 415)
    assert media_files(tmp_media) == [] and parts_on_disk(tmp_media) == []
    assert client.get("/api/users/alice/videos", headers=alice.headers).get_json()["items"] == []


def test_deleting_an_account_drops_the_parts_of_its_open_uploads(client, alice, bob, tmp_media):
    theirs = start(client, bob)
    send(client, theirs["parts"][0], MP4)
    mine = start(client, alice)
    send(client, mine["parts"][0], MP4)
    body = {"password": alice["password"]}
    assert client.delete("/api/auth/me", json=body, headers=alice.headers).status_code == 204
    assert len(parts_on_disk(tmp_media)) == 1  # Bob's part, not Alice's
    assert client.get(f"/api/uploads/{theirs['id']}", headers=bob.headers).get_json()["received_parts"] == [1]

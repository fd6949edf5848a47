"""``flask media check`` and ``flask media reprocess`` against docs/API.md ("Command line, v2")."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Upload, Video
from app.videos.tasks import derived_keys
from tests.helpers import MP4, get_video, media_files, media_name, stored_files, upload


def flask(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_check_agrees_after_uploads_and_deletions(app, client, alice):
    kept = upload(client, alice, MP4).get_json()
    gone = upload(client, alice, MP4).get_json()
    assert client.delete(f"/api/videos/{gone['id']}", headers=alice.headers).status_code == 204
    result = flask(app, "media", "check")
    assert result.exit_code == 0, result.output
    assert "agrees" in result.output
    assert get_video(client, kept["id"])["status"] == "ready"


def test_check_finds_orphans_and_fix_deletes_them(app, client, alice, tmp_media):
    video = upload(client, alice, MP4).get_json()
    (tmp_media / "0123456789abcdef0123456789abcdef.mp4").write_bytes(MP4)
    result = flask(app, "media", "check")
    assert result.exit_code == 1
    assert "orphan object   0123456789abcdef0123456789abcdef.mp4" in result.output
    result = flask(app, "media", "check", "--fix")
    assert result.exit_code == 0, result.output
    assert media_files(tmp_media) == stored_files(media_name(video))


def test_check_finds_a_videos_missing_object(app, client, alice, tmp_media):
    video = upload(client, alice, MP4).get_json()
    rendition, _ = derived_keys(media_name(video))
    (tmp_media / rendition).unlink()
    result = flask(app, "media", "check", "--fix")
    assert result.exit_code == 1
    assert f"missing object  {rendition}" in result.output


def test_reprocess_failed_videos(app, client, alice, monkeypatch):
    monkeypatch.setitem(app.config, "VIDEO_MAX_SECONDS", 0)
    video = upload(client, alice, MP4).get_json()
    assert get_video(client, video["id"], alice)["status"] == "failed"
    monkeypatch.setitem(app.config, "VIDEO_MAX_SECONDS", 600)
    result = flask(app, "media", "reprocess", "--failed")
    assert result.exit_code == 0, result.output
    assert "1 of 1 video(s) processed" in result.output
    done = get_video(client, video["id"], alice)
    assert done["status"] == "ready" and done["processing_error"] is None


def test_reprocess_makes_renditions_for_uploads_from_before_processing(app, client, alice, tmp_media):
    video = upload(client, alice, MP4).get_json()
    for key in derived_keys(media_name(video)):
        (tmp_media / key).unlink()
    with app.app_context():  # as the migration leaves a v1 upload: ready, original only
        db.session.execute(
            sa.update(Video)
            .where(Video.id == video["id"])
            .values(rendition_key=None, thumbnail_key=None, width=None, height=None, duration=None)
        )
        db.session.commit()
    assert get_video(client, video["id"])["video_url"] == video["video_url"]  # still listed
    result = flask(app, "media", "reprocess")
    assert result.exit_code == 0, result.output
    done = get_video(client, video["id"])
    assert done["status"] == "ready" and done["thumbnail_url"] and done["width"] == 32
    assert media_files(tmp_media) == stored_files(media_name(video))
    assert flask(app, "media", "reprocess").output.strip().endswith("0 of 0 video(s) processed.")


def test_reprocess_names_ids_that_are_not_uploads(app, client, alice):
    linked = client.post(
        "/api/videos", json={"video_url": "https://cdn.example.com/v.mp4"}, headers=alice.headers
    ).get_json()
    result = flask(app, "media", "reprocess", str(linked["id"]), "987654321")
    assert result.exit_code != 0
    assert f"No uploaded video with id {linked['id']}, 987654321." in result.output


def _stuck(app, video_id, attempts, minutes_ago):
    with app.app_context():
        since = datetime.now(UTC) - timedelta(minutes=minutes_ago)
        db.session.execute(
            sa.update(Video)
            .where(Video.id == video_id)
            .values(status="processing", processing_since=since, processing_attempts=attempts)
        )
        db.session.commit()


def test_sweep_queues_stuck_videos_again_and_fails_them_after_the_last_attempt(app, client, alice):
    lost, hopeless, recent = (upload(client, alice, MP4).get_json()["id"] for _ in range(3))
    _stuck(app, lost, attempts=1, minutes_ago=60)  # its task was lost
    _stuck(app, hopeless, attempts=3, minutes_ago=60)  # out of attempts
    _stuck(app, recent, attempts=1, minutes_ago=5)  # still within its time
    result = flask(app, "media", "sweep")
    assert result.exit_code == 0, result.output
    assert "1 stuck video(s) queued again, 1 failed" in result.output
    assert get_video(client, lost, alice)["status"] == "ready"
    failed = get_video(client, hopeless, alice)
    assert failed["status"] == "failed" and "did not finish" in failed["processing_error"]
    assert get_video(client, recent, alice)["status"] == "processing"


def test_sweep_removes_expired_direct_uploads(app, client, alice, tmp_media, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_PART_BYTES", 1024)
    body = {"size": len(MP4), "content_type": "video/mp4"}
    expired, live = (
        client.post("/api/uploads", json=body, headers=alice.headers).get_json() for _ in range(2)
    )
    for opened in (expired, live):
        assert client.put(opened["parts"][0]["url"], data=MP4[:1024]).status_code == 200
    with app.app_context():
        past = datetime.now(UTC) - timedelta(minutes=1)
        db.session.execute(sa.update(Upload).where(Upload.id == expired["id"]).values(expires_at=past))
        db.session.commit()
    result = flask(app, "media", "sweep")
    assert "1 expired upload(s) removed" in result.output
    assert (
        client.get(f"/api/uploads/{expired['id']}", headers=alice.headers).get_json()["status"] == "aborted"
    )
    assert client.get(f"/api/uploads/{live['id']}", headers=alice.headers).get_json()["received_parts"] == [1]
    assert sorted(p.name for p in (tmp_media / ".parts").iterdir()) == [live["id"]]

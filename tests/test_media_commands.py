"""``flask media check`` and ``flask media reprocess`` against docs/API.md ("Command line, v2")."""

import sqlalchemy as sa

from app.extensions import db
from app.models import Video
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

"""Media processing against docs/API.md ("Media pipeline"), with the real ffmpeg on tiny
videos generated here: probe, thumbnail, rendition, ``ready`` or ``failed``, and who sees
what meanwhile. Without a task queue (as here) the web process processes each upload
right after answering it."""

import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Video
from app.videos import media
from app.videos.tasks import derived_keys, process_video
from tests.helpers import MP4, assert_error, media_files, media_name, media_path, stored_files, upload


def make_video(path, *arguments):
    subprocess.run(
        [media.ffmpeg(), "-hide_banner", "-loglevel", "error", "-y", *arguments, str(path)], check=True
    )
    return path.read_bytes()


@pytest.fixture(scope="session")
def samples(tmp_path_factory):
    """Small real videos, each under the test upload limit (64 KiB)."""
    folder = tmp_path_factory.mktemp("samples")
    src = ["-f", "lavfi", "-i", "testsrc=size=320x180:rate=10"]
    tone = ["-f", "lavfi", "-i", "sine=frequency=440"]
    h264 = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "35"]
    made = {
        "landscape": make_video(folder / "landscape.mp4", *src, *tone, "-t", "2", *h264, "-c:a", "aac"),
        "silent_mov": make_video(folder / "silent.mov", *src, "-t", "2", *h264),
        "webm": make_video(
            folder / "clip.webm", *src, "-t", "1", "-c:v", "libvpx", "-b:v", "100k", "-deadline", "realtime"
        ),
        "portrait": make_video(
            folder / "portrait.mp4",
            "-f",
            "lavfi",
            "-i",
            "color=c=teal:size=1080x1920:rate=5",
            "-t",
            "1",
            *h264,
        ),
    }
    # The landscape clip with a display matrix: players turn it by 90 degrees.
    rotated = folder / "rotated.mp4"
    (folder / "plain.mp4").write_bytes(made["landscape"])
    made["rotated"] = make_video(
        rotated, "-display_rotation", "90", "-i", str(folder / "plain.mp4"), "-c", "copy"
    )
    # A valid MP4 header, then garbage where the pictures should be.
    made["broken"] = made["landscape"][:64] + bytes(range(256)) * 40
    return made


def ready(client, video, account):
    return client.get(f"/api/videos/{video['id']}", headers=account.headers).get_json()


def test_an_upload_is_answered_processing_then_becomes_ready(client, alice, samples):
    response = upload(client, alice, samples["landscape"])
    assert response.status_code == 201, response.get_json()
    video = response.get_json()
    assert video["status"] == "processing"
    assert video["thumbnail_url"] is None and video["duration"] is None
    done = ready(client, video, alice)
    assert done["status"] == "ready"
    assert done["duration"] == pytest.approx(2.0, abs=0.1)
    assert (done["width"], done["height"]) == (320, 180)
    assert done["processing_error"] is None
    assert done["thumbnail_url"].endswith("-thumbnail.jpg")
    assert done["video_url"].endswith("-rendition.mp4")


def test_the_rendition_plays_everywhere(app, client, alice, samples, tmp_media):
    """H.264 yuv420p + AAC, MP4 with the index (moov) before the media data."""
    import av

    done = ready(client, upload(client, alice, samples["landscape"]).get_json(), alice)
    rendition = tmp_media / media_path(done["video_url"])
    with av.open(str(rendition)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.video[0].codec_context.pix_fmt == "yuv420p"
        assert container.streams.audio[0].codec_context.name == "aac"
    data = rendition.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart
    thumbnail = tmp_media / media_path(done["thumbnail_url"])
    assert thumbnail.read_bytes()[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    ("sample", "size"),
    [("portrait", (720, 1280)), ("rotated", (180, 320)), ("silent_mov", (320, 180)), ("webm", (320, 180))],
)
def test_renditions_are_scaled_down_never_up_and_turned_upright(client, alice, samples, sample, size):
    done = ready(client, upload(client, alice, samples[sample]).get_json(), alice)
    assert done["status"] == "ready", done["processing_error"]
    assert (done["width"], done["height"]) == size


def test_a_rotated_rendition_needs_no_turning(client, alice, samples, tmp_media):
    done = ready(client, upload(client, alice, samples["rotated"]).get_json(), alice)
    probed = media.probe(tmp_media / media_path(done["video_url"]))
    assert probed.rotation == 0 and (probed.width, probed.height) == (180, 320)


def test_an_undecodable_video_fails_and_only_its_author_sees_it(client, alice, bob, samples):
    video = upload(client, alice, samples["broken"]).get_json()
    mine = ready(client, video, alice)
    assert mine["status"] == "failed"
    assert mine["processing_error"]
    assert mine["thumbnail_url"] is None
    # Everyone else: as if it did not exist.
    assert_error(client.get(f"/api/videos/{video['id']}", headers=bob.headers), 404)
    assert_error(client.get(f"/api/videos/{video['id']}"), 404)
    assert client.get("/api/videos").get_json()["items"] == []
    assert client.get("/api/videos/for-you", headers=bob.headers).get_json()["items"] == []
    assert client.get("/api/users/alice/videos", headers=bob.headers).get_json()["items"] == []
    # The author finds it in their own list, with the reason.
    [own] = client.get("/api/users/alice/videos", headers=alice.headers).get_json()["items"]
    assert own["status"] == "failed" and own["processing_error"] == mine["processing_error"]
    # Others never see the reason, even when they could see the video.
    listed = client.get(f"/api/videos/{video['id']}", headers=alice.headers).get_json()
    assert listed["processing_error"]


def test_a_video_longer_than_the_maximum_fails(app, client, alice, samples, monkeypatch):
    monkeypatch.setitem(app.config, "VIDEO_MAX_SECONDS", 1)
    done = ready(client, upload(client, alice, samples["landscape"]).get_json(), alice)
    assert done["status"] == "failed"
    assert "longer than 1 seconds" in done["processing_error"]


def test_a_link_is_ready_at_once_and_never_fetched(client, alice):
    response = client.post(
        "/api/videos", json={"video_url": "https://cdn.example.com/v.mp4"}, headers=alice.headers
    )
    video = response.get_json()
    assert video["status"] == "ready"
    assert [video[name] for name in ("duration", "width", "height", "thumbnail_url")] == [None] * 4


def _set_status(app, video_id, status):
    with app.app_context():
        db.session.execute(sa.update(Video).where(Video.id == video_id).values(status=status))
        db.session.commit()


def test_processing_twice_changes_nothing_and_adds_no_object(app, client, alice, tmp_media):
    video = upload(client, alice, MP4).get_json()
    before, files = ready(client, video, alice), media_files(tmp_media)
    with app.app_context():
        assert process_video.run(video["id"]) is None  # already ready: nothing to do
    _set_status(app, video["id"], "processing")  # as if redelivered after a worker died
    with app.app_context():
        assert process_video.run(video["id"]) == "ready"
    assert ready(client, video, alice) == before
    assert media_files(tmp_media) == files == stored_files(media_name(video))


def test_a_video_deleted_while_processing_leaves_no_object(app, client, alice, tmp_media, monkeypatch):
    video = upload(client, alice, MP4).get_json()
    _set_status(app, video["id"], "processing")
    real_transcode = media.transcode

    def transcode_then_delete(source: Path, target: Path, **kwargs):
        real_transcode(source, target, **kwargs)
        # The author deletes the video while its rendition is being made.
        assert client.delete(f"/api/videos/{video['id']}", headers=alice.headers).status_code == 204

    monkeypatch.setattr(media, "transcode", transcode_then_delete)
    with app.app_context():
        for key in derived_keys(media_name(video)):
            (tmp_media / key).unlink()
        assert process_video.run(video["id"]) is None
    assert media_files(tmp_media) == []

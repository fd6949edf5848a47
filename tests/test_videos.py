"""Videos against docs/API.md (Videos, Representations, Details) and docs/SECURITY.md §3.3 (uploads).

Creation by link and by upload, the media files themselves, one video, edits, deletion
(and what it takes out of the author's counters) and views.
"""

import random
import re
import socket
import string
from io import BytesIO

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Hashtag
from app.videos.tasks import derived_keys
from tests.helpers import (
    CLIP_URL,
    MP4,
    PASSWORD,
    PNG,
    SUMMARY_KEYS,
    VIDEO_KEYS,
    WEBM,
    assert_error,
    assert_iso_utc,
    bearer,
    comment,
    get_user,
    get_video,
    like,
    link,
    media_files,
    media_name,
    mp4_of_size,
    page,
    post_video,
    stored_files,
    upload,
)

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(mp4|mov|webm)$")
BEYOND_64_BITS = 2**63  # 9223372036854775808


# --- fixtures are what they claim to be -------------------------------------------------


def test_fixture_files_are_small_and_carry_real_signatures():
    for content in (MP4, WEBM, PNG):
        assert 0 < len(content) < 50 * 1024
    assert MP4[4:8] == b"ftyp" and MP4[8:12] == b"isom"
    assert WEBM[:4] == b"\x1a\x45\xdf\xa3" and b"\x42\x82\x84webm" in WEBM[:64]
    assert PNG[:8] == b"\x89PNG\r\n\x1a\n"


# --- POST /api/videos with a link ----------------------------------------------------


def test_create_by_link_returns_201_video(client, alice, drift):
    video = link(client, alice, caption="  First one #Hello  ", url="https://cdn.example.com/a.mp4")
    assert set(video) == VIDEO_KEYS
    assert isinstance(video["id"], int)
    assert set(video["author"]) == SUMMARY_KEYS
    assert video["author"]["id"] == alice.id
    assert video["author"]["username"] == "alice"
    assert video["caption"] == "First one #Hello"  # trimmed
    assert video["hashtags"] == ["hello"]
    assert video["video_url"] == "https://cdn.example.com/a.mp4"
    assert (video["like_count"], video["comment_count"], video["view_count"]) == (0, 0, 0)
    assert video["liked_by_me"] is False
    assert_iso_utc(video["created_at"])
    assert_iso_utc(video["updated_at"])
    assert video["created_at"] == video["updated_at"]
    assert get_user(client, "alice")["video_count"] == 1
    assert drift() == {}


def test_create_by_link_caption_is_optional(client, alice):
    response = client.post("/api/videos", json={"video_url": "http://example.com/v"}, headers=alice.headers)
    assert response.status_code == 201
    assert response.get_json()["caption"] == ""
    assert response.get_json()["hashtags"] == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/v.mp4",
        "data:video/mp4;base64,AAAA",
        "not a url",
        "",
        "   ",
        "https://example.com/" + "a" * 2030,  # 2050 characters
    ],
)
def test_create_by_link_rejects_non_http_urls_and_long_ones(client, alice, url):
    response = client.post("/api/videos", json={"video_url": url}, headers=alice.headers)
    body = assert_error(response, 422)
    assert "video_url" in body["errors"]["json"]
    assert get_user(client, "alice")["video_count"] == 0


def test_create_by_link_accepts_a_url_of_exactly_2048_characters(client, alice):
    url = "https://example.com/" + "a" * (2048 - len("https://example.com/"))
    assert len(url) == 2048
    video = link(client, alice, url=url)
    assert video["video_url"] == url


def test_create_by_link_requires_video_url(client, alice):
    body = assert_error(client.post("/api/videos", json={"caption": "x"}, headers=alice.headers), 422)
    assert "video_url" in body["errors"]["json"]


@pytest.mark.parametrize(
    "extra",
    [{"like_count": 5}, {"id": 1}, {"author": {"id": 1}}, {"view_count": 1}, {"created_at": "x"}, {"x": 1}],
)
def test_create_by_link_rejects_unknown_and_read_only_fields(client, alice, extra):
    payload = {"video_url": "https://example.com/v.mp4", **extra}
    body = assert_error(client.post("/api/videos", json=payload, headers=alice.headers), 422)
    assert set(extra) <= set(body["errors"]["json"])


def test_create_by_link_rejects_a_caption_over_2200_characters(client, alice):
    payload = {"video_url": "https://example.com/v.mp4", "caption": "x" * 2201}
    body = assert_error(client.post("/api/videos", json=payload, headers=alice.headers), 422)
    assert "caption" in body["errors"]["json"]
    assert link(client, alice, caption="x" * 2200)["caption"] == "x" * 2200


def test_linked_url_is_stored_and_never_fetched(client, alice):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        url = f"http://127.0.0.1:{port}/video.mp4"
        video = link(client, alice, url=url)
        assert video["video_url"] == url
        # Reading it back (one, list, feed) must not fetch it either.
        assert client.get(f"/api/videos/{video['id']}").get_json()["video_url"] == url
        assert client.get("/api/videos").get_json()["items"][0]["video_url"] == url
        assert client.get("/api/videos/for-you").status_code == 200
        with pytest.raises(TimeoutError):
            connection, _ = listener.accept()
            connection.close()
    finally:
        listener.close()


def test_create_needs_json_or_multipart(client, alice):
    response = client.post(
        "/api/videos", data="video_url=x", content_type="text/plain", headers=alice.headers
    )
    assert response.status_code in (400, 415, 422)
    assert response.mimetype == "application/json"
    assert get_user(client, "alice")["video_count"] == 0


def test_create_with_invalid_json_is_400(client, alice):
    response = client.post(
        "/api/videos", data="{not json", content_type="application/json", headers=alice.headers
    )
    assert_error(response, 400)


# --- POST /api/videos with an upload ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename", "extension", "mimetype"),
    [(MP4, "clip.mp4", "mp4", "video/mp4"), (WEBM, "clip.webm", "webm", "video/webm")],
)
def test_upload_real_video_is_stored_and_served(
    client, alice, tmp_media, drift, content, filename, extension, mimetype
):
    response = upload(client, alice, content, filename=filename, mimetype=mimetype, caption=" my #Clip ")
    assert response.status_code == 201, response.get_json()
    video = response.get_json()
    assert set(video) == VIDEO_KEYS
    assert video["caption"] == "my #Clip"
    assert video["hashtags"] == ["clip"]
    name = media_name(video)
    assert STORED_NAME.match(name) and name.endswith("." + extension)
    assert media_files(tmp_media) == stored_files(name)
    assert (tmp_media / name).read_bytes() == content
    assert video["status"] == "processing"  # answered before processing ran

    served = client.get(video["video_url"])
    assert served.status_code == 200
    assert served.data == content
    assert served.mimetype == mimetype
    assert served.headers["Accept-Ranges"] == "bytes"
    assert served.headers["X-Content-Type-Options"] == "nosniff"

    partial = client.get(video["video_url"], headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206
    assert partial.data == content[:10]
    assert partial.headers["Content-Range"] == f"bytes 0-9/{len(content)}"
    assert partial.headers["Accept-Ranges"] == "bytes"
    assert partial.mimetype == mimetype
    assert partial.headers["X-Content-Type-Options"] == "nosniff"

    fetched = client.get(f"/api/videos/{video['id']}").get_json()
    rendition, thumbnail = derived_keys(name)
    assert fetched["status"] == "ready"
    assert fetched["video_url"] == "http://localhost/media/" + rendition
    assert fetched["thumbnail_url"] == "http://localhost/media/" + thumbnail
    assert (fetched["width"], fetched["height"]) == (32, 32)
    assert client.get(fetched["video_url"]).mimetype == "video/mp4"
    assert client.get(fetched["thumbnail_url"]).mimetype == "image/jpeg"
    assert get_user(client, "alice")["video_count"] == 1
    assert drift() == {}


def test_upload_range_at_the_end_and_suffix_range(client, alice):
    video = upload(client, alice, MP4).get_json()
    size = len(MP4)
    tail = client.get(video["video_url"], headers={"Range": "bytes=-4"})
    assert tail.status_code == 206
    assert tail.data == MP4[-4:]
    assert tail.headers["Content-Range"] == f"bytes {size - 4}-{size - 1}/{size}"
    beyond = client.get(video["video_url"], headers={"Range": f"bytes={size + 10}-"})
    assert beyond.status_code == 416


def test_upload_without_caption_has_empty_caption(client, alice):
    response = upload(client, alice, MP4)
    assert response.status_code == 201
    assert response.get_json()["caption"] == ""


def test_upload_png_renamed_mp4_is_415(client, alice, tmp_media):
    response = upload(client, alice, PNG, filename="holiday.mp4", mimetype="video/mp4")
    assert_error(response, 415)
    assert media_files(tmp_media) == []
    assert get_user(client, "alice")["video_count"] == 0


def test_upload_type_comes_from_bytes_not_name_or_declared_type(client, alice, tmp_media):
    response = upload(client, alice, MP4, filename="x.exe", mimetype="text/plain")
    assert response.status_code == 201, response.get_json()
    name = media_name(response.get_json())
    assert name.endswith(".mp4")
    assert media_files(tmp_media) == stored_files(name)
    assert client.get(response.get_json()["video_url"]).mimetype == "video/mp4"


def test_upload_webm_named_mp4_is_stored_as_webm(client, alice):
    response = upload(client, alice, WEBM, filename="clip.mp4", mimetype="video/mp4")
    assert response.status_code == 201
    assert media_name(response.get_json()).endswith(".webm")


def test_upload_quicktime_brand_is_stored_as_mov(client, alice):
    mov = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 64
    response = upload(client, alice, mov, filename="clip.mov", mimetype="video/quicktime")
    assert response.status_code == 201, response.get_json()
    video = response.get_json()
    assert media_name(video).endswith(".mov")
    assert client.get(video["video_url"]).mimetype == "video/quicktime"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello, this is plain text and not a video at all",
        b"\x00\x00\x00\x20ftypxxxx\x00\x00\x02\x00yyyyzzzzwwwwvvvv",  # ftyp with no known brand
        b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska",  # EBML, but Matroska rather than WebM
        b"<html><script>alert(1)</script></html>",
    ],
    ids=["empty", "text", "unknown-brand", "matroska", "html"],
)
def test_upload_of_anything_but_a_supported_video_is_415(client, alice, tmp_media, content):
    assert_error(upload(client, alice, content), 415)
    assert media_files(tmp_media) == []


def test_upload_client_filename_is_never_used(client, alice, tmp_media):
    outside = [tmp_media.parent / "x.mp4", tmp_media.parent.parent / "x.mp4"]
    before = [path.exists() for path in outside]
    response = upload(client, alice, MP4, filename="../../x.mp4")
    assert response.status_code == 201, response.get_json()
    name = media_name(response.get_json())
    assert STORED_NAME.match(name)
    assert media_files(tmp_media) == stored_files(name)
    assert [path.exists() for path in outside] == before
    assert not any(tmp_media.parent.glob("**/x.mp4"))


def test_upload_over_video_max_bytes_is_json_413_and_leaves_no_file(app, client, alice, tmp_media, drift):
    limit = app.config["VIDEO_MAX_BYTES"]
    assert limit == 64 * 1024
    body = assert_error(upload(client, alice, mp4_of_size(limit + 1)), 413)
    assert body["status"] == "Request Entity Too Large" or body["status"] == "Content Too Large"
    assert media_files(tmp_media) == []
    assert get_user(client, "alice")["video_count"] == 0
    assert client.get("/api/videos").get_json()["items"] == []
    assert drift() == {}


def test_upload_of_exactly_video_max_bytes_is_accepted(app, client, alice):
    response = upload(client, alice, mp4_of_size(app.config["VIDEO_MAX_BYTES"]))
    assert response.status_code == 201, response.get_json()


def test_upload_far_over_the_request_limit_is_json_413(app, client, alice, tmp_media):
    content = mp4_of_size(app.config["VIDEO_MAX_BYTES"] + 512 * 1024)
    assert_error(upload(client, alice, content), 413)
    assert media_files(tmp_media) == []


def test_json_body_over_the_app_limit_is_json_413(client, alice):
    payload = {"video_url": "https://example.com/v.mp4", "caption": "x" * (2 * 1024 * 1024)}
    response = client.post("/api/videos", json=payload, headers=alice.headers)
    # The upload endpoint raises the body limit for files only as far as VIDEO_MAX_BYTES.
    assert_error(response, 413)
    assert get_user(client, "alice")["video_count"] == 0


def test_upload_without_file_field_is_422_on_files_file(client, alice, tmp_media):
    response = client.post(
        "/api/videos", data={"caption": "no file"}, content_type="multipart/form-data", headers=alice.headers
    )
    body = assert_error(response, 422)
    assert "file" in body["errors"]["files"]
    assert media_files(tmp_media) == []


def test_upload_with_file_under_another_name_is_422(client, alice, tmp_media):
    response = client.post(
        "/api/videos",
        data={"video": (BytesIO(MP4), "clip.mp4", "video/mp4")},
        content_type="multipart/form-data",
        headers=alice.headers,
    )
    body = assert_error(response, 422)
    assert "files" in body["errors"]
    assert media_files(tmp_media) == []


def test_upload_with_caption_over_2200_is_422_and_stores_nothing(client, alice, tmp_media):
    body = assert_error(upload(client, alice, MP4, caption="x" * 2201), 422)
    assert "caption" in body["errors"]["form"]
    assert media_files(tmp_media) == []


def test_upload_with_unknown_form_field_is_422(client, alice, tmp_media):
    response = client.post(
        "/api/videos",
        data={"file": (BytesIO(MP4), "clip.mp4", "video/mp4"), "like_count": "9"},
        content_type="multipart/form-data",
        headers=alice.headers,
    )
    body = assert_error(response, 422)
    assert "like_count" in body["errors"]["form"]
    assert media_files(tmp_media) == []


def test_media_url_of_unknown_or_traversing_name_is_404(client):
    assert client.get("/media/" + "0" * 32 + ".mp4").status_code == 404
    assert client.get("/media/../config.py").status_code == 404
    assert client.get("/media/%2e%2e/config.py").status_code == 404


# --- hashtags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("#Café #ТЕСТ #snake_case", ["café", "тест", "snake_case"]),
        ("#Cats and #cats and #CATS", ["cats"]),
        ("#b #a #b #c #A", ["b", "a", "c"]),
        ("# nope #! #- #. ##", []),
        ("#tag.with.dots #two-words #end!", ["tag", "two", "end"]),
        ("#日本 #東京2024 #x_1", ["日本", "東京2024", "x_1"]),
        ("no tags here", []),
        ("", []),
    ],
)
def test_hashtags_are_parsed_lowercase_deduplicated_in_order(client, alice, caption, expected):
    assert link(client, alice, caption=caption)["hashtags"] == expected


def test_hashtag_of_100_letters_is_kept_whole(client, alice):
    tag = "a" * 100
    assert link(client, alice, caption=f"#{tag}")["hashtags"] == [tag]
    response = client.get("/api/videos", query_string={"hashtag": tag})
    assert len(response.get_json()["items"]) == 1


def test_hashtag_of_100_letters_that_grow_when_lowercased_is_accepted(client, alice):
    response = client.post(
        "/api/videos",
        json={"video_url": "https://example.com/v.mp4", "caption": "#" + "İ" * 100 + " #ok"},
        headers=alice.headers,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert len(response.get_json()["hashtags"]) == 2
    assert response.get_json()["hashtags"][1] == "ok"


def test_many_hashtags_in_one_caption(client, alice):
    tags = [f"t{i}" for i in range(350)]
    caption = " ".join("#" + tag for tag in tags)
    assert len(caption) <= 2200
    assert link(client, alice, caption=caption)["hashtags"] == tags


def test_hashtags_are_recomputed_on_patch(client, alice):
    video = link(client, alice, caption="#old #Shared")
    response = client.patch(
        f"/api/videos/{video['id']}", json={"caption": "#New #shared #new"}, headers=alice.headers
    )
    assert response.status_code == 200
    assert response.get_json()["hashtags"] == ["new", "shared"]

    def tagged(tag):
        return [v["id"] for v in client.get("/api/videos", query_string={"hashtag": tag}).get_json()["items"]]

    assert tagged("old") == []
    assert tagged("new") == [video["id"]]
    assert tagged("shared") == [video["id"]]
    cleared = client.patch(f"/api/videos/{video['id']}", json={"caption": "plain"}, headers=alice.headers)
    assert cleared.get_json()["hashtags"] == []
    assert tagged("new") == []


# --- GET /api/videos/{id} -----------------------------------------------------------------


def test_get_video_returns_the_video(client, alice):
    video = link(client, alice, caption="hello #world")
    response = client.get(f"/api/videos/{video['id']}")
    assert response.status_code == 200
    fetched = response.get_json()
    assert set(fetched) == VIDEO_KEYS
    # The viewer's flags are null for the anonymous fetch.
    flags = {"liked_by_me", "bookmarked_by_me", "is_following_author"}
    assert {k: v for k, v in fetched.items() if k not in flags} == {
        k: v for k, v in video.items() if k not in flags
    }


@pytest.mark.parametrize("video_id", ["999999", str(BEYOND_64_BITS), "99999999999999999999", "0"])
def test_get_unknown_video_is_404(client, alice, video_id):
    link(client, alice)
    assert_error(client.get(f"/api/videos/{video_id}"), 404)


@pytest.mark.parametrize("video_id", [str(BEYOND_64_BITS), "0", "-1", "abc"])
def test_every_video_route_answers_404_for_ids_outside_64_bits(client, alice, video_id):
    for method in ("patch", "delete"):
        response = getattr(client, method)(
            f"/api/videos/{video_id}", json={"caption": "x"}, headers=alice.headers
        )
        assert_error(response, 404)
    assert_error(client.post(f"/api/videos/{video_id}/views"), 404)


def test_liked_by_me_is_null_anonymous_false_or_true_signed_in(client, alice, bob):
    video = link(client, alice)
    path = f"/api/videos/{video['id']}"
    assert client.get(path).get_json()["liked_by_me"] is None
    assert client.get(path, headers=bob.headers).get_json()["liked_by_me"] is False
    assert client.post(f"{path}/like", headers=bob.headers).status_code == 201
    assert client.get(path, headers=bob.headers).get_json()["liked_by_me"] is True
    assert client.get(path, headers=alice.headers).get_json()["liked_by_me"] is False
    assert client.get(path).get_json()["liked_by_me"] is None
    assert client.get(path).get_json()["like_count"] == 1


def test_invalid_token_on_optional_auth_get_is_401(client, alice):
    video = link(client, alice)
    for path in (f"/api/videos/{video['id']}", "/api/videos", "/api/videos/for-you"):
        assert_error(client.get(path, headers=bearer("not-a-token")), 401)
        assert_error(client.get(path, headers={"Authorization": "Bearer"}), 401)
    assert_error(client.post(f"/api/videos/{video['id']}/views", headers=bearer("x.y.z")), 401)


def test_refresh_token_is_not_an_access_token_for_videos(client, alice):
    headers = bearer(alice["refresh_token"])
    assert_error(client.post("/api/videos", json={"video_url": "https://e.com/v"}, headers=headers), 401)


# --- PATCH /api/videos/{id} ---------------------------------------------------------------


def test_patch_caption_by_owner(client, alice):
    video = link(client, alice, caption="before")
    response = client.patch(
        f"/api/videos/{video['id']}", json={"caption": "  after #Now  "}, headers=alice.headers
    )
    assert response.status_code == 200
    patched = response.get_json()
    assert set(patched) == VIDEO_KEYS
    assert patched["caption"] == "after #Now"
    assert patched["hashtags"] == ["now"]
    assert patched["id"] == video["id"]
    assert patched["created_at"] == video["created_at"]
    assert patched["updated_at"] >= video["updated_at"]
    assert_iso_utc(patched["updated_at"])
    assert patched["liked_by_me"] is False
    assert client.get(f"/api/videos/{video['id']}").get_json()["caption"] == "after #Now"


def test_patch_caption_to_empty_is_allowed(client, alice):
    video = link(client, alice, caption="#x")
    response = client.patch(f"/api/videos/{video['id']}", json={"caption": ""}, headers=alice.headers)
    assert response.status_code == 200
    assert response.get_json()["caption"] == ""
    assert response.get_json()["hashtags"] == []


def test_patch_by_another_user_is_403_and_changes_nothing(client, alice, bob):
    video = link(client, alice, caption="mine #tag")
    response = client.patch(f"/api/videos/{video['id']}", json={"caption": "hacked"}, headers=bob.headers)
    assert_error(response, 403)
    after = client.get(f"/api/videos/{video['id']}").get_json()
    assert after["caption"] == "mine #tag"
    assert after["hashtags"] == ["tag"]
    assert after["updated_at"] == video["updated_at"]


@pytest.mark.parametrize(
    "payload",
    [
        {"caption": "x", "like_count": 100},
        {"caption": "x", "id": 5},
        {"caption": "x", "author": {"id": 1}},
        {"caption": "x", "video_url": "https://evil.example.com/"},
        {"caption": "x", "created_at": "2020-01-01T00:00:00+00:00"},
        {"caption": "x", "unknown": True},
        {"like_count": 100},
    ],
)
def test_patch_rejects_unknown_and_read_only_fields(client, alice, payload):
    video = link(client, alice, caption="same")
    body = assert_error(client.patch(f"/api/videos/{video['id']}", json=payload, headers=alice.headers), 422)
    assert set(payload) - {"caption"} <= set(body["errors"]["json"])
    after = client.get(f"/api/videos/{video['id']}").get_json()
    assert after["caption"] == "same"
    assert after["like_count"] == 0
    assert after["video_url"] == video["video_url"]


@pytest.mark.parametrize("payload", [{"caption": "x" * 2201}, {"caption": None}, {"caption": 5}, {}])
def test_patch_with_invalid_caption_is_422(client, alice, payload):
    video = link(client, alice, caption="same")
    body = assert_error(client.patch(f"/api/videos/{video['id']}", json=payload, headers=alice.headers), 422)
    assert "caption" in body["errors"]["json"]
    assert client.get(f"/api/videos/{video['id']}").get_json()["caption"] == "same"


def test_patch_caption_of_exactly_2200_characters(client, alice):
    video = link(client, alice)
    response = client.patch(f"/api/videos/{video['id']}", json={"caption": "é" * 2200}, headers=alice.headers)
    assert response.status_code == 200
    assert response.get_json()["caption"] == "é" * 2200


def test_patch_unknown_video_is_404(client, alice):
    assert_error(client.patch("/api/videos/424242", json={"caption": "x"}, headers=alice.headers), 404)


def test_patch_without_json_body_is_an_error(client, alice):
    video = link(client, alice, caption="same")
    response = client.patch(f"/api/videos/{video['id']}", headers=alice.headers)
    assert response.status_code in (400, 415, 422)
    assert response.mimetype == "application/json"


# --- DELETE /api/videos/{id} --------------------------------------------------------------


def test_delete_by_owner_removes_video_file_and_count(client, alice, bob, tmp_media, drift):
    keep = upload(client, alice, WEBM).get_json()
    video = upload(client, alice, MP4, caption="#gone").get_json()
    name = media_name(video)
    assert client.post(f"/api/videos/{video['id']}/like", headers=bob.headers).status_code == 201
    comment = client.post(f"/api/videos/{video['id']}/comments", json={"body": "nice"}, headers=bob.headers)
    assert comment.status_code == 201
    assert get_user(client, "alice")["video_count"] == 2
    assert get_user(client, "alice")["like_count"] == 1

    response = client.delete(f"/api/videos/{video['id']}", headers=alice.headers)
    assert response.status_code == 204
    assert response.data == b""
    assert_error(client.get(f"/api/videos/{video['id']}"), 404)
    assert name not in media_files(tmp_media)
    assert media_files(tmp_media) == stored_files(media_name(keep))
    assert_error(client.get(video["video_url"]), 404)
    assert client.get(keep["video_url"]).status_code == 200
    profile = get_user(client, "alice")
    assert profile["video_count"] == 1
    assert profile["like_count"] == 0
    assert client.get("/api/videos", query_string={"hashtag": "gone"}).get_json()["items"] == []
    assert client.get("/api/users/bob/likes").get_json()["items"] == []
    assert_error(client.delete(f"/api/videos/{video['id']}", headers=alice.headers), 404)
    assert drift() == {}


def test_delete_linked_video_by_owner(client, alice, drift):
    video = link(client, alice)
    assert client.delete(f"/api/videos/{video['id']}", headers=alice.headers).status_code == 204
    assert_error(client.get(f"/api/videos/{video['id']}"), 404)
    assert get_user(client, "alice")["video_count"] == 0
    assert drift() == {}


def test_delete_by_another_user_is_403_and_keeps_everything(client, alice, bob, tmp_media, drift):
    video = upload(client, alice, MP4).get_json()
    assert_error(client.delete(f"/api/videos/{video['id']}", headers=bob.headers), 403)
    assert client.get(f"/api/videos/{video['id']}").status_code == 200
    assert media_files(tmp_media) == stored_files(media_name(video))
    assert client.get(video["video_url"]).status_code == 200
    assert get_user(client, "alice")["video_count"] == 1
    assert drift() == {}


def test_delete_unknown_video_is_404(client, alice):
    assert_error(client.delete("/api/videos/31337", headers=alice.headers), 404)


def test_deleting_a_video_takes_its_likes_out_of_the_authors_counts(client, alice, bob, carol, drift):
    kept, doomed = (
        post_video(client, alice, "a video", CLIP_URL),
        post_video(client, alice, "a video", CLIP_URL),
    )
    for account in (alice, bob, carol):
        like(client, account, doomed)
    like(client, bob, kept)
    parent = comment(client, bob, doomed, "top")
    comment(client, carol, doomed, "reply", parent_id=parent["id"])
    comment(client, carol, kept, "stays")
    profile = get_user(client, "alice")
    assert (profile["video_count"], profile["like_count"]) == (2, 4)

    assert client.delete(f"/api/videos/{doomed}", headers=alice.headers).status_code == 204
    profile = get_user(client, "alice")
    assert (profile["video_count"], profile["like_count"]) == (1, 1)
    assert_error(client.get(f"/api/videos/{doomed}"), 404)
    assert_error(client.get(f"/api/videos/{doomed}/likes"), 404)
    assert_error(client.get(f"/api/comments/{parent['id']}/replies"), 404)
    assert [item["id"] for item in page(client, "/api/users/bob/likes")["items"]] == [kept]
    survivor = get_video(client, kept)
    assert (survivor["like_count"], survivor["comment_count"]) == (1, 1)
    assert drift() == {}


# --- POST /api/videos/{id}/views ------------------------------------------------------------


def test_view_counts_one_each_time_anonymous_or_signed_in(client, alice, bob, drift):
    video = link(client, alice)
    path = f"/api/videos/{video['id']}/views"
    first = client.post(path)
    assert first.status_code == 204
    assert first.data == b""
    assert client.get(f"/api/videos/{video['id']}").get_json()["view_count"] == 1
    assert client.post(path, headers=bob.headers).status_code == 204
    assert client.post(path, headers=alice.headers).status_code == 204
    assert client.get(f"/api/videos/{video['id']}").get_json()["view_count"] == 3
    assert drift() == {}


def test_view_of_unknown_video_is_404(client):
    assert_error(client.post("/api/videos/123456/views"), 404)


# --- authentication -----------------------------------------------------------------------


def test_writes_without_token_are_json_401(client, alice, tmp_media):
    video = link(client, alice, caption="keep")
    attempts = [
        client.post("/api/videos", json={"video_url": "https://example.com/v.mp4"}),
        client.post(
            "/api/videos",
            data={"file": (BytesIO(MP4), "a.mp4", "video/mp4")},
            content_type="multipart/form-data",
        ),
        client.patch(f"/api/videos/{video['id']}", json={"caption": "changed"}),
        client.delete(f"/api/videos/{video['id']}"),
    ]
    for response in attempts:
        assert_error(response, 401)
    after = client.get(f"/api/videos/{video['id']}").get_json()
    assert after["caption"] == "keep"
    assert get_user(client, "alice")["video_count"] == 1
    assert media_files(tmp_media) == []


def test_writes_with_invalid_token_are_json_401(client, alice):
    video = link(client, alice, caption="keep")
    headers = bearer("garbage")
    assert_error(client.post("/api/videos", json={"video_url": "https://e.com/v"}, headers=headers), 401)
    assert_error(client.patch(f"/api/videos/{video['id']}", json={"caption": "x"}, headers=headers), 401)
    assert_error(client.delete(f"/api/videos/{video['id']}", headers=headers), 401)
    assert client.get(f"/api/videos/{video['id']}").get_json()["caption"] == "keep"


def test_logged_out_token_cannot_create(client, alice):
    assert client.post("/api/auth/logout", headers=alice.headers).status_code == 204
    assert_error(
        client.post("/api/videos", json={"video_url": "https://e.com/v"}, headers=alice.headers), 401
    )


def test_fast_video_serialisation_matches_the_declared_schema(app, client, alice, bob):
    """VideoSchema builds its JSON directly for speed; marshmallow's own field-by-field
    dump (taken when ``only`` is given) must give exactly the same result."""
    from app.extensions import db
    from app.models import User
    from app.videos import queries
    from app.videos.schemas import VideoSchema

    video_id = link(client, alice, caption="Fast #Path #path check")["id"]
    client.post(f"/api/videos/{video_id}/like", headers=bob.headers)
    with app.test_request_context():
        for viewer in (None, db.session.get(User, bob.id)):
            video = queries.get_video(viewer=viewer, video_id=video_id)
            fast = VideoSchema().dump(video)
            declared = VideoSchema(only=tuple(VideoSchema._declared_fields)).dump(video)
            assert fast == declared
            assert fast["liked_by_me"] is (None if viewer is None else True)


def test_media_urls_are_absolute_on_the_public_base_url_or_the_requests_origin(app, client, alice, tmp_media):
    from app.storage import LocalStorage

    assert LocalStorage(tmp_media, "/media/", "https://api.example.com/").url("a.mp4") == (
        "https://api.example.com/media/a.mp4"
    )
    assert (
        LocalStorage(tmp_media, "https://cdn.example.com/m/", "").url("a.mp4")
        == "https://cdn.example.com/m/a.mp4"
    )
    video = upload(client, alice, MP4, caption="x").get_json()
    seen = client.get(f"/api/videos/{video['id']}", base_url="https://videos.example.org").get_json()
    assert seen["video_url"].startswith("https://videos.example.org/media/")
    assert seen["thumbnail_url"].startswith("https://videos.example.org/media/")


def _hashtag_names(app):
    with app.app_context():
        return set(db.session.scalars(sa.select(Hashtag.name)))


def test_edits_of_many_random_tags_leave_no_unused_hashtag(app, client, alice, drift):
    rng = random.Random(15)
    video_id = link(client, alice, caption="#keep")["id"]
    for _ in range(100):
        tags = {"".join(rng.choices(string.ascii_lowercase, k=3)) for _ in range(440)}
        caption = " ".join(f"#{tag}" for tag in tags)
        response = client.patch(f"/api/videos/{video_id}", json={"caption": caption}, headers=alice.headers)
        assert response.status_code == 200, response.get_json()
    assert _hashtag_names(app) == set(tags)
    client.patch(f"/api/videos/{video_id}", json={"caption": "#final"}, headers=alice.headers)
    assert _hashtag_names(app) == {"final"}
    assert drift() == {}


def test_hashtags_shared_with_another_video_stay_when_one_lets_go(app, client, alice, bob):
    mine = link(client, alice, caption="#shared #mine")["id"]
    link(client, bob, caption="#shared")
    client.patch(f"/api/videos/{mine}", json={"caption": "no tags"}, headers=alice.headers)
    assert _hashtag_names(app) == {"shared"}


def test_deleting_videos_and_accounts_prunes_their_hashtags(app, client, alice, bob):
    video_id = link(client, alice, caption="#gone #shared")["id"]
    link(client, bob, caption="#shared #bobs")
    assert client.delete(f"/api/videos/{video_id}", headers=alice.headers).status_code == 204
    assert _hashtag_names(app) == {"shared", "bobs"}
    assert client.delete("/api/auth/me", json={"password": PASSWORD}, headers=bob.headers).status_code == 204
    assert _hashtag_names(app) == set()

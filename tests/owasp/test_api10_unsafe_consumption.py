"""API10:2023 Unsafe Consumption of APIs (docs/SECURITY.md §1, API10 row).

The API consumes no third-party API: URLs are stored, never fetched (API7). Uploaded
bytes are the only outside input. Their type comes from the bytes, never the name or the
declared type (tests/test_videos.py::test_upload_type_comes_from_bytes_not_name_or_declared_type,
::test_upload_png_renamed_mp4_is_415, ::test_upload_client_filename_is_never_used).
Proven here: a polyglot (an MP4 header, then HTML) is served as video with nosniff.
"""

import io

from tests.helpers import MP4

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def test_a_polyglot_is_served_as_video_with_nosniff(client, alice, tmp_media):
    polyglot = MP4 + HTML
    form = {"file": (io.BytesIO(polyglot), "page.html", "text/html"), "caption": "x"}
    response = client.post(
        "/api/videos", data=form, headers=alice.headers, content_type="multipart/form-data"
    )
    assert response.status_code == 201, response.get_json()
    video = response.get_json()
    assert video["video_url"].endswith(".mp4")
    # The original, its rendition and thumbnail: nothing is stored under the client's type.
    assert sorted(path.suffix for path in tmp_media.iterdir()) == [".jpg", ".mp4", ".mp4"]
    served = client.get(video["video_url"])
    assert served.status_code == 200
    assert served.mimetype == "video/mp4"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.data == polyglot
    assert "html" not in served.headers["Content-Type"]


def test_html_alone_is_refused(client, alice, tmp_media):
    form = {"file": (io.BytesIO(HTML), "clip.mp4", "video/mp4")}
    response = client.post(
        "/api/videos", data=form, headers=alice.headers, content_type="multipart/form-data"
    )
    assert response.status_code == 415
    assert list(tmp_media.iterdir()) == []

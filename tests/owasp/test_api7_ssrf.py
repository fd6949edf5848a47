"""API7:2023 Server Side Request Forgery (docs/SECURITY.md §1, API7 rows).

Rows proven elsewhere: video_url is stored, never fetched (a local listener sees no
connection), tests/test_videos.py::test_linked_url_is_stored_and_never_fetched; schemes and
length of video_url, tests/test_videos.py::test_create_by_link_rejects_non_http_urls_and_long_ones.
Proven here: the same for avatar_url, which is the other URL a client can store.
"""

import socket

import pytest

from tests.helpers import assert_error


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/a.png",
        "data:image/png;base64,AAAA",
        "https://example.com/" + "a" * 2030,
    ],
)
def test_avatar_url_schemes_and_length_are_restricted(client, alice, url):
    body = assert_error(client.patch("/api/auth/me", json={"avatar_url": url}, headers=alice.headers), 422)
    assert "avatar_url" in body["errors"]["json"]
    assert client.get("/api/users/alice").get_json()["avatar_url"] is None


def test_avatar_url_is_stored_and_never_fetched(client, alice):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/avatar.png"
    try:
        response = client.patch("/api/auth/me", json={"avatar_url": url}, headers=alice.headers)
        assert response.status_code == 200
        assert client.get("/api/users/alice").get_json()["avatar_url"] == url
        assert client.get("/api/users", query_string={"q": "ali"}).status_code == 200
        with pytest.raises(TimeoutError):
            connection, _ = listener.accept()
            connection.close()
    finally:
        listener.close()

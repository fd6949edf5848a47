"""API3:2023 Broken Object Property Level Authorization (docs/SECURITY.md §1, API3 rows).

Rows proven elsewhere:
- read-only fields on PATCH /videos/{id} (like_count, id, author, created_at):
  tests/test_videos.py::test_patch_rejects_unknown_and_read_only_fields; on create:
  ::test_create_by_link_rejects_unknown_and_read_only_fields; PATCH /auth/me (email,
  followers_count, is_admin): tests/test_auth.py::test_patch_me_rejects_unknown_and_read_only_fields
- public views: tests/test_users.py::test_a_profile_has_exactly_the_public_fields and
  ::test_public_views_never_show_email
Proven here: is_admin on a video, and one sweep over every public read for private keys.
"""

import json

import pytest

from tests.helpers import assert_error, comment, link

PRIVATE = ("email", "password", "password_hash", "token", "hash", "token_version", "is_admin")


@pytest.mark.parametrize(
    "payload",
    [
        {"caption": "x", "is_admin": True},
        {"caption": "x", "author_id": 2},
        {"caption": "x", "hot_score": 1e9},
    ],
)
def test_patch_video_cannot_set_hidden_or_read_only_fields(client, alice, payload):
    video = link(client, alice, "same")
    body = assert_error(client.patch(f"/api/videos/{video['id']}", json=payload, headers=alice.headers), 422)
    assert set(payload) - {"caption"} <= set(body["errors"]["json"])
    assert client.get(f"/api/videos/{video['id']}").get_json()["caption"] == "same"


def _keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_no_public_read_carries_private_fields(client, alice, bob):
    video = link(client, alice, "#tag")
    thread = comment(client, bob, video["id"], "hi")
    comment(client, alice, video["id"], "hi", parent_id=thread["id"])
    client.post(f"/api/videos/{video['id']}/like", headers=bob.headers)
    client.post("/api/users/alice/follow", headers=bob.headers)
    reads = [
        "/api/users/alice",
        "/api/users?q=a",
        "/api/users/alice/videos",
        "/api/users/bob/likes",
        "/api/users/alice/followers",
        "/api/users/bob/following",
        "/api/videos",
        "/api/videos/for-you",
        f"/api/videos/{video['id']}",
        f"/api/videos/{video['id']}/likes",
        f"/api/videos/{video['id']}/comments",
        f"/api/comments/{thread['id']}/replies",
    ]
    for path in reads:
        for headers in (None, bob.headers):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, path
            keys = set(_keys(response.get_json()))
            assert not keys & set(PRIVATE), (path, keys & set(PRIVATE))
            text = response.get_data(as_text=True)
            assert "@example.com" not in text and "$argon2" not in text, path
    # Me is the one place with the email.
    assert client.get("/api/auth/me", headers=alice.headers).get_json()["email"] == "alice@example.com"
    assert json.dumps(client.get("/api/auth/me", headers=alice.headers).get_json()).count("password") == 0

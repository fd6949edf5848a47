"""API6:2023 Unrestricted Access to Sensitive Business Flows (docs/SECURITY.md §1, API6 rows).

Comment spam and view-count inflation are both limited (RATELIMIT_COMMENT, 30 a minute per
user; RATELIMIT_VIEW, 60 a minute per viewer: the user when signed in, else the address);
likes and follows share RATELIMIT_SOCIAL and registration RATELIMIT_REGISTER
(test_api4_resource_consumption.py). The view cap is documented in the README.
"""

from tests.helpers import assert_error, limit_of, link, post_video


def test_comment_spam_is_limited(limited_app, limited_client, client, alice, bob):
    allowed = limit_of(limited_app, "RATELIMIT_COMMENT")
    video = link(client, alice, "clip")
    statuses = [
        limited_client.post(
            f"/api/videos/{video['id']}/comments", json={"body": f"spam {i}"}, headers=bob.headers
        )
        for i in range(allowed + 1)
    ]
    assert [r.status_code for r in statuses[:allowed]] == [201] * allowed
    assert_error(statuses[-1], 429)
    assert "Retry-After" in statuses[-1].headers
    assert client.get(f"/api/videos/{video['id']}").get_json()["comment_count"] == allowed
    # Another user is not affected.
    assert (
        limited_client.post(
            f"/api/videos/{video['id']}/comments", json={"body": "hello"}, headers=alice.headers
        ).status_code
        == 201
    )


def test_views_from_one_address_are_capped(limited_app, limited_client, client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_VIEW")
    video = link(client, alice, "clip")
    statuses = [limited_client.post(f"/api/videos/{video['id']}/views").status_code for _ in range(100)]
    assert statuses[:allowed] == [204] * allowed
    assert set(statuses[allowed:]) == {429}
    assert client.get(f"/api/videos/{video['id']}").get_json()["view_count"] == allowed


def test_views_are_capped_per_signed_in_viewer_not_per_address(
    limited_app, limited_client, client, alice, bob
):
    allowed = limit_of(limited_app, "RATELIMIT_VIEW")
    video = link(client, alice, "clip")
    for _ in range(allowed):
        assert limited_client.post(f"/api/videos/{video['id']}/views", headers=bob.headers).status_code == 204
    assert limited_client.post(f"/api/videos/{video['id']}/views", headers=bob.headers).status_code == 429
    # Alice, from the same address, still counts.
    assert limited_client.post(f"/api/videos/{video['id']}/views", headers=alice.headers).status_code == 204


def test_like_and_follow_spam_is_limited(limited_app, limited_client, client, register, alice):
    """Each social write (like, unlike, follow, unfollow) allows RATELIMIT_SOCIAL a minute."""
    allowed = limit_of(limited_app, "RATELIMIT_SOCIAL")
    bob = register("bob")
    video = post_video(client, alice, "clip")
    likes = [
        limited_client.post(f"/api/videos/{video}/like", headers=bob.headers) for _ in range(allowed + 1)
    ]
    assert {r.status_code for r in likes[:allowed]} == {200, 201}
    assert_error(likes[-1], 429)
    follows = [
        limited_client.post("/api/users/alice/follow", headers=bob.headers) for _ in range(allowed + 1)
    ]
    assert {r.status_code for r in follows[:allowed]} == {200, 201}
    assert_error(follows[-1], 429)
    assert client.get("/api/users/alice").get_json()["followers_count"] == 1

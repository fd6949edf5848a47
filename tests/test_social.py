"""Likes, comments, follows and counters against API.md and SECURITY.md §1 (API1, API3, API4).

Every test that writes ends with ``assert drift() == {}``: each stored counter equals the
number of rows it counts.
"""

import pytest

from tests.conftest import PASSWORD, bearer
from tests.helpers import assert_error

SUMMARY_KEYS = {"id", "username", "display_name", "avatar_url"}
USER_KEYS = SUMMARY_KEYS | {
    "bio",
    "created_at",
    "followers_count",
    "following_count",
    "video_count",
    "like_count",
    "is_following",
}
COMMENT_KEYS = {"id", "video_id", "author", "body", "parent_id", "reply_count", "created_at"}
PAGE_KEYS = {"items", "next_cursor"}
MISSING_ID = 987654321


# --- helpers -----------------------------------------------------------------------


def assert_invalid(response, field, location="json"):
    body = assert_error(response, 422)
    assert field in body["errors"][location], body
    return body


def no_private_fields(value):
    """True when no key anywhere in ``value`` looks private (email, password, token, hash)."""
    if isinstance(value, dict):
        for key, item in value.items():
            lowered = key.lower()
            if "email" in lowered or "password" in lowered or "token" in lowered:
                return False
            if lowered.endswith("_hash") or lowered in {"hash", "jti", "token_version"}:
                return False
            if not no_private_fields(item):
                return False
    elif isinstance(value, list):
        return all(no_private_fields(item) for item in value)
    return True


def post_video(client, account, caption="a video"):
    response = client.post(
        "/api/videos",
        json={"video_url": "https://cdn.example.com/clip.mp4", "caption": caption},
        headers=account.headers,
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def get_video(client, video_id, account=None):
    response = client.get(f"/api/videos/{video_id}", headers=account.headers if account else {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def get_user(client, username, account=None):
    response = client.get(f"/api/users/{username}", headers=account.headers if account else {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def like(client, account, video_id):
    return client.post(f"/api/videos/{video_id}/like", headers=account.headers)


def unlike(client, account, video_id):
    return client.delete(f"/api/videos/{video_id}/like", headers=account.headers)


def comment(client, account, video_id, body="nice", parent_id=None, expect=201):
    payload = {"body": body}
    if parent_id is not None:
        payload["parent_id"] = parent_id
    response = client.post(f"/api/videos/{video_id}/comments", json=payload, headers=account.headers)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def follow(client, account, username):
    return client.post(f"/api/users/{username}/follow", headers=account.headers)


def unfollow(client, account, username):
    return client.delete(f"/api/users/{username}/follow", headers=account.headers)


def page(client, url, account=None, **query):
    response = client.get(url, query_string=query, headers=account.headers if account else {})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == PAGE_KEYS
    return body


def walk(client, url, account=None, limit=2):
    """Every item of a list, page by page; also checks that pages are never longer than ``limit``."""
    items, cursor = [], None
    for _ in range(100):
        query = {"limit": limit}
        if cursor:
            query["cursor"] = cursor
        body = page(client, url, account, **query)
        assert len(body["items"]) <= limit
        items.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination never ended")


def comment_count(client, video_id):
    return get_video(client, video_id)["comment_count"]


def usernames(items):
    return [item["username"] for item in items]


# --- likes -------------------------------------------------------------------------


def test_liking_a_video_answers_201_with_the_new_count(client, alice, bob, drift):
    video = post_video(client, alice)
    response = like(client, bob, video)
    assert response.status_code == 201
    assert response.get_json() == {"liked": True, "like_count": 1}
    assert get_video(client, video, bob)["like_count"] == 1
    assert get_video(client, video, bob)["liked_by_me"] is True
    assert get_video(client, video, alice)["liked_by_me"] is False
    assert drift() == {}


def test_liking_twice_keeps_one_like(client, alice, bob, drift):
    video = post_video(client, alice)
    assert like(client, bob, video).status_code == 201
    again = like(client, bob, video)
    assert again.status_code == 200
    assert again.get_json() == {"liked": True, "like_count": 1}
    assert get_video(client, video)["like_count"] == 1
    assert usernames(page(client, f"/api/videos/{video}/likes")["items"]) == ["bob"]
    assert get_user(client, "alice")["like_count"] == 1
    assert drift() == {}


def test_liking_your_own_video_counts(client, alice, drift):
    video = post_video(client, alice)
    assert like(client, alice, video).get_json() == {"liked": True, "like_count": 1}
    assert get_user(client, "alice")["like_count"] == 1
    assert drift() == {}


def test_unliking_answers_200_with_the_new_count(client, alice, bob, carol, drift):
    video = post_video(client, alice)
    like(client, bob, video)
    like(client, carol, video)
    response = unlike(client, bob, video)
    assert response.status_code == 200
    assert response.get_json() == {"liked": False, "like_count": 1}
    assert get_video(client, video, bob)["liked_by_me"] is False
    assert get_user(client, "alice")["like_count"] == 1
    assert drift() == {}


def test_unliking_a_video_never_liked_answers_200(client, alice, bob, drift):
    video = post_video(client, alice)
    like(client, alice, video)
    response = unlike(client, bob, video)
    assert response.status_code == 200
    assert response.get_json() == {"liked": False, "like_count": 1}
    twice = unlike(client, alice, video)
    assert twice.get_json() == {"liked": False, "like_count": 0}
    assert unlike(client, alice, video).get_json() == {"liked": False, "like_count": 0}
    assert drift() == {}


def test_unlike_removes_only_the_callers_like(client, alice, bob, carol, drift):
    """SECURITY.md API1: B's unlike leaves A's like in place."""
    video = post_video(client, carol)
    like(client, alice, video)
    like(client, bob, video)
    response = unlike(client, bob, video)
    assert response.status_code == 200
    assert response.get_json() == {"liked": False, "like_count": 1}
    assert usernames(page(client, f"/api/videos/{video}/likes")["items"]) == ["alice"]
    assert get_video(client, video, alice)["liked_by_me"] is True
    assert get_video(client, video)["like_count"] == 1
    assert drift() == {}


def test_likers_are_user_summaries_most_recent_first(client, register, alice, drift):
    video = post_video(client, alice)
    dan, erin, fred = register("dan"), register("erin"), register("fred")
    for account in (erin, fred, dan):
        assert like(client, account, video).status_code == 201
    body = page(client, f"/api/videos/{video}/likes")
    assert body["next_cursor"] is None
    assert usernames(body["items"]) == ["dan", "fred", "erin"]
    for item in body["items"]:
        assert set(item) == SUMMARY_KEYS
    assert body["items"][0]["id"] == dan.id
    # Signed in, the same list and the same shape.
    signed_in = page(client, f"/api/videos/{video}/likes", alice)
    assert signed_in == body
    # Unliking and liking again moves the user to the front.
    unlike(client, erin, video)
    like(client, erin, video)
    assert usernames(page(client, f"/api/videos/{video}/likes")["items"]) == ["erin", "dan", "fred"]
    assert drift() == {}


def test_likers_paginate_every_user_once_in_order(client, register, alice, drift):
    video = post_video(client, alice)
    accounts = [register(f"liker{i}") for i in range(5)]
    for account in accounts:
        like(client, account, video)
    walked = walk(client, f"/api/videos/{video}/likes", limit=2)
    assert usernames(walked) == [f"liker{i}" for i in reversed(range(5))]
    assert drift() == {}


def test_likes_of_an_unknown_video_are_404(client, alice):
    assert_error(like(client, alice, MISSING_ID), 404)
    assert_error(unlike(client, alice, MISSING_ID), 404)
    assert_error(client.get(f"/api/videos/{MISSING_ID}/likes"), 404)


def test_liking_needs_a_token(client, alice, drift):
    video = post_video(client, alice)
    assert_error(client.post(f"/api/videos/{video}/like"), 401)
    assert_error(client.delete(f"/api/videos/{video}/like"), 401)
    assert_error(client.post(f"/api/videos/{video}/like", headers=bearer("not-a-token")), 401)
    assert get_video(client, video)["like_count"] == 0
    # The list is optional auth: anonymous is fine, a bad token is not.
    assert page(client, f"/api/videos/{video}/likes")["items"] == []
    assert_error(client.get(f"/api/videos/{video}/likes", headers=bearer("garbage")), 401)
    assert drift() == {}


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"limit": "abc"}, {"cursor": "forged"}])
def test_likers_reject_a_bad_page_request(client, alice, query):
    video = post_video(client, alice)
    assert_error(client.get(f"/api/videos/{video}/likes", query_string=query), 422)


def test_a_users_liked_videos_are_most_recently_liked_first(client, alice, bob, drift):
    first, second, third = (post_video(client, alice, f"video {i}") for i in range(3))
    for video in (second, third, first):
        like(client, bob, video)
    items = page(client, "/api/users/BOB/likes")["items"]
    assert [item["id"] for item in items] == [first, third, second]
    assert page(client, "/api/users/alice/likes")["items"] == []
    assert_error(client.get("/api/users/nobody/likes"), 404)
    assert drift() == {}


# --- comments ----------------------------------------------------------------------


def test_commenting_answers_201_with_a_comment(client, alice, bob, drift):
    video = post_video(client, alice)
    response = client.post(f"/api/videos/{video}/comments", json={"body": "  so good  "}, headers=bob.headers)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == COMMENT_KEYS
    assert body["video_id"] == video
    assert body["body"] == "so good"
    assert body["parent_id"] is None
    assert body["reply_count"] == 0
    assert set(body["author"]) == SUMMARY_KEYS
    assert body["author"]["id"] == bob.id
    assert body["author"]["username"] == "bob"
    assert body["created_at"].endswith(("+00:00", "Z"))
    assert isinstance(body["id"], int)
    assert comment_count(client, video) == 1
    assert drift() == {}


def test_a_comment_body_of_150_characters_is_accepted(client, alice, drift):
    video = post_video(client, alice)
    assert comment(client, alice, video, "x" * 150)["body"] == "x" * 150
    # Trimming comes first: 150 characters with spaces around them fit.
    assert comment(client, alice, video, "  " + "y" * 150 + "  ")["body"] == "y" * 150
    assert comment_count(client, video) == 2
    assert drift() == {}


@pytest.mark.parametrize(
    "payload",
    [
        {"body": ""},
        {"body": "   \t\n "},
        {"body": "x" * 151},
        {"body": "a\u0000b"},
        {"body": None},
        {"body": 42},
        {},
    ],
    ids=["empty", "blank", "151-chars", "nul", "null", "number", "missing"],
)
def test_an_invalid_comment_body_is_422(client, alice, payload, drift):
    video = post_video(client, alice)
    response = client.post(f"/api/videos/{video}/comments", json=payload, headers=alice.headers)
    assert_invalid(response, "body")
    assert comment_count(client, video) == 0
    assert page(client, f"/api/videos/{video}/comments")["items"] == []
    assert drift() == {}


@pytest.mark.parametrize("field", ["id", "author", "video_id", "reply_count", "created_at", "author_id"])
def test_a_comment_cannot_set_read_only_fields(client, alice, field, drift):
    video = post_video(client, alice)
    response = client.post(
        f"/api/videos/{video}/comments", json={"body": "hi", field: 1}, headers=alice.headers
    )
    assert_invalid(response, field)
    assert comment_count(client, video) == 0
    assert drift() == {}


def test_a_reply_answers_201_and_counts_on_its_parent(client, alice, bob, carol, drift):
    video = post_video(client, alice)
    parent = comment(client, bob, video, "top")
    reply = comment(client, carol, video, "reply", parent_id=parent["id"])
    assert set(reply) == COMMENT_KEYS
    assert reply["parent_id"] == parent["id"]
    assert reply["video_id"] == video
    assert reply["reply_count"] == 0
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert [item["id"] for item in top] == [parent["id"]]  # replies are not top-level
    assert top[0]["reply_count"] == 1
    assert comment_count(client, video) == 2
    assert drift() == {}


def test_replying_to_a_reply_is_422(client, alice, bob, drift):
    video = post_video(client, alice)
    parent = comment(client, bob, video, "top")
    reply = comment(client, alice, video, "reply", parent_id=parent["id"])
    body = comment(client, bob, video, "nested", parent_id=reply["id"], expect=422)
    assert "parent_id" in body["errors"]["json"]
    assert comment_count(client, video) == 2
    assert drift() == {}


def test_replying_to_another_videos_comment_is_422(client, alice, bob, drift):
    video, other = post_video(client, alice), post_video(client, alice)
    parent = comment(client, bob, other, "elsewhere")
    body = comment(client, bob, video, "reply", parent_id=parent["id"], expect=422)
    assert "parent_id" in body["errors"]["json"]
    assert comment_count(client, video) == 0
    assert comment_count(client, other) == 1
    replies = page(client, f"/api/comments/{parent['id']}/replies")
    assert replies["items"] == []
    assert drift() == {}


@pytest.mark.parametrize("parent_id", [MISSING_ID, "1", "abc", 0, -1, 1.5, True, 2**63])
def test_an_invalid_parent_id_is_422(client, alice, parent_id, drift):
    video = post_video(client, alice)
    comment(client, alice, video, "a real top-level comment")
    response = client.post(
        f"/api/videos/{video}/comments",
        json={"body": "reply", "parent_id": parent_id},
        headers=alice.headers,
    )
    assert_invalid(response, "parent_id")
    assert comment_count(client, video) == 1
    assert drift() == {}


def test_a_null_parent_id_makes_a_top_level_comment(client, alice, drift):
    video = post_video(client, alice)
    response = client.post(
        f"/api/videos/{video}/comments", json={"body": "hi", "parent_id": None}, headers=alice.headers
    )
    assert response.status_code == 201
    assert response.get_json()["parent_id"] is None
    assert drift() == {}


def test_comments_of_an_unknown_video_are_404(client, alice):
    assert_error(client.get(f"/api/videos/{MISSING_ID}/comments"), 404)
    response = client.post(f"/api/videos/{MISSING_ID}/comments", json={"body": "hi"}, headers=alice.headers)
    assert_error(response, 404)
    assert_error(client.get(f"/api/comments/{MISSING_ID}/replies"), 404)


def test_commenting_needs_a_token(client, alice, drift):
    video = post_video(client, alice)
    assert_error(client.post(f"/api/videos/{video}/comments", json={"body": "hi"}), 401)
    assert comment_count(client, video) == 0
    assert drift() == {}


def test_top_level_comments_are_newest_first(client, alice, bob, drift):
    video = post_video(client, alice)
    first = comment(client, bob, video, "first")
    second = comment(client, alice, video, "second")
    parent_reply = comment(client, bob, video, "reply", parent_id=first["id"])
    third = comment(client, bob, video, "third")
    body = page(client, f"/api/videos/{video}/comments")
    assert [item["id"] for item in body["items"]] == [third["id"], second["id"], first["id"]]
    assert parent_reply["id"] not in [item["id"] for item in body["items"]]
    for item in body["items"]:
        assert set(item) == COMMENT_KEYS
        assert set(item["author"]) == SUMMARY_KEYS
    assert [item["reply_count"] for item in body["items"]] == [0, 0, 1]
    assert no_private_fields(body)
    walked = walk(client, f"/api/videos/{video}/comments", limit=1)
    assert [item["id"] for item in walked] == [third["id"], second["id"], first["id"]]
    assert drift() == {}


def test_replies_are_oldest_first_with_the_parents_reply_count(client, alice, bob, carol, drift):
    video = post_video(client, alice)
    parent = comment(client, alice, video, "top")
    replies = [
        comment(client, account, video, f"reply {i}", parent_id=parent["id"])
        for i, account in enumerate((bob, carol, alice, bob, carol))
    ]
    body = page(client, f"/api/comments/{parent['id']}/replies")
    assert [item["id"] for item in body["items"]] == [reply["id"] for reply in replies]
    assert [item["body"] for item in body["items"]] == [f"reply {i}" for i in range(5)]
    for item in body["items"]:
        assert set(item) == COMMENT_KEYS
        assert item["parent_id"] == parent["id"]
    walked = walk(client, f"/api/comments/{parent['id']}/replies", limit=2)
    assert [item["id"] for item in walked] == [reply["id"] for reply in replies]
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert top[0]["reply_count"] == 5
    assert comment_count(client, video) == 6
    assert drift() == {}


def test_the_author_deletes_their_comment(client, alice, bob, drift):
    video = post_video(client, alice)
    kept = comment(client, alice, video, "kept")
    mine = comment(client, bob, video, "mine")
    response = client.delete(f"/api/comments/{mine['id']}", headers=bob.headers)
    assert response.status_code == 204
    assert response.get_data() == b""
    assert [item["id"] for item in page(client, f"/api/videos/{video}/comments")["items"]] == [kept["id"]]
    assert comment_count(client, video) == 1
    assert_error(client.delete(f"/api/comments/{mine['id']}", headers=bob.headers), 404)
    assert_error(client.get(f"/api/comments/{mine['id']}/replies"), 404)
    assert drift() == {}


def test_the_videos_owner_deletes_any_comment_with_its_replies(client, alice, bob, carol, drift):
    """SECURITY.md API1: C (the video's owner) deletes A's comment; the count drops by 1 + replies."""
    video = post_video(client, carol)
    other = comment(client, carol, video, "stays")
    doomed = comment(client, alice, video, "goes")
    for account in (bob, carol, alice):
        comment(client, account, video, "reply", parent_id=doomed["id"])
    comment(client, bob, video, "stays too", parent_id=other["id"])
    assert comment_count(client, video) == 6
    response = client.delete(f"/api/comments/{doomed['id']}", headers=carol.headers)
    assert response.status_code == 204
    assert comment_count(client, video) == 2
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert [item["id"] for item in top] == [other["id"]]
    assert top[0]["reply_count"] == 1
    assert_error(client.get(f"/api/comments/{doomed['id']}/replies"), 404)
    assert drift() == {}


def test_a_third_user_cannot_delete_a_comment(client, alice, bob, carol, drift):
    """SECURITY.md API1: B deletes A's comment on C's video: 403 and nothing changes."""
    video = post_video(client, carol)
    target = comment(client, alice, video, "mine")
    comment(client, carol, video, "reply", parent_id=target["id"])
    response = client.delete(f"/api/comments/{target['id']}", headers=bob.headers)
    assert_error(response, 403)
    assert comment_count(client, video) == 2
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert [(item["id"], item["reply_count"]) for item in top] == [(target["id"], 1)]
    assert drift() == {}


def test_a_replys_author_cannot_delete_the_parent(client, alice, bob, carol, drift):
    video = post_video(client, carol)
    parent = comment(client, alice, video, "parent")
    comment(client, bob, video, "reply", parent_id=parent["id"])
    assert_error(client.delete(f"/api/comments/{parent['id']}", headers=bob.headers), 403)
    assert comment_count(client, video) == 2
    assert drift() == {}


def test_deleting_an_unknown_comment_is_404(client, alice):
    assert_error(client.delete(f"/api/comments/{MISSING_ID}", headers=alice.headers), 404)


def test_deleting_a_comment_needs_a_token(client, alice, drift):
    video = post_video(client, alice)
    target = comment(client, alice, video)
    assert_error(client.delete(f"/api/comments/{target['id']}"), 401)
    assert comment_count(client, video) == 1
    assert drift() == {}


def test_deleting_a_reply_decrements_its_parents_reply_count(client, alice, bob, carol, drift):
    video = post_video(client, alice)
    parent = comment(client, alice, video, "top")
    first = comment(client, bob, video, "one", parent_id=parent["id"])
    second = comment(client, carol, video, "two", parent_id=parent["id"])
    assert client.delete(f"/api/comments/{first['id']}", headers=bob.headers).status_code == 204
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert top[0]["reply_count"] == 1
    replies = page(client, f"/api/comments/{parent['id']}/replies")["items"]
    assert [item["id"] for item in replies] == [second["id"]]
    # The video's owner may delete a reply too.
    assert client.delete(f"/api/comments/{second['id']}", headers=alice.headers).status_code == 204
    assert page(client, f"/api/videos/{video}/comments")["items"][0]["reply_count"] == 0
    assert comment_count(client, video) == 1
    assert drift() == {}


# --- follows and profiles ------------------------------------------------------------


def test_following_answers_201_then_200(client, alice, bob, drift):
    response = follow(client, alice, "bob")
    assert response.status_code == 201
    assert response.get_json() == {"following": True, "followers_count": 1}
    again = follow(client, alice, "BOB")
    assert again.status_code == 200
    assert again.get_json() == {"following": True, "followers_count": 1}
    assert get_user(client, "bob")["followers_count"] == 1
    assert get_user(client, "alice")["following_count"] == 1
    assert get_user(client, "alice")["followers_count"] == 0
    assert drift() == {}


def test_following_yourself_is_422(client, alice, drift):
    body = assert_error(follow(client, alice, "alice"), 422)
    assert body["errors"]
    assert_error(follow(client, alice, "ALICE"), 422)
    profile = get_user(client, "alice")
    assert profile["followers_count"] == 0
    assert profile["following_count"] == 0
    assert drift() == {}


def test_unfollowing_answers_200_also_when_not_following(client, alice, bob, carol, drift):
    follow(client, alice, "bob")
    follow(client, carol, "bob")
    response = unfollow(client, alice, "bob")
    assert response.status_code == 200
    assert response.get_json() == {"following": False, "followers_count": 1}
    again = unfollow(client, alice, "bob")
    assert again.status_code == 200
    assert again.get_json() == {"following": False, "followers_count": 1}
    assert unfollow(client, bob, "alice").get_json() == {"following": False, "followers_count": 0}
    assert unfollow(client, alice, "alice").status_code in (200, 422)
    assert get_user(client, "alice")["following_count"] == 0
    assert get_user(client, "carol")["following_count"] == 1
    assert usernames(page(client, "/api/users/bob/followers")["items"]) == ["carol"]
    assert drift() == {}


def test_following_an_unknown_user_is_404(client, alice):
    assert_error(follow(client, alice, "nobody"), 404)
    assert_error(unfollow(client, alice, "nobody"), 404)
    assert_error(client.get("/api/users/nobody"), 404)
    assert_error(client.get("/api/users/nobody/followers"), 404)
    assert_error(client.get("/api/users/nobody/following"), 404)
    assert_error(client.get("/api/users/" + "x" * 200), 404)


def test_following_needs_a_token(client, alice, drift):
    assert_error(client.post("/api/users/alice/follow"), 401)
    assert_error(client.delete("/api/users/alice/follow"), 401)
    assert get_user(client, "alice")["followers_count"] == 0
    assert drift() == {}


def test_a_profile_has_exactly_the_public_fields(client, register, drift):
    ann = register("Ann.Lee", display_name="Ann")
    profile = get_user(client, "ann.lee")
    assert set(profile) == USER_KEYS
    assert profile["id"] == ann.id
    assert profile["username"] == "Ann.Lee"  # shown as typed
    assert profile["display_name"] == "Ann"
    assert profile["is_following"] is None
    assert profile["created_at"].endswith(("+00:00", "Z"))
    assert (profile["followers_count"], profile["following_count"]) == (0, 0)
    assert (profile["video_count"], profile["like_count"]) == (0, 0)
    assert "email" not in profile
    assert no_private_fields(profile)
    assert get_user(client, "ANN.LEE") == profile
    assert drift() == {}


def test_is_following_depends_on_the_viewer(client, alice, bob, carol, drift):
    follow(client, alice, "bob")
    assert get_user(client, "bob")["is_following"] is None
    assert get_user(client, "bob", alice)["is_following"] is True
    assert get_user(client, "bob", carol)["is_following"] is False
    assert get_user(client, "alice", bob)["is_following"] is False
    # Your own profile: false, never null.
    assert get_user(client, "alice", alice)["is_following"] is False
    assert get_user(client, "bob", bob)["is_following"] is False
    # Lists carry it too.
    followers = page(client, "/api/users/bob/followers", alice)["items"]
    assert [(item["username"], item["is_following"]) for item in followers] == [("alice", False)]
    following = page(client, "/api/users/alice/following", alice)["items"]
    assert [(item["username"], item["is_following"]) for item in following] == [("bob", True)]
    following = page(client, "/api/users/alice/following", carol)["items"]
    assert [(item["username"], item["is_following"]) for item in following] == [("bob", False)]
    anonymous = page(client, "/api/users/alice/following")["items"]
    assert [item["is_following"] for item in anonymous] == [None]
    assert drift() == {}


def test_a_bad_token_on_a_profile_is_401(client, alice):
    assert_error(client.get("/api/users/alice", headers=bearer("nonsense")), 401)
    assert_error(client.get("/api/users?q=a", headers=bearer("nonsense")), 401)


def test_public_views_never_show_email(client, alice, bob, drift):
    video = post_video(client, alice)
    like(client, bob, video)
    parent = comment(client, bob, video, "hi")
    comment(client, alice, video, "hey", parent_id=parent["id"])
    follow(client, bob, "alice")
    follow(client, alice, "bob")
    for account in (None, alice, bob):
        for url in (
            "/api/users/alice",
            "/api/users?q=",
            "/api/users/alice/followers",
            "/api/users/alice/following",
            f"/api/videos/{video}/likes",
            f"/api/videos/{video}/comments",
            f"/api/comments/{parent['id']}/replies",
            "/api/users/bob/likes",
        ):
            response = client.get(url, headers=account.headers if account else {})
            assert response.status_code == 200, url
            assert no_private_fields(response.get_json()), url
            assert "@example.com" not in response.get_data(as_text=True), url
    users = page(client, "/api/users", alice)["items"]
    assert all(set(item) == USER_KEYS for item in users)
    assert drift() == {}


def test_user_search_matches_a_prefix_without_regard_to_case(client, register, drift):
    for name in ("Alice", "alfred", "Bob", "ALBERT", "xal"):
        register(name)
    body = page(client, "/api/users", q="AL")
    assert usernames(body["items"]) == ["ALBERT", "alfred", "Alice"]  # in username order
    for item in body["items"]:
        assert set(item) == USER_KEYS
        assert item["is_following"] is None
    assert usernames(page(client, "/api/users", q="  al  ")["items"]) == ["ALBERT", "alfred", "Alice"]
    assert usernames(page(client, "/api/users", q="zzz")["items"]) == []
    assert len(page(client, "/api/users")["items"]) == 5
    assert drift() == {}


def test_user_search_treats_underscore_and_percent_literally(client, register, drift):
    register("a_b")
    register("axb")
    register("a.c")
    assert usernames(page(client, "/api/users", q="a_")["items"]) == ["a_b"]
    assert usernames(page(client, "/api/users", q="a.")["items"]) == ["a.c"]
    assert usernames(page(client, "/api/users", q="a%")["items"]) == []
    assert usernames(page(client, "/api/users", q="A")["items"]) == ["a.c", "a_b", "axb"]
    assert drift() == {}


def test_user_search_marks_whom_the_viewer_follows(client, alice, bob, carol, drift):
    follow(client, alice, "bob")
    items = page(client, "/api/users", alice)["items"]
    assert {item["username"]: item["is_following"] for item in items} == {
        "alice": False,
        "bob": True,
        "carol": False,
    }
    assert drift() == {}


@pytest.mark.parametrize("query", [{"q": "x" * 25}, {"q": "a\u0000"}, {"limit": 0}, {"cursor": "nope"}])
def test_user_search_rejects_bad_queries(client, alice, query):
    assert_error(client.get("/api/users", query_string=query), 422)


def test_user_search_paginates(client, register, drift):
    for i in range(5):
        register(f"user{i}")
    assert usernames(walk(client, "/api/users", limit=2)) == [f"user{i}" for i in range(5)]
    assert drift() == {}


def test_followers_and_following_are_most_recent_first(client, register, alice, drift):
    dan, erin, fred = register("dan"), register("erin"), register("fred")
    for account in (erin, fred, dan):
        follow(client, account, "alice")
    for name in ("fred", "dan", "erin"):
        follow(client, alice, name)
    followers = page(client, "/api/users/ALICE/followers")
    assert usernames(followers["items"]) == ["dan", "fred", "erin"]
    assert followers["next_cursor"] is None
    following = page(client, "/api/users/alice/following")
    assert usernames(following["items"]) == ["erin", "dan", "fred"]
    for item in followers["items"] + following["items"]:
        assert set(item) == USER_KEYS
    # The items are full, current profiles.
    assert followers["items"][0]["following_count"] == 1
    assert followers["items"][0]["followers_count"] == 1
    profile = get_user(client, "alice")
    assert (profile["followers_count"], profile["following_count"]) == (3, 3)
    # Following again after an unfollow moves to the front.
    unfollow(client, erin, "alice")
    follow(client, erin, "alice")
    assert usernames(page(client, "/api/users/alice/followers")["items"]) == ["erin", "dan", "fred"]
    assert drift() == {}


def test_followers_and_following_paginate(client, register, alice, drift):
    accounts = [register(f"fan{i}") for i in range(5)]
    for account in accounts:
        follow(client, account, "alice")
        follow(client, alice, account.username)
    expected = [f"fan{i}" for i in reversed(range(5))]
    assert usernames(walk(client, "/api/users/alice/followers", limit=2)) == expected
    assert usernames(walk(client, "/api/users/alice/following", alice, limit=2)) == expected
    assert usernames(walk(client, "/api/users/alice/following", limit=5)) == expected
    # A cursor of one list is not accepted by another.
    cursor = page(client, "/api/users/alice/followers", limit=2)["next_cursor"]
    response = client.get("/api/users/alice/following", query_string={"limit": 2, "cursor": cursor})
    assert_error(response, 422)
    assert drift() == {}


# --- counters after deletes --------------------------------------------------------


def test_deleting_a_comment_thread_keeps_every_counter_exact(client, alice, bob, carol, drift):
    video = post_video(client, alice)
    thread = comment(client, bob, video, "thread")
    for account in (alice, carol, carol, bob):
        comment(client, account, video, "reply", parent_id=thread["id"])
    other = comment(client, carol, video, "other")
    comment(client, bob, video, "reply", parent_id=other["id"])
    assert comment_count(client, video) == 7
    assert client.delete(f"/api/comments/{thread['id']}", headers=bob.headers).status_code == 204
    assert comment_count(client, video) == 2
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert [(item["id"], item["reply_count"]) for item in top] == [(other["id"], 1)]
    assert drift() == {}


def test_deleting_a_video_takes_its_likes_out_of_the_authors_counts(client, alice, bob, carol, drift):
    kept, doomed = post_video(client, alice), post_video(client, alice)
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


def test_deleting_an_account_keeps_every_counter_exact(client, register, alice, bob, carol, drift):
    doomed = register("dora")
    video_a = post_video(client, alice, "alice's video")
    video_b = post_video(client, bob, "bob's video")
    video_d = post_video(client, doomed, "dora's video")

    # Dora likes, comments, replies under others' comments, follows and is followed.
    for video in (video_a, video_b, video_d):
        like(client, doomed, video)
    like(client, carol, video_a)
    like(client, alice, video_d)
    like(client, bob, video_d)

    alice_top = comment(client, alice, video_a, "alice's own comment")
    comment(client, doomed, video_a, "dora replies to alice", parent_id=alice_top["id"])
    comment(client, doomed, video_a, "dora replies again", parent_id=alice_top["id"])
    comment(client, carol, video_a, "carol replies to alice", parent_id=alice_top["id"])
    dora_top = comment(client, doomed, video_a, "dora's comment")
    comment(client, bob, video_a, "bob replies to dora", parent_id=dora_top["id"])
    comment(client, alice, video_a, "alice replies to dora", parent_id=dora_top["id"])
    dora_on_b = comment(client, doomed, video_b, "dora on bob's video")
    comment(client, bob, video_b, "bob's reply to dora", parent_id=dora_on_b["id"])
    bob_top = comment(client, bob, video_b, "bob's own comment")
    comment(client, doomed, video_b, "dora replies to bob", parent_id=bob_top["id"])
    comment(client, alice, video_d, "on dora's video")

    follow(client, doomed, "alice")
    follow(client, doomed, "bob")
    follow(client, carol, "dora")
    follow(client, bob, "dora")
    follow(client, alice, "carol")

    assert get_video(client, video_a)["comment_count"] == 7
    assert get_video(client, video_b)["comment_count"] == 4
    assert get_user(client, "alice")["like_count"] == 2
    assert drift() == {}

    response = client.delete("/api/auth/me", json={"password": PASSWORD}, headers=doomed.headers)
    assert response.status_code == 204, response.get_json()

    assert_error(client.get("/api/users/dora"), 404)
    assert_error(client.get(f"/api/videos/{video_d}"), 404)
    assert_error(client.get("/api/auth/me", headers=doomed.headers), 401)

    a = get_video(client, video_a)
    assert (a["like_count"], a["comment_count"]) == (1, 2)  # carol's like; alice's comment + carol's reply
    b = get_video(client, video_b)
    assert (b["like_count"], b["comment_count"]) == (0, 1)  # bob's own comment only
    top_a = page(client, f"/api/videos/{video_a}/comments")["items"]
    assert [(item["id"], item["reply_count"]) for item in top_a] == [(alice_top["id"], 1)]
    top_b = page(client, f"/api/videos/{video_b}/comments")["items"]
    assert [(item["id"], item["reply_count"]) for item in top_b] == [(bob_top["id"], 0)]
    replies = page(client, f"/api/comments/{alice_top['id']}/replies")["items"]
    assert [item["author"]["username"] for item in replies] == ["carol"]

    users = {name: get_user(client, name) for name in ("alice", "bob", "carol")}
    counts = {
        name: (p["followers_count"], p["following_count"], p["video_count"], p["like_count"])
        for name, p in users.items()
    }
    assert counts == {
        "alice": (0, 1, 1, 1),
        "bob": (0, 0, 1, 0),
        "carol": (1, 0, 0, 0),
    }
    assert usernames(page(client, "/api/users/carol/following")["items"]) == []
    assert usernames(page(client, "/api/users/alice/followers")["items"]) == []
    assert page(client, "/api/users/alice/likes")["items"] == []
    assert usernames(page(client, f"/api/videos/{video_a}/likes")["items"]) == ["carol"]
    assert usernames(page(client, "/api/users")["items"]) == ["alice", "bob", "carol"]
    assert drift() == {}


def test_deleting_an_account_with_a_wrong_password_changes_nothing(client, alice, bob, drift):
    video = post_video(client, alice)
    like(client, bob, video)
    follow(client, bob, "alice")
    comment(client, bob, video, "hi")
    response = client.delete("/api/auth/me", json={"password": "wrong password"}, headers=bob.headers)
    assert_error(response, 401)
    assert get_user(client, "alice")["followers_count"] == 1
    v = get_video(client, video)
    assert (v["like_count"], v["comment_count"]) == (1, 1)
    assert drift() == {}


# --- SQL statements per list -------------------------------------------------------


def _statements(client, count_queries, url, account, limit):
    headers = account.headers if account else {}
    path, _, q = url.partition("?q=")
    query = {"limit": limit, **({"q": q} if q else {})}
    client.get(path, query_string=query, headers=headers)  # warm up
    with count_queries() as statements:
        response = client.get(path, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["items"]) == limit
    return len(statements)


@pytest.fixture
def crowd(client, register, alice):
    """25 users who like alice's video, comment on it, reply to her comment and follow her;
    alice follows all of them."""
    video = post_video(client, alice)
    parent = comment(client, alice, video, "the parent")
    for i in range(25):
        account = register(f"fan{i:02d}")
        assert like(client, account, video).status_code == 201
        comment(client, account, video, f"comment {i}")
        comment(client, account, video, f"reply {i}", parent_id=parent["id"])
        assert follow(client, account, "alice").status_code == 201
        assert follow(client, alice, account.username).status_code == 201
    return {"video": video, "parent": parent["id"]}


LIST_URLS = {
    "likes": "/api/videos/{video}/likes",
    "comments": "/api/videos/{video}/comments",
    "replies": "/api/comments/{parent}/replies",
    "followers": "/api/users/alice/followers",
    "following": "/api/users/alice/following",
    "user search": "/api/users?q=fan",
    "liked videos": "/api/users/fan00/likes",
}


def test_list_endpoints_run_a_fixed_number_of_statements(client, count_queries, crowd, alice, drift):
    for name, template in LIST_URLS.items():
        url = template.format(**crowd)
        limit_small, limit_large = (2, 20) if name != "liked videos" else (1, 1)
        for account in (None, alice):
            small = _statements(client, count_queries, url, account, limit_small)
            large = _statements(client, count_queries, url, account, limit_large)
            assert small == large, (name, account and "signed in", small, large)
            assert large <= 3, (name, account and "signed in", large)
    # Deep pages cost the same as the first.
    url = LIST_URLS["followers"]
    cursor = page(client, url, alice, limit=20)["next_cursor"]
    with count_queries() as statements:
        response = client.get(url, query_string={"limit": 2, "cursor": cursor}, headers=alice.headers)
    assert response.status_code == 200
    assert len(response.get_json()["items"]) == 2
    assert len(statements) <= 3
    assert drift() == {}

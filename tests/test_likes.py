"""Likes against docs/API.md (Likes) and docs/SECURITY.md §1 (API1): liking, unliking and the
likers of a video.

Every test that writes ends with ``assert drift() == {}``: each stored counter equals the
number of rows it counts. A user's liked videos (GET /api/users/{username}/likes) are in
tests/test_users.py and tests/test_feeds.py.
"""

import pytest

from tests.helpers import (
    CLIP_URL,
    MISSING_ID,
    SUMMARY_KEYS,
    assert_error,
    bearer,
    get_user,
    get_video,
    like,
    page,
    post_video,
    unlike,
    usernames,
    walk_items,
)


def test_liking_a_video_answers_201_with_the_new_count(client, alice, bob, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    response = like(client, bob, video)
    assert response.status_code == 201
    assert response.get_json() == {"liked": True, "like_count": 1}
    assert get_video(client, video, bob)["like_count"] == 1
    assert get_video(client, video, bob)["liked_by_me"] is True
    assert get_video(client, video, alice)["liked_by_me"] is False
    assert drift() == {}


def test_liking_twice_keeps_one_like(client, alice, bob, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    assert like(client, bob, video).status_code == 201
    again = like(client, bob, video)
    assert again.status_code == 200
    assert again.get_json() == {"liked": True, "like_count": 1}
    assert get_video(client, video)["like_count"] == 1
    assert usernames(page(client, f"/api/videos/{video}/likes")["items"]) == ["bob"]
    assert get_user(client, "alice")["like_count"] == 1
    assert drift() == {}


def test_liking_your_own_video_counts(client, alice, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    assert like(client, alice, video).get_json() == {"liked": True, "like_count": 1}
    assert get_user(client, "alice")["like_count"] == 1
    assert drift() == {}


def test_unliking_answers_200_with_the_new_count(client, alice, bob, carol, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    like(client, bob, video)
    like(client, carol, video)
    response = unlike(client, bob, video)
    assert response.status_code == 200
    assert response.get_json() == {"liked": False, "like_count": 1}
    assert get_video(client, video, bob)["liked_by_me"] is False
    assert get_user(client, "alice")["like_count"] == 1
    assert drift() == {}


def test_unliking_a_video_never_liked_answers_200(client, alice, bob, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    like(client, alice, video)
    response = unlike(client, bob, video)
    assert response.status_code == 200
    assert response.get_json() == {"liked": False, "like_count": 1}
    twice = unlike(client, alice, video)
    assert twice.get_json() == {"liked": False, "like_count": 0}
    assert unlike(client, alice, video).get_json() == {"liked": False, "like_count": 0}
    assert drift() == {}


def test_unlike_removes_only_the_callers_like(client, alice, bob, carol, drift):
    """docs/SECURITY.md API1: B's unlike leaves A's like in place."""
    video = post_video(client, carol, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
    accounts = [register(f"liker{i}") for i in range(5)]
    for account in accounts:
        like(client, account, video)
    walked = walk_items(client, f"/api/videos/{video}/likes", limit=2)
    assert usernames(walked) == [f"liker{i}" for i in reversed(range(5))]
    assert drift() == {}


def test_likes_of_an_unknown_video_are_404(client, alice):
    assert_error(like(client, alice, MISSING_ID), 404)
    assert_error(unlike(client, alice, MISSING_ID), 404)
    assert_error(client.get(f"/api/videos/{MISSING_ID}/likes"), 404)


def test_liking_needs_a_token(client, alice, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
    assert_error(client.get(f"/api/videos/{video}/likes", query_string=query), 422)

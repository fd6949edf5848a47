"""Users and follows against docs/API.md (Users and follows) and docs/SECURITY.md §1 (API3, API4):
following and unfollowing, profiles and their public fields, user search, followers and
following, a user's liked videos, and the SQL statements per page of every list of users,
likes and comments.

Every test that writes ends with ``assert drift() == {}``: each stored counter equals the
number of rows it counts.
"""

import pytest

from tests.helpers import (
    CLIP_URL,
    USER_KEYS,
    assert_error,
    bearer,
    comment,
    follow,
    get_user,
    like,
    no_private_fields,
    page,
    post_video,
    unfollow,
    usernames,
    walk_items,
)

# --- follows and profiles ----------------------------------------------------------


def test_following_answers_201_then_200(client, alice, bob, drift):
    response = follow(client, alice, "bob")
    assert response.status_code == 201
    assert response.get_json() == {"following": True, "requested": False, "followers_count": 1}
    again = follow(client, alice, "BOB")
    assert again.status_code == 200
    assert again.get_json() == {"following": True, "requested": False, "followers_count": 1}
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
    assert response.get_json() == {"following": False, "requested": False, "followers_count": 1}
    again = unfollow(client, alice, "bob")
    assert again.status_code == 200
    assert again.get_json() == {"following": False, "requested": False, "followers_count": 1}
    assert unfollow(client, bob, "alice").get_json() == {
        "following": False,
        "requested": False,
        "followers_count": 0,
    }
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
    video = post_video(client, alice, "a video", CLIP_URL)
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
    assert usernames(walk_items(client, "/api/users", limit=2)) == [f"user{i}" for i in range(5)]
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
    assert usernames(walk_items(client, "/api/users/alice/followers", limit=2)) == expected
    assert usernames(walk_items(client, "/api/users/alice/following", alice, limit=2)) == expected
    assert usernames(walk_items(client, "/api/users/alice/following", limit=5)) == expected
    # A cursor of one list is not accepted by another.
    cursor = page(client, "/api/users/alice/followers", limit=2)["next_cursor"]
    response = client.get("/api/users/alice/following", query_string={"limit": 2, "cursor": cursor})
    assert_error(response, 422)
    assert drift() == {}


# --- a user's liked videos ---------------------------------------------------------


def test_a_users_liked_videos_are_most_recently_liked_first(client, alice, bob, drift):
    first, second, third = (post_video(client, alice, f"video {i}", CLIP_URL) for i in range(3))
    for video in (second, third, first):
        like(client, bob, video)
    items = page(client, "/api/users/BOB/likes")["items"]
    assert [item["id"] for item in items] == [first, third, second]
    assert page(client, "/api/users/alice/likes")["items"] == []
    assert_error(client.get("/api/users/nobody/likes"), 404)
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
    video = post_video(client, alice, "a video", CLIP_URL)
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

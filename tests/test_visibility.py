"""The one visibility rule (API.md, "Visibility"; app/visibility.py), walked over every list
and every by-id endpoint as four viewers of one author's content: a viewer the author
blocks, a viewer who blocks the author, a stranger and a follower (and anonymously).

The author has a public, a followers-only and a private video, each with the tag #walk
and the word "walkabout" in its caption, a comment and a reply on the public one, likes
and follows. What each viewer must get is written out per endpoint below.
"""

import pytest

from tests.helpers import (
    assert_error,
    block,
    comment,
    follow_ok,
    like_ok,
    page,
    post_video,
    report,
    set_visibility,
    usernames,
)

VIEWERS = ["blocked", "blocking", "stranger", "fan", "anonymous"]
# Who sees the author's content at all, and who sees its followers-only video.
SEES_AUTHOR = {"stranger", "fan", "anonymous"}
SEES_FOLLOWERS_ONLY = {"fan"}


@pytest.fixture
def world(client, register):
    author = register("author")
    register("hub")
    viewers = {name: register(name) for name in VIEWERS if name != "anonymous"}
    public = post_video(client, author, "public walkabout #walk")
    followers_only = post_video(client, author, "followers walkabout #walk")
    private = post_video(client, author, "private walkabout #walk")
    set_visibility(client, author, followers_only, "followers")
    set_visibility(client, author, private, "private")
    thread = comment(client, author, public, "the author's comment")
    reply = comment(client, author, public, "the author's reply", parent_id=thread["id"])
    like_ok(client, author, public)
    follow_ok(client, author, "hub")
    follow_ok(client, viewers["fan"], "author")
    follow_ok(client, viewers["stranger"], "hub")
    # Follows that the blocks below end.
    follow_ok(client, viewers["blocked"], "author")
    follow_ok(client, viewers["blocking"], "author")
    assert block(client, author, "blocked").status_code == 201
    assert block(client, viewers["blocking"], "author").status_code == 201
    return {
        "author": author,
        "viewers": viewers,
        "public": public,
        "followers": followers_only,
        "private": private,
        "comment": thread["id"],
        "reply": reply["id"],
    }


def _headers(world, name):
    return {} if name == "anonymous" else world["viewers"][name].headers


def _video_ids(client, world, name, path, **query):
    body = page(client, path, headers=_headers(world, name), limit=100, **query)
    return {item["id"] for item in body["items"]}


def _expected_videos(world, name):
    if name not in SEES_AUTHOR:
        return set()
    return {world["public"]} | ({world["followers"]} if name in SEES_FOLLOWERS_ONLY else set())


VIDEO_LISTS = [
    ("/api/videos", {}),
    ("/api/videos", {"hashtag": "walk"}),
    ("/api/videos", {"q": "walkabout"}),
    ("/api/videos", {"author": "author"}),
    ("/api/videos/for-you", {}),
]


@pytest.mark.parametrize("name", VIEWERS)
def test_every_video_list_shows_only_what_the_viewer_may_see(client, world, name):
    expected = _expected_videos(world, name)
    for path, query in VIDEO_LISTS:
        assert _video_ids(client, world, name, path, **query) == expected, (path, query)
    if name != "anonymous":  # only the fan follows the author
        following = expected if name == "fan" else set()
        assert _video_ids(client, world, name, "/api/videos/following") == following
    if name == "blocked":
        assert_error(client.get("/api/users/author/videos", headers=_headers(world, name)), 404)
        assert_error(client.get("/api/users/author/likes", headers=_headers(world, name)), 404)
    else:
        assert _video_ids(client, world, name, "/api/users/author/videos") == expected
        liked = {world["public"]} if name in SEES_AUTHOR else set()
        assert _video_ids(client, world, name, "/api/users/author/likes") == liked


@pytest.mark.parametrize("name", VIEWERS)
def test_every_user_list_shows_the_author_only_to_viewers_who_may_see_them(client, world, name):
    headers = _headers(world, name)
    shown = name in SEES_AUTHOR

    def has_author(path, **query):
        return "author" in usernames(page(client, path, headers=headers, limit=100, **query)["items"])

    assert has_author("/api/users", q="auth") is shown
    assert has_author("/api/users/hub/followers") is shown
    assert has_author("/api/users/fan/following") is shown
    if shown:
        assert has_author(f"/api/videos/{world['public']}/likes")


@pytest.mark.parametrize("name", VIEWERS)
def test_comments_and_replies_follow_the_rule(client, world, name):
    headers = _headers(world, name)
    comments_url = f"/api/videos/{world['public']}/comments"
    replies_url = f"/api/comments/{world['comment']}/replies"
    if name in SEES_AUTHOR:
        assert [c["id"] for c in page(client, comments_url, headers=headers)["items"]] == [world["comment"]]
        assert [c["id"] for c in page(client, replies_url, headers=headers)["items"]] == [world["reply"]]
    else:
        assert_error(client.get(comments_url, headers=headers), 404)
        assert_error(client.get(replies_url, headers=headers), 404)


@pytest.mark.parametrize("name", VIEWERS)
def test_by_id_reads_are_404_exactly_when_not_visible(client, world, name):
    headers = _headers(world, name)
    for key in ("public", "followers", "private"):
        response = client.get(f"/api/videos/{world[key]}", headers=headers)
        visible = world[key] in _expected_videos(world, name)
        assert response.status_code == (200 if visible else 404), (key, response.get_json())
        assert client.get(f"/api/videos/{world[key]}/likes", headers=headers).status_code == (
            200 if visible else 404
        )
        assert client.post(f"/api/videos/{world[key]}/views", headers=headers).status_code == (
            204 if visible else 404
        )
    profile = client.get("/api/users/author", headers=headers)
    if name == "blocked":
        assert_error(profile, 404)
    else:
        assert profile.status_code == 200
        assert profile.get_json()["is_blocking"] is (None if name == "anonymous" else name == "blocking")


@pytest.mark.parametrize("name", ["blocked", "blocking", "stranger", "fan"])
def test_writes_on_the_authors_content_follow_the_rule(client, world, name):
    viewer = world["viewers"][name]
    public, followers_only = world["public"], world["followers"]
    shown = name in SEES_AUTHOR
    like_status = client.post(f"/api/videos/{public}/like", headers=viewer.headers).status_code
    assert like_status == (201 if shown else 404)
    comment_status = client.post(
        f"/api/videos/{public}/comments", json={"body": "hi"}, headers=viewer.headers
    ).status_code
    assert comment_status == (201 if shown else 404)
    reply = client.post(
        f"/api/videos/{public}/comments",
        json={"body": "hi", "parent_id": world["comment"]},
        headers=viewer.headers,
    )
    assert reply.status_code == (201 if shown else 404)
    followers_like = client.post(f"/api/videos/{followers_only}/like", headers=viewer.headers).status_code
    assert followers_like == (201 if name in SEES_FOLLOWERS_ONLY else 404)
    assert report(client, viewer, {"type": "video", "id": public}).status_code == (201 if shown else 404)
    assert report(client, viewer, {"type": "comment", "id": world["comment"]}).status_code == (
        201 if shown else 404
    )
    user_report = report(client, viewer, {"type": "user", "username": "author"}).status_code
    assert user_report == (404 if name == "blocked" else 201)
    # Someone else's video and comment: 403 if the viewer may see them, else 404.
    patch = client.patch(f"/api/videos/{public}", json={"caption": "mine"}, headers=viewer.headers)
    assert patch.status_code == (403 if shown else 404)
    assert client.delete(f"/api/videos/{public}", headers=viewer.headers).status_code == (
        403 if shown else 404
    )
    deleted = client.delete(f"/api/comments/{world['comment']}", headers=viewer.headers)
    assert deleted.status_code == (403 if shown else 404)
    follow_status = client.post("/api/users/author/follow", headers=viewer.headers).status_code
    assert follow_status == {"blocked": 404, "blocking": 403, "stranger": 201, "fan": 200}[name]


def test_a_block_ended_the_follows_both_ways_with_the_counters(client, world, drift):
    profile = client.get("/api/users/author").get_json()
    assert profile["followers_count"] == 1  # the fan; blocked and blocking were removed
    assert usernames(page(client, "/api/users/author/followers")["items"]) == ["fan"]
    for name in ("blocked", "blocking"):
        assert client.get(f"/api/users/{name}").get_json()["following_count"] == 0
    assert drift() == {}


def test_the_blocker_sees_nothing_of_the_blocked_but_the_profile(client, world):
    author = world["author"]
    blocked = world["viewers"]["blocked"]
    theirs = post_video(client, blocked, "blocked walkabout #walk")
    assert theirs not in _video_ids_of(client, author, "/api/videos")
    assert_error(client.get(f"/api/videos/{theirs}", headers=author.headers), 404)
    third_party = post_video(client, world["viewers"]["fan"], "a fan's video")
    like_ok(client, blocked, third_party)  # the author could see this video, not this like
    follow_ok(client, blocked, "hub")
    profile = client.get("/api/users/blocked", headers=author.headers).get_json()
    assert profile["is_blocking"] is True
    for path in ("videos", "likes", "following", "followers"):
        assert page(client, f"/api/users/blocked/{path}", author)["items"] == [], path


def _video_ids_of(client, account, path):
    return {item["id"] for item in page(client, path, account, limit=100)["items"]}


def test_unblocking_restores_visibility_but_not_follows(client, world):
    blocking = world["viewers"]["blocking"]
    assert client.delete("/api/users/author/block", headers=blocking.headers).get_json() == {
        "blocking": False
    }
    assert world["public"] in _video_ids_of(client, blocking, "/api/videos")
    assert client.get("/api/users/author", headers=blocking.headers).get_json()["is_following"] is False

"""Privacy, blocks and mutes (API.md, "Privacy, blocks and mutes"): private accounts and
follow requests, video visibility, blocks and mutes and the viewer's own lists."""

from io import BytesIO

from tests.helpers import (
    MP4,
    SUMMARY_KEYS,
    assert_error,
    assert_invalid,
    block,
    follow,
    follow_ok,
    get_user,
    link,
    make_private,
    mute,
    page,
    post_video,
    set_visibility,
    unfollow,
    unmute,
    usernames,
)


def _ids(client, path, account=None, **query):
    return [item["id"] for item in page(client, path, account, limit=100, **query)["items"]]


# --- private accounts and follow requests ----------------------------------------------------


def test_following_a_private_account_sends_a_request(client, alice, bob, drift):
    me = make_private(client, alice)
    assert me["is_private"] is True
    response = follow(client, bob, "alice")
    assert response.status_code == 202
    assert response.get_json() == {"following": False, "requested": True, "followers_count": 0}
    again = follow(client, bob, "alice")
    assert again.status_code == 202
    assert again.get_json() == {"following": False, "requested": True, "followers_count": 0}
    profile = get_user(client, "alice", bob)
    assert (profile["is_following"], profile["follow_requested"], profile["is_private"]) == (
        False,
        True,
        True,
    )
    requests = page(client, "/api/me/follow-requests", alice)["items"]
    assert usernames(requests) == ["bob"]
    assert set(requests[0]) == SUMMARY_KEYS
    assert drift() == {}


def test_withdrawing_a_request_with_unfollow(client, alice, bob, drift):
    make_private(client, alice)
    follow(client, bob, "alice")
    response = unfollow(client, bob, "alice")
    assert response.status_code == 200
    assert response.get_json() == {"following": False, "requested": False, "followers_count": 0}
    assert page(client, "/api/me/follow-requests", alice)["items"] == []
    assert drift() == {}


def test_approving_a_request_makes_the_requester_a_follower(client, alice, bob, carol, drift):
    make_private(client, alice)
    follow(client, bob, "alice")
    follow(client, carol, "alice")
    assert usernames(page(client, "/api/me/follow-requests", alice)["items"]) == [
        "bob",
        "carol",
    ]  # oldest first
    response = client.post("/api/me/follow-requests/bob", headers=alice.headers)
    assert response.status_code == 200
    assert response.get_json() == {"approved": True}
    assert get_user(client, "alice")["followers_count"] == 1
    assert get_user(client, "bob")["following_count"] == 1
    assert get_user(client, "alice", bob)["is_following"] is True
    assert_error(client.post("/api/me/follow-requests/bob", headers=alice.headers), 404)
    assert client.delete("/api/me/follow-requests/carol", headers=alice.headers).status_code == 204
    assert page(client, "/api/me/follow-requests", alice)["items"] == []
    assert get_user(client, "alice")["followers_count"] == 1
    assert drift() == {}


def test_a_private_accounts_videos_are_for_its_followers(client, alice, bob, carol, drift):
    video = post_video(client, alice, "private life #tag")
    follow_ok(client, bob, "alice")
    make_private(client, alice)
    for path in ("/api/users/alice/videos", "/api/users/alice/likes"):
        body = assert_error(client.get(path, headers=carol.headers), 403)
        assert body["message"] == "This account is private."
        assert_error(client.get(path), 403)
        assert client.get(path, headers=bob.headers).status_code == 200
        assert client.get(path, headers=alice.headers).status_code == 200
    assert _ids(client, "/api/users/alice/videos", bob) == [video]
    for viewer in (carol, None):
        assert video not in _ids(client, "/api/videos", viewer)
        assert video not in _ids(client, "/api/videos", viewer, hashtag="tag")
        assert video not in _ids(client, "/api/videos/for-you", viewer)
        assert_error(client.get(f"/api/videos/{video}", headers=viewer.headers if viewer else {}), 404)
    assert video in _ids(client, "/api/videos", bob)
    assert video in _ids(client, "/api/videos/following", bob)
    # The profile itself stays visible.
    assert get_user(client, "alice", carol)["is_private"] is True
    assert drift() == {}


def test_going_public_approves_every_pending_request(client, alice, bob, carol, drift):
    make_private(client, alice)
    follow(client, bob, "alice")
    follow(client, carol, "alice")
    me = make_private(client, alice, private=False)
    assert me["is_private"] is False
    assert me["followers_count"] == 2
    assert sorted(usernames(page(client, "/api/users/alice/followers")["items"])) == ["bob", "carol"]
    assert page(client, "/api/me/follow-requests", alice)["items"] == []
    assert get_user(client, "bob")["following_count"] == 1
    assert drift() == {}


# --- video visibility ---------------------------------------------------------------------------


def test_video_visibility_on_create_and_patch(client, alice, bob, carol, drift):
    follow_ok(client, bob, "alice")
    followers_only = link(client, alice, "for fans")
    assert followers_only["visibility"] == "public"
    response = client.post(
        "/api/videos",
        json={"video_url": "https://cdn.example.com/p.mp4", "caption": "mine", "visibility": "private"},
        headers=alice.headers,
    )
    assert response.status_code == 201
    private = response.get_json()
    assert private["visibility"] == "private"
    assert set_visibility(client, alice, followers_only["id"], "followers")["visibility"] == "followers"
    # With the caption, in one request.
    both = client.patch(
        f"/api/videos/{followers_only['id']}",
        json={"caption": "for fans #fans", "visibility": "followers"},
        headers=alice.headers,
    ).get_json()
    assert (both["caption"], both["hashtags"], both["visibility"]) == (
        "for fans #fans",
        ["fans"],
        "followers",
    )
    assert _ids(client, "/api/videos", bob) == [followers_only["id"]]
    assert _ids(client, "/api/videos", carol) == []
    assert _ids(client, "/api/videos", alice) == [private["id"], followers_only["id"]]
    assert client.get(f"/api/videos/{private['id']}", headers=alice.headers).status_code == 200
    assert_error(client.get(f"/api/videos/{private['id']}", headers=bob.headers), 404)
    assert drift() == {}


def test_visibility_must_be_one_of_the_three(client, alice):
    video = post_video(client, alice)
    assert_invalid(
        client.patch(f"/api/videos/{video}", json={"visibility": "friends"}, headers=alice.headers),
        "visibility",
    )
    assert_error(client.patch(f"/api/videos/{video}", json={}, headers=alice.headers), 422)
    assert_invalid(
        client.post(
            "/api/videos", json={"video_url": "https://e.com/v.mp4", "visibility": "x"}, headers=alice.headers
        ),
        "visibility",
    )


# --- blocks ---------------------------------------------------------------------------------------


def test_block_answers_201_then_200_and_unblock_200(client, alice, bob):
    response = block(client, alice, "bob")
    assert (response.status_code, response.get_json()) == (201, {"blocking": True})
    again = block(client, alice, "bob")
    assert (again.status_code, again.get_json()) == (200, {"blocking": True})
    assert usernames(page(client, "/api/me/blocks", alice)["items"]) == ["bob"]
    assert set(page(client, "/api/me/blocks", alice)["items"][0]) == SUMMARY_KEYS
    gone = client.delete("/api/users/bob/block", headers=alice.headers)
    assert (gone.status_code, gone.get_json()) == (200, {"blocking": False})
    assert client.delete("/api/users/bob/block", headers=alice.headers).status_code == 200
    assert page(client, "/api/me/blocks", alice)["items"] == []


def test_blocking_or_muting_yourself_is_422(client, alice):
    assert_error(block(client, alice, "alice"), 422)
    assert_error(mute(client, alice, "alice"), 422)


def test_a_block_ends_requests_both_ways(client, alice, bob, drift):
    make_private(client, alice)
    make_private(client, bob)
    follow(client, bob, "alice")
    follow(client, alice, "bob")
    block(client, alice, "bob")
    assert page(client, "/api/me/follow-requests", alice)["items"] == []
    assert page(client, "/api/me/follow-requests", bob)["items"] == []
    assert drift() == {}


def test_the_blocked_user_cannot_see_the_blocker_anywhere(client, alice, bob):
    follow_ok(client, bob, "alice")
    block(client, alice, "bob")
    assert_error(client.get("/api/users/alice", headers=bob.headers), 404)
    assert_error(follow(client, bob, "alice"), 404)
    assert "alice" not in usernames(page(client, "/api/users", bob, q="al")["items"])
    assert_error(client.post("/api/users/alice/block", headers=bob.headers), 404)


def test_the_blocker_cannot_follow_until_unblocking(client, alice, bob, drift):
    block(client, alice, "bob")
    body = assert_error(follow(client, alice, "bob"), 403)
    assert "unblock" in body["message"]
    client.delete("/api/users/bob/block", headers=alice.headers)
    assert follow(client, alice, "bob").status_code == 201
    assert drift() == {}


# --- mutes ----------------------------------------------------------------------------------------


def test_a_mute_hides_the_videos_from_the_feeds_only(client, alice, bob):
    follow_ok(client, alice, "bob")
    video = post_video(client, bob, "muted #muted words")
    response = mute(client, alice, "bob")
    assert (response.status_code, response.get_json()) == (201, {"muting": True})
    assert mute(client, alice, "bob").status_code == 200
    for path, query in (
        ("/api/videos", {}),
        ("/api/videos", {"hashtag": "muted"}),
        ("/api/videos", {"q": "words"}),
        ("/api/videos/for-you", {}),
        ("/api/videos/following", {}),
    ):
        assert video not in _ids(client, path, alice, **query), path
    # The profile and its list stay visible.
    assert get_user(client, "bob", alice)["is_muting"] is True
    assert _ids(client, "/api/users/bob/videos", alice) == [video]
    assert client.get(f"/api/videos/{video}", headers=alice.headers).status_code == 200
    assert usernames(page(client, "/api/me/mutes", alice)["items"]) == ["bob"]
    unmuted = unmute(client, alice, "bob")
    assert (unmuted.status_code, unmuted.get_json()) == (200, {"muting": False})
    assert video in _ids(client, "/api/videos/following", alice)


def test_profile_flags_are_null_when_anonymous_and_false_for_yourself(client, alice, bob):
    follow_ok(client, bob, "alice")
    anonymous = get_user(client, "alice")
    for flag in ("follows_you", "is_blocking", "is_muting", "follow_requested", "is_following"):
        assert anonymous[flag] is None
    assert anonymous["is_private"] is False
    assert get_user(client, "bob", alice)["follows_you"] is True
    mine = get_user(client, "alice", alice)
    assert (mine["is_following"], mine["follows_you"], mine["is_blocking"]) == (False, False, False)
    me = client.get("/api/auth/me", headers=alice.headers).get_json()
    assert (me["is_private"], me["role"], me["accepted_terms_version"]) == (False, "user", None)


def test_an_upload_takes_its_visibility_from_the_form(client, alice, bob):
    data = {"file": (BytesIO(MP4), "clip.mp4", "video/mp4"), "visibility": "followers"}
    response = client.post(
        "/api/videos", data=data, content_type="multipart/form-data", headers=alice.headers
    )
    assert response.status_code == 201, response.get_json()
    video = response.get_json()
    assert video["visibility"] == "followers"
    assert_error(client.get(f"/api/videos/{video['id']}", headers=bob.headers), 404)
    bad = {"file": (BytesIO(MP4), "clip.mp4", "video/mp4"), "visibility": "everyone"}
    assert_invalid(
        client.post("/api/videos", data=bad, content_type="multipart/form-data", headers=alice.headers),
        "visibility",
        location="form",
    )


def test_is_private_must_be_a_json_boolean(client, alice):
    for value in (0, 1, "true", None):
        assert_invalid(
            client.patch("/api/auth/me", json={"is_private": value}, headers=alice.headers), "is_private"
        )

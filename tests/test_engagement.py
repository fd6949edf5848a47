"""Bookmarks and shares (API.md, "Engagement"): the endpoints, the Video fields they add,
their counters and the cost of the bookmarks list."""

from tests.helpers import (
    MISSING_ID,
    VIDEO_KEYS,
    assert_error,
    assert_invalid,
    follow_ok,
    get_video,
    page,
    post_video,
    walk_ids,
)


def bookmark(client, account, video_id):
    return client.post(f"/api/videos/{video_id}/bookmark", headers=account.headers)


def share(client, video_id, account=None, **body):
    headers = account.headers if account else {}
    if body:
        return client.post(f"/api/videos/{video_id}/shares", json=body, headers=headers)
    return client.post(f"/api/videos/{video_id}/shares", headers=headers)


# --- bookmarks --------------------------------------------------------------------------


def test_bookmarking_answers_201_then_200_and_keeps_one_bookmark(client, alice, bob, drift):
    video = post_video(client, alice, "keep")
    first = bookmark(client, bob, video)
    assert first.status_code == 201
    assert first.get_json() == {"bookmarked": True, "bookmark_count": 1}
    again = bookmark(client, bob, video)
    assert again.status_code == 200
    assert again.get_json() == {"bookmarked": True, "bookmark_count": 1}
    assert get_video(client, video, bob)["bookmarked_by_me"] is True
    assert get_video(client, video, alice)["bookmarked_by_me"] is False
    assert get_video(client, video)["bookmarked_by_me"] is None
    assert get_video(client, video)["bookmark_count"] == 1
    assert drift() == {}


def test_removing_a_bookmark_answers_200_and_is_idempotent(client, alice, bob, drift):
    video = post_video(client, alice)
    bookmark(client, bob, video)
    for _ in range(2):
        response = client.delete(f"/api/videos/{video}/bookmark", headers=bob.headers)
        assert response.status_code == 200
        assert response.get_json() == {"bookmarked": False, "bookmark_count": 0}
    assert get_video(client, video, bob)["bookmarked_by_me"] is False
    assert drift() == {}


def test_bookmarking_needs_a_token_and_an_existing_video(client, alice):
    assert_error(client.post(f"/api/videos/{MISSING_ID}/bookmark"), 401)
    assert_error(bookmark(client, alice, MISSING_ID), 404)
    assert_error(client.delete(f"/api/videos/{MISSING_ID}/bookmark", headers=alice.headers), 404)


def test_my_bookmarks_are_most_recently_bookmarked_first_and_private(client, alice, bob):
    videos = [post_video(client, alice, f"v{i}") for i in range(5)]
    for video in (videos[3], videos[0], videos[4], videos[1]):
        bookmark(client, bob, video)
    assert walk_ids(client, "/api/me/bookmarks", headers=bob.headers) == [
        videos[1],
        videos[4],
        videos[0],
        videos[3],
    ]
    body = page(client, "/api/me/bookmarks", headers=bob.headers)
    assert all(set(item) == VIDEO_KEYS for item in body["items"])
    assert all(item["bookmarked_by_me"] is True for item in body["items"])
    assert page(client, "/api/me/bookmarks", headers=alice.headers)["items"] == []
    assert_error(client.get("/api/me/bookmarks"), 401)


def test_a_deleted_video_leaves_the_bookmarks(client, alice, bob, drift):
    video = post_video(client, alice)
    bookmark(client, bob, video)
    assert client.delete(f"/api/videos/{video}", headers=alice.headers).status_code == 204
    assert page(client, "/api/me/bookmarks", headers=bob.headers)["items"] == []
    assert drift() == {}


def test_a_deleted_account_takes_its_bookmarks_out_of_the_counts(client, alice, bob, drift):
    from tests.helpers import PASSWORD

    video = post_video(client, alice)
    bookmark(client, bob, video)
    share(client, video, bob)
    response = client.delete("/api/auth/me", json={"password": PASSWORD}, headers=bob.headers)
    assert response.status_code == 204
    fetched = get_video(client, video)
    assert fetched["bookmark_count"] == 0
    assert fetched["share_count"] == 1  # shares stay counted
    assert drift() == {}


def test_the_bookmarks_page_costs_the_same_whatever_its_size_or_depth(client, alice, bob, count_queries):
    for i in range(25):
        bookmark(client, bob, post_video(client, alice, f"v{i}"))
    counts = {}
    for limit in (2, 20):
        with count_queries() as statements:
            assert len(page(client, "/api/me/bookmarks", headers=bob.headers, limit=limit)["items"]) == limit
        counts[limit] = len(statements)
    first = page(client, "/api/me/bookmarks", headers=bob.headers, limit=3)
    with count_queries() as statements:
        page(client, "/api/me/bookmarks", headers=bob.headers, limit=2, cursor=first["next_cursor"])
    counts["deep"] = len(statements)
    assert counts[2] == counts[20] == counts["deep"] <= 3, counts


# --- shares -----------------------------------------------------------------------------


def test_a_share_answers_204_and_counts_one_signed_in_or_not(client, alice, bob, drift):
    video = post_video(client, alice)
    assert share(client, video).status_code == 204
    assert share(client, video, bob, channel="whatsapp").status_code == 204
    assert share(client, video, bob).status_code == 204
    assert get_video(client, video)["share_count"] == 3
    assert drift() == {}


def test_a_share_checks_its_channel_and_its_video(client, alice):
    video = post_video(client, alice)
    assert_invalid(share(client, video, alice, channel="x" * 31), "channel")
    assert_invalid(share(client, video, alice, platform="x"), "platform")
    assert_error(share(client, MISSING_ID, alice), 404)
    assert get_video(client, video)["share_count"] == 0


# --- the Video fields -----------------------------------------------------------------


def test_is_following_author_is_the_viewers_and_false_on_their_own_videos(client, alice, bob, carol):
    video = post_video(client, alice)
    follow_ok(client, bob, "alice")
    assert get_video(client, video, bob)["is_following_author"] is True
    assert get_video(client, video, carol)["is_following_author"] is False
    assert get_video(client, video, alice)["is_following_author"] is False
    assert get_video(client, video)["is_following_author"] is None
    items = page(client, "/api/videos", headers=bob.headers)["items"]
    assert [item["is_following_author"] for item in items] == [True]

"""Comment likes, one comment by id, and pins (API.md, "Engagement")."""

from tests.helpers import (
    COMMENT_KEYS,
    MISSING_ID,
    PASSWORD,
    assert_error,
    assert_invalid,
    comment,
    page,
    post_video,
    walk_ids,
)


def like_comment(client, account, comment_id):
    return client.post(f"/api/comments/{comment_id}/like", headers=account.headers)


def get_comment(client, comment_id, account=None):
    response = client.get(f"/api/comments/{comment_id}", headers=account.headers if account else {})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def pin(client, account, comment_id):
    return client.post(f"/api/comments/{comment_id}/pin", headers=account.headers)


# --- GET /api/comments/{id} ---------------------------------------------------------------


def test_one_comment_by_id_has_the_comment_fields(client, alice, bob):
    video = post_video(client, alice)
    made = comment(client, bob, video, "hello")
    fetched = get_comment(client, made["id"])
    assert set(fetched) == COMMENT_KEYS
    assert fetched["body"] == "hello" and fetched["video_id"] == video
    assert (fetched["like_count"], fetched["liked_by_me"], fetched["pinned"]) == (0, None, False)
    assert get_comment(client, made["id"], bob)["liked_by_me"] is False
    assert made["liked_by_me"] is False and made["pinned"] is False
    assert_error(client.get(f"/api/comments/{MISSING_ID}"), 404)


def test_one_comment_by_id_is_one_statement_and_hides_what_its_video_hides(
    client, alice, bob, carol, count_queries
):
    video = post_video(client, alice)
    made = comment(client, bob, video, "hello")
    for account in (None, carol):
        with count_queries() as statements:
            get_comment(client, made["id"], account)
        # The comment with its author, the viewer's like and the visibility of its video;
        # a signed-in viewer adds the one statement of the token (its account and role).
        assert len(statements) == (1 if account is None else 2), statements
    assert client.post("/api/users/carol/block", headers=alice.headers).status_code == 201
    assert_error(client.get(f"/api/comments/{made['id']}", headers=carol.headers), 404)
    get_comment(client, made["id"], bob)  # the comment's author sees it


# --- comment likes ------------------------------------------------------------------------


def test_liking_a_comment_answers_201_then_200_and_counts_once(client, alice, bob, drift):
    video = post_video(client, alice)
    made = comment(client, alice, video)
    first = like_comment(client, bob, made["id"])
    assert first.status_code == 201
    assert first.get_json() == {"liked": True, "like_count": 1}
    again = like_comment(client, bob, made["id"])
    assert again.status_code == 200 and again.get_json() == {"liked": True, "like_count": 1}
    assert get_comment(client, made["id"], bob)["liked_by_me"] is True
    assert get_comment(client, made["id"], alice)["liked_by_me"] is False
    items = page(client, f"/api/videos/{video}/comments", headers=bob.headers)["items"]
    assert [(c["like_count"], c["liked_by_me"]) for c in items] == [(1, True)]
    assert drift() == {}


def test_unliking_a_comment_answers_200_and_is_idempotent(client, alice, bob, drift):
    video = post_video(client, alice)
    made = comment(client, alice, video)
    like_comment(client, bob, made["id"])
    for _ in range(2):
        response = client.delete(f"/api/comments/{made['id']}/like", headers=bob.headers)
        assert response.status_code == 200
        assert response.get_json() == {"liked": False, "like_count": 0}
    assert drift() == {}


def test_liking_a_comment_needs_a_token_and_an_existing_comment(client, alice):
    assert_error(client.post(f"/api/comments/{MISSING_ID}/like"), 401)
    assert_error(like_comment(client, alice, MISSING_ID), 404)
    assert_error(client.delete(f"/api/comments/{MISSING_ID}/like", headers=alice.headers), 404)


def test_replies_carry_their_likes_too(client, alice, bob):
    video = post_video(client, alice)
    top = comment(client, alice, video)
    reply = comment(client, bob, video, parent_id=top["id"])
    like_comment(client, alice, reply["id"])
    items = page(client, f"/api/comments/{top['id']}/replies", headers=alice.headers)["items"]
    assert [(c["like_count"], c["liked_by_me"]) for c in items] == [(1, True)]
    assert page(client, f"/api/comments/{top['id']}/replies")["items"][0]["liked_by_me"] is None


def test_a_deleted_account_takes_its_comment_likes_out_of_the_counts(client, alice, bob, drift):
    video = post_video(client, alice)
    made = comment(client, alice, video)
    like_comment(client, bob, made["id"])
    assert client.delete("/api/auth/me", json={"password": PASSWORD}, headers=bob.headers).status_code == 204
    assert get_comment(client, made["id"])["like_count"] == 0
    assert drift() == {}


# --- pins ---------------------------------------------------------------------------------


def test_the_owner_pins_a_comment_and_it_comes_first_once(client, alice, bob):
    video = post_video(client, alice)
    made = [comment(client, bob, video, f"c{i}")["id"] for i in range(5)]
    response = pin(client, alice, made[1])
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == COMMENT_KEYS and body["pinned"] is True
    order = walk_ids(client, f"/api/videos/{video}/comments", limit=2)
    assert order == [made[1], made[4], made[3], made[2], made[0]]
    first = page(client, f"/api/videos/{video}/comments", limit=2)["items"]
    assert [c["pinned"] for c in first] == [True, False]


def test_pinning_another_comment_unpins_the_first(client, alice, bob):
    video = post_video(client, alice)
    a, b = comment(client, bob, video, "a")["id"], comment(client, bob, video, "b")["id"]
    pin(client, alice, a)
    assert pin(client, alice, b).get_json()["pinned"] is True
    assert get_comment(client, a)["pinned"] is False
    assert walk_ids(client, f"/api/videos/{video}/comments") == [b, a]
    assert pin(client, alice, b).status_code == 200  # pinning it again changes nothing


def test_unpinning_puts_the_comment_back_in_time_order(client, alice, bob):
    video = post_video(client, alice)
    a, b = comment(client, bob, video, "a")["id"], comment(client, bob, video, "b")["id"]
    pin(client, alice, a)
    response = client.delete(f"/api/comments/{a}/pin", headers=alice.headers)
    assert response.status_code == 200 and response.get_json()["pinned"] is False
    assert walk_ids(client, f"/api/videos/{video}/comments") == [b, a]


def test_only_the_videos_owner_pins_and_only_top_level_comments(client, alice, bob):
    video = post_video(client, alice)
    top = comment(client, bob, video)["id"]
    reply = comment(client, bob, video, parent_id=top)["id"]
    assert_error(pin(client, bob, top), 403)
    assert_error(client.delete(f"/api/comments/{top}/pin", headers=bob.headers), 403)
    assert_invalid(pin(client, alice, reply), "comment_id", location="path")
    assert_error(pin(client, alice, MISSING_ID), 404)
    assert_error(client.post(f"/api/comments/{top}/pin"), 401)
    assert get_comment(client, top)["pinned"] is False


def test_a_pinned_comment_deleted_leaves_no_pin(client, alice, bob, drift):
    video = post_video(client, alice)
    a = comment(client, bob, video, "a")["id"]
    pin(client, alice, a)
    assert client.delete(f"/api/comments/{a}", headers=alice.headers).status_code == 204
    b = comment(client, bob, video, "b")["id"]
    assert pin(client, alice, b).status_code == 200
    assert drift() == {}


def test_a_cursor_of_the_comments_list_cannot_be_forged_from_a_boolean(client, alice, bob):
    video = post_video(client, alice)
    for i in range(3):
        comment(client, bob, video, f"c{i}")
    assert_invalid(
        client.get(f"/api/videos/{video}/comments", query_string={"cursor": "bogus"}), "cursor", "query"
    )


def test_comment_pages_cost_the_same_whatever_their_size_or_depth(client, alice, bob, count_queries):
    video = post_video(client, alice)
    made = [comment(client, bob, video, f"c{i}")["id"] for i in range(25)]
    pin(client, alice, made[3])
    for headers in (None, bob.headers):
        counts = {}
        for limit in (2, 20):
            with count_queries() as statements:
                page(client, f"/api/videos/{video}/comments", headers=headers, limit=limit)
            counts[limit] = len(statements)
        first = page(client, f"/api/videos/{video}/comments", headers=headers, limit=3)
        with count_queries() as statements:
            page(
                client, f"/api/videos/{video}/comments", headers=headers, limit=2, cursor=first["next_cursor"]
            )
        counts["deep"] = len(statements)
        assert counts[2] == counts[20] == counts["deep"] <= 3, counts

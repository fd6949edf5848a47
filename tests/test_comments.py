"""Comments against docs/API.md (Comments) and docs/SECURITY.md §1 (API1, API4): comments and
replies, their validation, order and counts, and who may delete them.

Every test that writes ends with ``assert drift() == {}``: each stored counter equals the
number of rows it counts.
"""

import pytest

from tests.helpers import (
    CLIP_URL,
    COMMENT_KEYS,
    MISSING_ID,
    SUMMARY_KEYS,
    assert_error,
    assert_invalid,
    comment,
    comment_count,
    no_private_fields,
    page,
    post_video,
    walk_items,
)

# --- comments and replies ----------------------------------------------------------


def test_commenting_answers_201_with_a_comment(client, alice, bob, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
    response = client.post(f"/api/videos/{video}/comments", json=payload, headers=alice.headers)
    assert_invalid(response, "body")
    assert comment_count(client, video) == 0
    assert page(client, f"/api/videos/{video}/comments")["items"] == []
    assert drift() == {}


@pytest.mark.parametrize("field", ["id", "author", "video_id", "reply_count", "created_at", "author_id"])
def test_a_comment_cannot_set_read_only_fields(client, alice, field, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    response = client.post(
        f"/api/videos/{video}/comments", json={"body": "hi", field: 1}, headers=alice.headers
    )
    assert_invalid(response, field)
    assert comment_count(client, video) == 0
    assert drift() == {}


def test_a_reply_answers_201_and_counts_on_its_parent(client, alice, bob, carol, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
    parent = comment(client, bob, video, "top")
    reply = comment(client, alice, video, "reply", parent_id=parent["id"])
    body = comment(client, bob, video, "nested", parent_id=reply["id"], expect=422)
    assert "parent_id" in body["errors"]["json"]
    assert comment_count(client, video) == 2
    assert drift() == {}


def test_replying_to_another_videos_comment_is_422(client, alice, bob, drift):
    video, other = (
        post_video(client, alice, "a video", CLIP_URL),
        post_video(client, alice, "a video", CLIP_URL),
    )
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
    video = post_video(client, alice, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
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
    video = post_video(client, alice, "a video", CLIP_URL)
    assert_error(client.post(f"/api/videos/{video}/comments", json={"body": "hi"}), 401)
    assert comment_count(client, video) == 0
    assert drift() == {}


def test_top_level_comments_are_newest_first(client, alice, bob, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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
    walked = walk_items(client, f"/api/videos/{video}/comments", limit=1)
    assert [item["id"] for item in walked] == [third["id"], second["id"], first["id"]]
    assert drift() == {}


def test_replies_are_oldest_first_with_the_parents_reply_count(client, alice, bob, carol, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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
    walked = walk_items(client, f"/api/comments/{parent['id']}/replies", limit=2)
    assert [item["id"] for item in walked] == [reply["id"] for reply in replies]
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert top[0]["reply_count"] == 5
    assert comment_count(client, video) == 6
    assert drift() == {}


def test_the_author_deletes_their_comment(client, alice, bob, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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
    """docs/SECURITY.md API1: C (the video's owner) deletes A's comment; the count drops by 1 + replies."""
    video = post_video(client, carol, "a video", CLIP_URL)
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
    """docs/SECURITY.md API1: B deletes A's comment on C's video: 403 and nothing changes."""
    video = post_video(client, carol, "a video", CLIP_URL)
    target = comment(client, alice, video, "mine")
    comment(client, carol, video, "reply", parent_id=target["id"])
    response = client.delete(f"/api/comments/{target['id']}", headers=bob.headers)
    assert_error(response, 403)
    assert comment_count(client, video) == 2
    top = page(client, f"/api/videos/{video}/comments")["items"]
    assert [(item["id"], item["reply_count"]) for item in top] == [(target["id"], 1)]
    assert drift() == {}


def test_a_replys_author_cannot_delete_the_parent(client, alice, bob, carol, drift):
    video = post_video(client, carol, "a video", CLIP_URL)
    parent = comment(client, alice, video, "parent")
    comment(client, bob, video, "reply", parent_id=parent["id"])
    assert_error(client.delete(f"/api/comments/{parent['id']}", headers=bob.headers), 403)
    assert comment_count(client, video) == 2
    assert drift() == {}


def test_deleting_an_unknown_comment_is_404(client, alice):
    assert_error(client.delete(f"/api/comments/{MISSING_ID}", headers=alice.headers), 404)


def test_deleting_a_comment_needs_a_token(client, alice, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    target = comment(client, alice, video)
    assert_error(client.delete(f"/api/comments/{target['id']}"), 401)
    assert comment_count(client, video) == 1
    assert drift() == {}


def test_deleting_a_reply_decrements_its_parents_reply_count(client, alice, bob, carol, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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


# --- counters after deletes --------------------------------------------------------


def test_deleting_a_comment_thread_keeps_every_counter_exact(client, alice, bob, carol, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
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

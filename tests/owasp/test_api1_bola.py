"""API1:2023 Broken Object Level Authorization (docs/SECURITY.md §1, API1 rows).

Rows proven elsewhere:
- B edits or deletes A's video: tests/test_videos.py::test_patch_by_another_user_is_403_and_changes_nothing
  and ::test_delete_by_another_user_is_403_and_keeps_everything (also repeated below as one flow).
- B deletes A's comment on C's video: tests/test_comments.py::test_a_third_user_cannot_delete_a_comment
- The video's owner deletes any comment:
  tests/test_comments.py::test_the_videos_owner_deletes_any_comment_with_its_replies
- Unlike acts only on the caller's row: tests/test_likes.py::test_unlike_removes_only_the_callers_like
"""

import io

from tests.helpers import MP4, VIDEO_URL, assert_error, comment, link


def test_b_cannot_patch_or_delete_as_video_and_it_stays_unchanged(client, alice, bob, drift):
    video = link(client, alice, "mine #a")
    assert_error(
        client.patch(f"/api/videos/{video['id']}", json={"caption": "pwned"}, headers=bob.headers), 403
    )
    assert_error(client.delete(f"/api/videos/{video['id']}", headers=bob.headers), 403)
    after = client.get(f"/api/videos/{video['id']}").get_json()
    assert after["caption"] == "mine #a" and after["hashtags"] == ["a"]
    assert after["updated_at"] == video["updated_at"]
    assert drift() == {}


def test_unfollow_acts_only_on_the_callers_own_row(client, alice, bob, carol, drift):
    for account in (alice, carol):
        assert client.post("/api/users/bob/follow", headers=account.headers).status_code == 201
    response = client.delete("/api/users/bob/follow", headers=carol.headers)
    assert response.status_code == 200
    followers = client.get("/api/users/bob/followers").get_json()["items"]
    assert [user["username"] for user in followers] == ["alice"]
    assert client.get("/api/users/bob").get_json()["followers_count"] == 1
    assert drift() == {}


def test_unlike_leaves_the_other_like_and_the_count(client, alice, bob, carol, drift):
    video = link(client, carol, "clip")
    for account in (alice, bob):
        client.post(f"/api/videos/{video['id']}/like", headers=account.headers)
    response = client.delete(f"/api/videos/{video['id']}/like", headers=bob.headers)
    assert response.get_json() == {"liked": False, "like_count": 1}
    likers = client.get(f"/api/videos/{video['id']}/likes").get_json()["items"]
    assert [user["username"] for user in likers] == ["alice"]
    assert drift() == {}


def test_no_write_takes_a_user_id_from_the_body(client, alice, bob, drift):
    """The author is always the token's user: author_id (or user_id) in a body is a 422."""
    for field in ("author_id", "user_id"):
        payload = {"video_url": VIDEO_URL, field: bob.id}
        body = assert_error(client.post("/api/videos", json=payload, headers=alice.headers), 422)
        assert field in body["errors"]["json"]
    form = {"file": (io.BytesIO(MP4), "clip.mp4", "video/mp4"), "author_id": str(bob.id)}
    response = client.post(
        "/api/videos", data=form, headers=alice.headers, content_type="multipart/form-data"
    )
    assert_error(response, 422)
    video = link(client, alice, "clip")
    body = {"body": "hi", "author_id": bob.id}
    assert_error(client.post(f"/api/videos/{video['id']}/comments", json=body, headers=alice.headers), 422)
    assert client.get("/api/users/bob").get_json()["video_count"] == 0
    assert client.get(f"/api/videos/{video['id']}").get_json()["comment_count"] == 0
    assert drift() == {}


def test_owner_of_the_video_deletes_a_thread_and_the_count_drops_by_all_of_it(
    client, alice, bob, carol, drift
):
    video = link(client, carol, "clip")
    thread = comment(client, alice, video["id"], "first")
    comment(client, bob, video["id"], "re 1", parent_id=thread["id"])
    comment(client, alice, video["id"], "re 2", parent_id=thread["id"])
    assert client.delete(f"/api/comments/{thread['id']}", headers=carol.headers).status_code == 204
    assert client.get(f"/api/videos/{video['id']}").get_json()["comment_count"] == 0
    assert client.get(f"/api/comments/{thread['id']}/replies").status_code == 404
    assert drift() == {}

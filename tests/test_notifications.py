"""Notifications (API.md, "Notifications"): who is told of what, once; the inbox, the
unread count and marking read; what a deletion takes with it; mentions; the prune."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Notification
from app.models.base import utcnow
from app.models.video import parse_mentions
from tests.helpers import (
    PASSWORD,
    SUMMARY_KEYS,
    assert_error,
    assert_invalid,
    comment,
    follow_ok,
    like_ok,
    page,
    post_video,
    set_role,
    set_visibility,
    unlike_ok,
    walk_items,
)

NOTIFICATION_KEYS = {"id", "type", "actor", "video", "comment", "read", "created_at"}


def inbox(client, account, **query):
    return page(client, "/api/notifications", headers=account.headers, **query)["items"]


def kinds(client, account, **query):
    return [(n["type"], n["actor"] and n["actor"]["username"]) for n in inbox(client, account, **query)]


def unread(client, account):
    response = client.get("/api/notifications/unread-count", headers=account.headers)
    assert response.status_code == 200
    return response.get_json()["count"]


def mark_read(client, account, **body):
    if body:
        return client.post("/api/notifications/read", json=body, headers=account.headers)
    return client.post("/api/notifications/read", headers=account.headers)


# --- producers ----------------------------------------------------------------------------


def test_a_like_notifies_the_author_once_even_after_an_unlike(client, alice, bob):
    video = post_video(client, alice, "clip")
    like_ok(client, bob, video)
    unlike_ok(client, bob, video)
    like_ok(client, bob, video)
    items = inbox(client, alice)
    assert [(n["type"], n["actor"]["username"], n["video"]["id"]) for n in items] == [("like", "bob", video)]
    assert set(items[0]) == NOTIFICATION_KEYS
    assert set(items[0]["actor"]) == SUMMARY_KEYS
    assert set(items[0]["video"]) == {"id", "thumbnail_url", "caption"}
    assert items[0]["video"]["caption"] == "clip"
    assert items[0]["comment"] is None and items[0]["read"] is False


def test_nobody_is_notified_of_their_own_actions(client, alice):
    video = post_video(client, alice, "me @alice")
    like_ok(client, alice, video)
    top = comment(client, alice, video, "mine @alice")
    comment(client, alice, video, "again", parent_id=top["id"])
    client.post(f"/api/comments/{top['id']}/like", headers=alice.headers)
    assert inbox(client, alice) == []
    assert unread(client, alice) == 0


def test_comments_replies_and_comment_likes_notify_the_right_people(client, alice, bob, carol):
    video = post_video(client, alice)
    top = comment(client, bob, video, "first")
    assert kinds(client, alice) == [("comment", "bob")]
    assert inbox(client, alice)[0]["comment"] == {"id": top["id"], "body": "first"}
    comment(client, carol, video, "answer", parent_id=top["id"])
    assert kinds(client, bob) == [("reply", "carol")]
    assert kinds(client, alice) == [("comment", "carol"), ("comment", "bob")]
    client.post(f"/api/comments/{top['id']}/like", headers=carol.headers)
    client.delete(f"/api/comments/{top['id']}/like", headers=carol.headers)
    client.post(f"/api/comments/{top['id']}/like", headers=carol.headers)
    assert kinds(client, bob) == [("comment_like", "carol"), ("reply", "carol")]


def test_a_reply_to_the_videos_author_is_one_notification(client, alice, bob):
    video = post_video(client, alice)
    top = comment(client, alice, video, "mine")
    comment(client, bob, video, "yes", parent_id=top["id"])
    assert kinds(client, alice) == [("reply", "bob")]


def test_a_follow_notifies_once(client, alice, bob):
    follow_ok(client, bob, "alice")
    client.delete("/api/users/alice/follow", headers=bob.headers)
    follow_ok(client, bob, "alice")
    items = inbox(client, alice)
    assert [(n["type"], n["actor"]["username"], n["video"], n["comment"]) for n in items] == [
        ("follow", "bob", None, None)
    ]


# --- mentions -----------------------------------------------------------------------------


def test_mentions_in_a_caption_and_a_comment_notify_without_regard_to_case(client, alice, bob, carol):
    video = post_video(client, alice, "with @BOB and @bob and @Carol, @nobody")
    assert kinds(client, bob) == [("mention", "alice")]
    assert kinds(client, carol) == [("mention", "alice")]
    made = comment(client, bob, video, "thanks @carol.")
    items = inbox(client, carol)
    assert [(n["type"], n["actor"]["username"]) for n in items] == [("mention", "bob"), ("mention", "alice")]
    assert items[0]["comment"]["id"] == made["id"] and items[0]["video"]["id"] == video


def test_a_caption_edit_notifies_only_the_newly_mentioned(client, alice, bob, carol):
    video = post_video(client, alice, "hi @bob")
    client.patch(f"/api/videos/{video}", json={"caption": "hi @bob and @carol"}, headers=alice.headers)
    assert kinds(client, bob) == [("mention", "alice")]
    assert kinds(client, carol) == [("mention", "alice")]


def test_a_mentioned_video_author_is_told_once_of_a_comment(client, alice, bob):
    video = post_video(client, alice)
    comment(client, bob, video, "look @alice")
    assert kinds(client, alice) == [("comment", "bob")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@Alice @alice @ALICE", ["alice"]),
        ("mail bob@example.com", []),
        ("end @bob.", ["bob"]),
        ("@a @b.c_d @" + "x" * 30, ["b.c_d", "x" * 24]),
        ("(@Élodie)", ["élodie"]),
    ],
)
def test_the_mention_parser(text, names):
    assert parse_mentions(text) == names


# --- the inbox ---------------------------------------------------------------------------


def test_the_inbox_is_newest_first_and_pages_each_notification_once(client, alice, register):
    fans = [register(f"fan{i}") for i in range(5)]
    for fan in fans:
        follow_ok(client, fan, "alice")
    items = walk_items(client, "/api/notifications", alice, limit=2)
    assert [n["actor"]["username"] for n in items] == [f"fan{i}" for i in reversed(range(5))]


def test_unread_count_and_marking_some_or_all_read(client, alice, bob, carol):
    video = post_video(client, alice)
    like_ok(client, bob, video)
    like_ok(client, carol, video)
    follow_ok(client, bob, "alice")
    assert unread(client, alice) == 3
    newest = inbox(client, alice)[0]["id"]
    assert mark_read(client, alice, ids=[newest]).status_code == 204
    assert unread(client, alice) == 2
    assert [n["read"] for n in inbox(client, alice)] == [True, False, False]
    assert [n["id"] for n in inbox(client, alice, unread="true")] == [n["id"] for n in inbox(client, alice)][
        1:
    ]
    assert mark_read(client, alice).status_code == 204
    assert unread(client, alice) == 0
    assert inbox(client, alice, unread="true") == []
    assert len(inbox(client, alice)) == 3


def test_marking_read_touches_only_your_own(client, alice, bob):
    video = post_video(client, alice)
    like_ok(client, bob, video)
    theirs = inbox(client, alice)[0]["id"]
    assert mark_read(client, bob, ids=[theirs]).status_code == 204
    assert unread(client, alice) == 1


def test_the_notification_endpoints_check_their_input(client, alice):
    for body in ({"ids": []}, {"ids": ["x"]}, {"ids": [0]}, {"ids": list(range(1, 102))}):
        assert_invalid(mark_read(client, alice, **body), "ids")
    assert_invalid(mark_read(client, alice, other=1), "other")
    assert_invalid(client.get("/api/notifications?unread=maybe", headers=alice.headers), "unread", "query")
    for path in ("/api/notifications", "/api/notifications/unread-count"):
        assert_error(client.get(path), 401)
    assert_error(client.post("/api/notifications/read"), 401)


def test_the_unread_count_stops_at_99(app, client, alice, bob):
    with app.app_context():
        now = utcnow()
        db.session.execute(
            sa.insert(Notification),
            [
                {
                    "recipient_id": alice.id,
                    "type": "follow",
                    "actor_id": bob.id,
                    "cause": f"x{i}",
                    "created_at": now,
                }
                for i in range(105)
            ],
        )
        db.session.commit()
    assert unread(client, alice) == 99


def test_inbox_pages_cost_the_same_whatever_their_size_or_depth(client, alice, register, count_queries):
    video = post_video(client, alice)
    for i in range(25):
        fan = register(f"fan{i:02d}")
        like_ok(client, fan, video)
        comment(client, fan, video, "hi")
    for query in ({}, {"unread": "true"}):
        counts = {}
        for limit in (2, 20):
            with count_queries() as statements:
                assert (
                    len(
                        page(client, "/api/notifications", headers=alice.headers, limit=limit, **query)[
                            "items"
                        ]
                    )
                    == limit
                )
            counts[limit] = len(statements)
        first = page(client, "/api/notifications", headers=alice.headers, limit=3, **query)
        with count_queries() as statements:
            page(
                client,
                "/api/notifications",
                headers=alice.headers,
                limit=2,
                cursor=first["next_cursor"],
                **query,
            )
        counts["deep"] = len(statements)
        assert counts[2] == counts[20] == counts["deep"] <= 3, counts
    with count_queries() as statements:
        unread(client, alice)
    assert len(statements) <= 2


# --- deletions take what they caused -------------------------------------------------------


def test_deleting_a_comment_a_video_or_an_account_takes_its_notifications(client, alice, bob, carol):
    video = post_video(client, alice)
    made = comment(client, bob, video, "hi @carol")
    assert client.delete(f"/api/comments/{made['id']}", headers=bob.headers).status_code == 204
    assert inbox(client, alice) == [] and inbox(client, carol) == []
    like_ok(client, bob, video)
    assert client.delete(f"/api/videos/{video}", headers=alice.headers).status_code == 204
    assert inbox(client, alice) == []
    follow_ok(client, carol, "alice")
    assert (
        client.delete("/api/auth/me", json={"password": PASSWORD}, headers=carol.headers).status_code == 204
    )
    assert inbox(client, alice) == []
    assert unread(client, alice) == 0


# --- media processing ------------------------------------------------------------------------


def test_processing_outcomes_notify_the_author_once(app, client, alice, bob):
    from app.videos.tasks import _finish

    with app.app_context():
        from app.models import Video

        ready = Video(author_id=alice.id, caption="for @bob", storage_key="a.mp4", status="processing")
        failed = Video(author_id=alice.id, caption="", storage_key="b.mp4", status="processing")
        db.session.add_all([ready, failed])
        db.session.commit()
        ready_id, failed_id = ready.id, failed.id
        assert _finish(ready_id, status="ready") == "ready"
        assert _finish(failed_id, status="failed", processing_error="bad") == "failed"
        assert _finish(failed_id, status="failed") is None  # done already: no second notification
    items = inbox(client, alice)
    assert [(n["type"], n["actor"], n["video"]["id"]) for n in items] == [
        ("video_failed", None, failed_id),
        ("video_ready", None, ready_id),
    ]
    # The caption's mention lands once the video is ready for others to see.
    assert kinds(client, bob) == [("mention", "alice")]


# --- the prune ------------------------------------------------------------------------------


def test_prune_deletes_old_read_notifications_only(app, client, alice, bob, carol):
    video = post_video(client, alice)
    like_ok(client, bob, video)
    like_ok(client, carol, video)
    ids = [n["id"] for n in inbox(client, alice)]
    mark_read(client, alice, ids=[ids[1]])
    with app.app_context():
        old = utcnow() - timedelta(days=app.config["NOTIFICATION_RETENTION_DAYS"] + 1)
        db.session.execute(sa.update(Notification).values(created_at=old))
        db.session.execute(sa.update(Notification).where(Notification.id == ids[1]).values(read_at=old))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["notifications", "prune"])
    assert result.exit_code == 0, result.output
    assert "1 read notification(s)" in result.output
    assert [n["id"] for n in inbox(client, alice)] == [ids[0]]


# --- the visibility rule (app/visibility.py) ----------------------------------------------


def test_nothing_arrives_from_a_muted_or_blocked_account(client, alice, bob, carol):
    video = post_video(client, alice, "clip")
    assert client.post("/api/users/bob/mute", headers=alice.headers).status_code == 201
    like_ok(client, bob, video)  # a mute hides the account's notifications, not its likes
    assert kinds(client, alice) == [] and unread(client, alice) == 0
    assert client.post("/api/users/alice/block", headers=carol.headers).status_code == 201
    post_video(client, alice, "hi @carol")  # carol blocks alice: no mention reaches her
    assert kinds(client, carol) == []


def test_a_block_after_the_fact_hides_what_the_account_caused(client, alice, bob):
    video = post_video(client, alice, "clip")
    comment(client, bob, video, "nice")
    assert kinds(client, alice) == [("comment", "bob")] and unread(client, alice) == 1
    assert client.post("/api/users/bob/block", headers=alice.headers).status_code == 201
    assert kinds(client, alice) == [] and unread(client, alice) == 0
    assert client.delete("/api/users/bob/block", headers=alice.headers).status_code == 200
    assert kinds(client, alice) == [("comment", "bob")]


def test_a_mention_in_a_video_the_mentioned_cannot_see_is_not_sent(client, alice, bob):
    response = client.post(
        "/api/videos",
        json={"video_url": "https://cdn.example.com/v.mp4", "caption": "for me only @bob"},
        headers=alice.headers,
    )
    video_id = response.get_json()["id"]
    patched = client.patch(f"/api/videos/{video_id}", json={"visibility": "private"}, headers=alice.headers)
    assert patched.status_code == 200
    # Sent while public, then hidden with the video: the inbox follows the rule as it is now.
    assert kinds(client, bob) == [] and unread(client, bob) == 0


def test_a_comment_removed_by_a_moderator_leaves_the_inboxes_it_reached(app, client, alice, bob, carol):
    set_role(app, "carol", "moderator")
    video = post_video(client, alice)
    made = comment(client, bob, video, "mean")
    assert kinds(client, alice) == [("comment", "bob")]
    removal = f"/api/moderation/comments/{made['id']}/removal"
    assert client.post(removal, json={"reason": "Mean."}, headers=carol.headers).status_code == 200
    # Its body is in the item: hidden with the comment, as the comment is from alice.
    assert kinds(client, alice) == [] and unread(client, alice) == 0
    assert client.delete(removal, headers=carol.headers).status_code == 200
    assert kinds(client, alice) == [("comment", "bob")]


def test_what_is_about_your_own_video_stays_in_every_status_of_it(app, client, alice, bob, carol):
    # The count and the inbox skip the video probe for these types (ABOUT_OWN_VIDEO): the
    # video is the recipient's, whom no status of it hides it from.
    from app.models import Video
    from app.models.notification import ABOUT_OWN_VIDEO

    set_role(app, "carol", "moderator")
    video = post_video(client, alice, "mine")
    like_ok(client, bob, video)
    comment(client, bob, video, "nice")
    set_visibility(client, alice, video, "private")
    assert (
        client.post(
            f"/api/moderation/videos/{video}/removal", json={"reason": "No."}, headers=carol.headers
        ).status_code
        == 200
    )
    assert kinds(client, alice) == [("content_removed", None), ("comment", "bob"), ("like", "bob")]
    assert unread(client, alice) == 3
    # Every producer keeps the invariant the shortcut rests on.
    with app.app_context():
        others = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .join(Video, Video.id == Notification.video_id)
            .where(Notification.type.in_(ABOUT_OWN_VIDEO), Video.author_id != Notification.recipient_id)
        )
        assert others == 0

"""``flask recount`` and ``flask recount --check`` (app/counters.py), through the CLI runner."""

import sqlalchemy as sa

from app.counters import find_drift
from app.extensions import db
from app.models import Comment, User, Video
from tests.helpers import comment, link

COUNTERS = {
    "users.followers_count",
    "users.following_count",
    "users.video_count",
    "users.like_count",
    "videos.like_count",
    "videos.comment_count",
    "comments.reply_count",
    # v2: engagement
    "videos.share_count",
    "videos.bookmark_count",
    "comments.like_count",
    # v2: each tag's public, ready videos, and whether each video is counted in them
    "hashtags.video_count",
    "videos.tag_counted",
}
# Rows a block or privacy rules out (v2): follows and follow requests between blocked
# accounts, requests already followed or to public accounts.
INVARIANTS = {
    "follows.between_blocked",
    "follow_requests.between_blocked",
    "follow_requests.already_following",
    "follow_requests.to_public",
}


def _some_activity(client, alice, bob):
    video = link(client, alice, "clip")
    client.post(f"/api/videos/{video['id']}/like", headers=bob.headers)
    thread = comment(client, bob, video["id"], "hi")
    comment(client, alice, video["id"], "hi", parent_id=thread["id"])
    client.post("/api/users/alice/follow", headers=bob.headers)
    client.post(f"/api/videos/{video['id']}/bookmark", headers=bob.headers)
    client.post(f"/api/videos/{video['id']}/shares", headers=bob.headers)
    client.post(f"/api/comments/{thread['id']}/like", headers=alice.headers)
    return video, thread


def _break(app, video_id, thread_id):
    """Counters that no longer match their rows, as manual SQL or a bad restore leaves them."""
    with app.app_context():
        db.session.execute(
            sa.update(Video)
            .where(Video.id == video_id)
            .values(like_count=7, comment_count=0, share_count=3, bookmark_count=0)
        )
        db.session.execute(sa.update(User).where(User.username_key == "alice").values(followers_count=4))
        db.session.execute(sa.update(User).where(User.username_key == "bob").values(following_count=9))
        db.session.execute(
            sa.update(Comment).where(Comment.id == thread_id).values(reply_count=5, like_count=2)
        )
        db.session.commit()


def test_check_passes_when_every_counter_agrees(app, client, alice, bob):
    _some_activity(client, alice, bob)
    result = app.test_cli_runner().invoke(args=["recount", "--check"])
    assert result.exit_code == 0, result.output
    assert "All counters agree" in result.output
    for name in COUNTERS:
        assert f"{name}" in result.output


def test_check_exits_non_zero_on_drift_and_changes_nothing(app, client, alice, bob):
    video, thread = _some_activity(client, alice, bob)
    _break(app, video["id"], thread["id"])
    result = app.test_cli_runner().invoke(args=["recount", "--check"])
    assert result.exit_code == 1, result.output
    assert "videos.like_count        1 row(s) off" in result.output
    assert "users.video_count        0 row(s) off" in result.output
    assert client.get(f"/api/videos/{video['id']}").get_json()["like_count"] == 7  # only reported


def test_recount_fixes_a_broken_counter_and_check_then_passes(app, client, alice, bob, drift):
    video, thread = _some_activity(client, alice, bob)
    _break(app, video["id"], thread["id"])
    assert set(drift()) == {
        "videos.like_count",
        "videos.comment_count",
        "users.followers_count",
        "users.following_count",
        "comments.reply_count",
        "videos.share_count",
        "videos.bookmark_count",
        "comments.like_count",
    }
    runner = app.test_cli_runner()
    result = runner.invoke(args=["recount"])
    assert result.exit_code == 0, result.output
    assert "videos.like_count        1 row(s) fixed" in result.output
    assert "users.video_count        0 row(s) fixed" in result.output
    assert drift() == {}
    body = client.get(f"/api/videos/{video['id']}").get_json()
    assert (body["like_count"], body["comment_count"]) == (1, 2)
    assert (body["share_count"], body["bookmark_count"]) == (1, 1)
    assert client.get("/api/users/alice").get_json()["followers_count"] == 1
    assert runner.invoke(args=["recount", "--check"]).exit_code == 0
    # Running it again changes nothing.
    assert "1 row(s) fixed" not in runner.invoke(args=["recount"]).output


def test_find_drift_is_one_sql_statement(app, client, alice, bob, count_queries):
    _some_activity(client, alice, bob)
    with app.app_context(), count_queries() as statements:
        drift = find_drift(db.session)
    assert set(drift) == COUNTERS | INVARIANTS and not any(drift.values())
    assert len(statements) == 1, statements


def test_recount_finds_and_removes_follows_and_requests_a_block_or_privacy_rules_out(
    app, client, alice, bob, carol, drift
):
    from app.models import Block, Follow, FollowRequest

    client.post("/api/users/alice/follow", headers=bob.headers)
    client.post("/api/users/bob/block", headers=alice.headers)  # ends bob's follow
    with app.app_context():
        # What manual SQL or a bad restore could leave: a follow between blocked accounts
        # (counted), a request to a public account, a request already followed.
        db.session.add(Follow(follower_id=bob.id, followee_id=alice.id))
        db.session.execute(sa.update(User).where(User.id == alice.id).values(followers_count=1))
        db.session.execute(sa.update(User).where(User.id == bob.id).values(following_count=1))
        db.session.add(FollowRequest(requester_id=carol.id, target_id=bob.id))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Block)) == 1
    runner = app.test_cli_runner()
    check = runner.invoke(args=["recount", "--check"])
    assert check.exit_code == 1, check.output
    assert "follows.between_blocked  1 row(s) off" in check.output
    assert "follow_requests.to_public 1 row(s) off" in check.output
    fixed = runner.invoke(args=["recount"])
    assert fixed.exit_code == 0, fixed.output
    assert drift() == {}
    assert client.get("/api/users/alice").get_json()["followers_count"] == 0
    assert runner.invoke(args=["recount", "--check"]).exit_code == 0

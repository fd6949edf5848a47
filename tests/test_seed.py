"""``flask seed``: sizes, determinism, row rules, counters, refusal and rollback."""

import re

import pytest
import sqlalchemy as sa

from app.commands import seed_data
from app.counters import find_drift
from app.extensions import db
from app.models import (
    Bookmark,
    Comment,
    CommentLike,
    Follow,
    Hashtag,
    Like,
    Notification,
    Share,
    User,
    Video,
    VideoHashtag,
)

SMALL = ["--users", "50", "--videos", "200", "--likes", "500", "--comments", "100", "--follows", "100"]
HASHTAG = re.compile(r"#(\w{1,100})")
USERNAME = re.compile(r"^[\w.]{2,24}$")


def seed(app, *args):
    return app.test_cli_runner().invoke(args=["seed", *args])


def counts(app):
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (User, Video, Like, Comment, Follow)
        }


def snapshot(app):
    with app.app_context():
        rows = db.session.execute
        return {
            "users": rows(sa.select(User.id, User.username, User.bio).order_by(User.id)).all(),
            "videos": rows(sa.select(Video.id, Video.author_id, Video.caption).order_by(Video.id)).all(),
            "likes": rows(sa.select(Like.user_id, Like.video_id).order_by(Like.user_id, Like.video_id)).all(),
            "follows": rows(
                sa.select(Follow.follower_id, Follow.followee_id).order_by(Follow.follower_id)
            ).all(),
            "comments": rows(
                sa.select(Comment.id, Comment.parent_id, Comment.body).order_by(Comment.id)
            ).all(),
        }


def assert_no_drift(app):
    with app.app_context():
        assert {name: rows for name, rows in find_drift(db.session).items() if rows} == {}


def test_demo_preset_is_small_consistent_and_prints_logins(app, client):
    result = seed(app)

    assert result.exit_code == 0, result.output
    assert counts(app) == {"users": 30, "videos": 120, "likes": 400, "comments": 200, "follows": 100}
    assert_no_drift(app)
    for username, password, _ in seed_data.DEMO_ACCOUNTS:
        assert f"{username}" in result.output and password in result.output
    assert seed_data.OTHER_PASSWORD in result.output
    login = client.post("/api/auth/login", json={"login": "demo", "password": "demo-password-1"})
    assert login.status_code == 200, login.get_json()
    # Every engagement table has rows, and the demo user has an inbox.
    with app.app_context():
        for model in (Bookmark, Share, CommentLike, Notification):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(model)), model
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    inbox = client.get("/api/notifications", headers=headers).get_json()["items"]
    assert inbox and all(n["actor"] for n in inbox)
    assert 0 < client.get("/api/notifications/unread-count", headers=headers).get_json()["count"] <= 15
    assert client.get("/api/hashtags/trending").status_code == 200


def test_custom_sizes_are_exact_and_follow_the_row_rules(app):
    result = seed(app, *SMALL)

    assert result.exit_code == 0, result.output
    assert counts(app) == {"users": 50, "videos": 200, "likes": 500, "comments": 100, "follows": 100}
    assert_no_drift(app)
    with app.app_context():
        users = db.session.scalars(sa.select(User)).all()
        assert len({user.username_key for user in users}) == 50
        assert len({user.email_key for user in users}) == 50
        for user in users:
            assert USERNAME.match(user.username) and user.username_key == user.username.lower()
            assert user.email_key == user.email.lower()
            assert len(user.display_name) <= 30 and len(user.bio) <= 80
            assert user.created_at is not None
        videos = {video.id: video for video in db.session.scalars(sa.select(Video))}
        for video in videos.values():
            assert video.storage_key is None
            assert video.video_url.startswith("http://127.0.0.1:5000/media/sample-")
            assert len(video.caption) <= 2200
            assert video.hot_score == pytest.approx(
                Video.initial_hot_score(
                    video.created_at, video.like_count, video.comment_count, video.view_count
                )
            )
        for like in db.session.scalars(sa.select(Like)):
            assert like.created_at > videos[like.video_id].created_at
        for comment in db.session.scalars(sa.select(Comment)):
            assert 1 <= len(comment.body) <= 150
            assert comment.created_at > videos[comment.video_id].created_at
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(Follow.follower_id == Follow.followee_id)) == 0
        )


def test_same_seed_gives_the_same_data(app):
    assert seed(app, *SMALL, "--random-seed", "7").exit_code == 0
    first = snapshot(app)

    assert seed(app, *SMALL, "--random-seed", "7", "--reset").exit_code == 0
    assert snapshot(app) == first

    assert seed(app, *SMALL, "--random-seed", "8", "--reset").exit_code == 0
    assert snapshot(app)["videos"] != first["videos"]


def test_every_caption_hashtag_is_linked(app):
    assert seed(app, *SMALL).exit_code == 0

    with app.app_context():
        names = db.session.scalars(sa.select(Hashtag.name)).all()
        assert names and all(name == name.lower() for name in names)
        linked = {}
        for video_id, name in db.session.execute(
            sa.select(VideoHashtag.video_id, Hashtag.name).join(Hashtag)
        ):
            linked.setdefault(video_id, set()).add(name)
        for video_id, caption in db.session.execute(sa.select(Video.id, Video.caption)):
            assert linked.get(video_id, set()) == {tag.lower() for tag in HASHTAG.findall(caption)}


def test_replies_sit_under_a_top_level_comment_of_the_same_video(app):
    assert seed(app, "--comments", "300").exit_code == 0

    with app.app_context():
        comments = {comment.id: comment for comment in db.session.scalars(sa.select(Comment))}
    replies = [comment for comment in comments.values() if comment.parent_id is not None]
    assert replies
    for reply in replies:
        parent = comments[reply.parent_id]
        assert parent.parent_id is None
        assert parent.video_id == reply.video_id
        assert reply.created_at > parent.created_at


def test_sample_clips_are_copied_to_the_media_root(app, tmp_media):
    assert seed(app).exit_code == 0

    for name in seed_data.SAMPLE_CLIPS:
        assert (tmp_media / name).stat().st_size > 0


def test_if_empty_skips_a_database_with_data(app):
    assert seed(app, *SMALL).exit_code == 0
    before = snapshot(app)

    result = seed(app, "--if-empty")

    assert result.exit_code == 0
    assert "not seeding" in result.output
    assert snapshot(app) == before
    # `make run` prints the demo logins on every start, not only the first.
    for username, password, _ in seed_data.DEMO_ACCOUNTS:
        assert f"{username:<10} {password}" in result.output


def test_refuses_a_database_with_data_without_reset(app):
    assert seed(app, *SMALL).exit_code == 0
    before = snapshot(app)

    result = seed(app)

    assert result.exit_code == 1
    assert "--reset" in result.output
    assert snapshot(app) == before


def test_impossible_sizes_are_a_usage_error(app):
    result = seed(app, "--users", "3", "--follows", "7")

    assert result.exit_code == 2
    assert "--follows can be at most 6" in result.output


def schema(app):
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            sql = "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
        else:
            sql = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY 1"
        return db.session.execute(sa.text(sql)).scalars().all()


def test_interruption_leaves_the_database_as_it_was(app, monkeypatch):
    assert seed(app, *SMALL).exit_code == 0
    before, indexes = snapshot(app), schema(app)
    real_comment_rows = seed_data.World.comment_rows

    def interrupted(world, cells):
        rows = real_comment_rows(world, cells)
        yield next(rows)
        raise KeyboardInterrupt

    monkeypatch.setattr(seed_data.World, "comment_rows", interrupted)

    result = seed(app, "--reset", "--random-seed", "9")

    assert result.exit_code == 1
    assert "rolled back" in result.output
    assert snapshot(app) == before
    assert schema(app) == indexes
    assert_no_drift(app)


def test_process_media_seeds_uploads_that_go_through_the_pipeline(app, client, tmp_media):
    tiny = ["--users", "10", "--videos", "6", "--likes", "10", "--comments", "6", "--follows", "10"]
    result = seed(app, *tiny, "--process-media")
    assert result.exit_code == 0, result.output
    videos = client.get("/api/videos").get_json()["items"]
    assert len(videos) == 6
    for video in videos:
        assert video["status"] == "ready"
        assert video["thumbnail_url"] and video["video_url"].endswith("-rendition.mp4")
        assert video["duration"] > 0 and video["width"] and video["height"]
    check = app.test_cli_runner().invoke(args=["media", "check"])
    assert check.exit_code == 0, check.output
    assert_no_drift(app)


def test_the_demo_has_a_moderator_and_something_to_moderate(app, client):
    result = seed(app)
    assert result.exit_code == 0, result.output
    assert "moderator-password-1" in result.output
    login = client.post("/api/auth/login", json={"login": "moderator", "password": "moderator-password-1"})
    assert login.status_code == 200, login.get_json()
    assert login.get_json()["user"]["role"] == "moderator"
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    queue = client.get("/api/moderation/reports", headers=headers).get_json()["items"]
    assert queue and all(item["status"] == "open" for item in queue)
    bob = client.post("/api/auth/login", json={"login": "bob", "password": "bob-password-1"}).get_json()
    assert bob["user"]["is_private"] is True
    alice = client.post("/api/auth/login", json={"login": "alice", "password": "alice-password-1"}).get_json()
    blocks = client.get("/api/me/blocks", headers={"Authorization": f"Bearer {alice['access_token']}"})
    assert len(blocks.get_json()["items"]) == 3
    assert_no_drift(app)

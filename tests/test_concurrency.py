"""Counters stay exact under concurrent requests (docs/API.md Counters, docs/SECURITY.md §4).

PostgreSQL only: SQLite serialises writers, so races cannot happen there. Each thread has
its own test client (and so its own app context, session and connection); a
``threading.Barrier`` releases them together. Every test ends with ``drift() == {}``.
"""

import random
import threading
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Block, Comment, Follow, FollowRequest, Like
from tests.helpers import (
    PASSWORD,
    all_items,
    approve_call,
    block_call,
    bookmark_call,
    comment_like_call,
    comment_unlike_call,
    follow_call,
    get_user,
    get_video,
    like_call,
    post_video,
    register_many,
    run_together,
    share_call,
    unbookmark_call,
    unfollow_call,
    unlike_call,
)

# The link of every video posted here.
RACE_URL = "https://cdn.example.com/race.mp4"


@pytest.fixture(autouse=True)
def _postgres_only(is_postgres):
    if not is_postgres:
        pytest.skip("concurrency tests need PostgreSQL (SQLite serialises writers)")


# --- helpers -----------------------------------------------------------------------


def count_rows(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


# --- likes -------------------------------------------------------------------------


def test_twenty_users_liking_one_video_at_once_are_all_counted(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 20)
    video = post_video(client, owner, "race", RACE_URL)

    statuses = run_together(app, [like_call(fan, video) for fan in fans])

    assert statuses == [201] * 20
    assert get_video(client, video)["like_count"] == 20
    assert len(all_items(client, f"/api/videos/{video}/likes")) == 20
    assert get_user(client, "owner")["like_count"] == 20
    assert drift() == {}


def test_one_user_liking_a_video_twenty_times_at_once_keeps_one_like(app, client, register, drift):
    owner, fan = register("owner"), register("fan")
    video = post_video(client, owner, "race", RACE_URL)

    statuses = run_together(app, [like_call(fan, video)] * 20)

    assert set(statuses) <= {200, 201}, statuses
    assert statuses.count(201) == 1, statuses
    assert count_rows(app, Like, Like.video_id == video) == 1
    assert get_video(client, video)["like_count"] == 1
    assert get_user(client, "owner")["like_count"] == 1
    assert drift() == {}


def test_interleaved_likes_and_unlikes_keep_the_count_equal_to_the_rows(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 10)
    video = post_video(client, owner, "race", RACE_URL)
    deadline = time.monotonic() + 2.0

    def churn(account, seed):
        chooser = random.Random(seed)

        def call(client):
            seen = []
            while time.monotonic() < deadline:
                if chooser.random() < 0.55:
                    response = client.post(f"/api/videos/{video}/like", headers=account.headers)
                else:
                    response = client.delete(f"/api/videos/{video}/like", headers=account.headers)
                seen.append(response.status_code)
            return seen

        return call

    results = run_together(app, [churn(fan, i) for i, fan in enumerate(fans)])

    statuses = [status for seen in results for status in seen]
    assert len(statuses) >= 20
    assert set(statuses) <= {200, 201}, set(statuses)
    rows = count_rows(app, Like, Like.video_id == video)
    assert get_video(client, video)["like_count"] == rows
    assert get_user(client, "owner")["like_count"] == rows
    assert len(all_items(client, f"/api/videos/{video}/likes")) == rows
    assert drift() == {}


def test_fifty_views_at_once_add_exactly_fifty(app, client, register, drift):
    owner = register("owner")
    video = post_video(client, owner, "race", RACE_URL)
    before = get_video(client, video)["view_count"]

    statuses = run_together(app, [lambda c: c.post(f"/api/videos/{video}/views").status_code] * 50)

    assert statuses == [204] * 50
    assert get_video(client, video)["view_count"] == before + 50
    assert drift() == {}


# --- comments ----------------------------------------------------------------------


def test_twenty_comments_at_once_are_all_counted(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 20)
    video = post_video(client, owner, "race", RACE_URL)

    def comment(account, i):
        def call(c):
            response = c.post(
                f"/api/videos/{video}/comments", json={"body": f"comment {i}"}, headers=account.headers
            )
            return response.status_code

        return call

    statuses = run_together(app, [comment(fan, i) for i, fan in enumerate(fans)])

    assert statuses == [201] * 20
    assert get_video(client, video)["comment_count"] == 20
    assert len(all_items(client, f"/api/videos/{video}/comments")) == 20
    assert drift() == {}


def test_twenty_replies_at_once_are_all_counted(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 20)
    video = post_video(client, owner, "race", RACE_URL)
    parent = client.post(f"/api/videos/{video}/comments", json={"body": "top"}, headers=owner.headers)
    parent_id = parent.get_json()["id"]

    def reply(account, i):
        def call(c):
            response = c.post(
                f"/api/videos/{video}/comments",
                json={"body": f"reply {i}", "parent_id": parent_id},
                headers=account.headers,
            )
            return response.status_code

        return call

    statuses = run_together(app, [reply(fan, i) for i, fan in enumerate(fans)])

    assert statuses == [201] * 20
    top = all_items(client, f"/api/videos/{video}/comments")
    assert [(item["id"], item["reply_count"]) for item in top] == [(parent_id, 20)]
    assert len(all_items(client, f"/api/comments/{parent_id}/replies")) == 20
    assert get_video(client, video)["comment_count"] == 21
    assert drift() == {}


def test_replies_racing_the_deletion_of_their_parent_keep_counts_exact(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 10)
    video = post_video(client, owner, "race", RACE_URL)
    keeper = client.post(f"/api/videos/{video}/comments", json={"body": "stays"}, headers=owner.headers)
    keeper_id = keeper.get_json()["id"]

    for round_number in range(4):
        parent = client.post(
            f"/api/videos/{video}/comments", json={"body": f"goes {round_number}"}, headers=owner.headers
        )
        parent_id = parent.get_json()["id"]

        def reply(account, parent_id=parent_id):
            def call(c):
                response = c.post(
                    f"/api/videos/{video}/comments",
                    json={"body": "reply", "parent_id": parent_id},
                    headers=account.headers,
                )
                return response.status_code

            return call

        def delete_parent(c, parent_id=parent_id, delay=round_number * 0.005):
            time.sleep(delay)  # land among the replies rather than always before them
            return c.delete(f"/api/comments/{parent_id}", headers=owner.headers).status_code

        statuses = run_together(app, [reply(fan) for fan in fans] + [delete_parent])

        assert statuses[-1] == 204
        assert count_rows(app, Comment, Comment.parent_id == parent_id) == 0
        assert count_rows(app, Comment, Comment.id == parent_id) == 0
        assert drift() == {}
        # A reply lands before the delete (and goes with it) or finds its parent gone.
        assert set(statuses[:-1]) <= {201, 404, 422}, statuses

    assert get_video(client, video)["comment_count"] == 1
    assert [item["id"] for item in all_items(client, f"/api/videos/{video}/comments")] == [keeper_id]
    assert drift() == {}


def test_a_reply_whose_parent_is_deleted_right_after_it_commits_is_not_a_500(app, client, register, drift):
    """The interleaving of the race above, forced: the parent's deletion runs (in another
    thread, through the API) between the reply's COMMIT and its next statement."""
    owner, fan = register("owner"), register("fan")
    video = post_video(client, owner, "race", RACE_URL)
    parent_id = client.post(
        f"/api/videos/{video}/comments", json={"body": "top"}, headers=owner.headers
    ).get_json()["id"]
    with app.app_context():
        engine = db.engine
    reply_thread = threading.get_ident()
    state = {"committed": False, "deleted": None}

    def on_commit(_connection):
        if threading.get_ident() == reply_thread:
            state["committed"] = True

    def before_statement(_conn, _cursor, _statement, *_args):
        if threading.get_ident() != reply_thread or not state["committed"] or state["deleted"]:
            return
        state["deleted"] = run_together(
            app, [lambda c: c.delete(f"/api/comments/{parent_id}", headers=owner.headers).status_code]
        )[0]

    sa.event.listen(engine, "commit", on_commit)
    sa.event.listen(engine, "before_cursor_execute", before_statement)
    try:
        response = client.post(
            f"/api/videos/{video}/comments",
            json={"body": "reply", "parent_id": parent_id},
            headers=fan.headers,
        )
    finally:
        sa.event.remove(engine, "before_cursor_execute", before_statement)
        sa.event.remove(engine, "commit", on_commit)

    assert state["deleted"] == 204
    assert get_video(client, video)["comment_count"] == 0
    assert drift() == {}
    assert response.status_code in (201, 404), response.get_json()


# --- follows -----------------------------------------------------------------------


def test_two_users_following_each_other_at_once_many_times(app, client, register, drift):
    ann, ben = register("ann"), register("ben")

    statuses = run_together(app, [follow_call(ann, "ben"), follow_call(ben, "ann")] * 10)

    assert set(statuses) <= {200, 201}, statuses
    assert statuses.count(201) == 2, statuses
    for name in ("ann", "ben"):
        profile = get_user(client, name)
        assert (profile["followers_count"], profile["following_count"]) == (1, 1)
    assert count_rows(app, Follow) == 2

    statuses = run_together(
        app,
        [
            unfollow_call(ann, "ben"),
            unfollow_call(ben, "ann"),
            follow_call(ann, "ben"),
            follow_call(ben, "ann"),
        ]
        * 5,
    )

    assert set(statuses) <= {200, 201}, statuses
    for name in ("ann", "ben"):
        profile = get_user(client, name)
        assert profile["followers_count"] == count_rows(app, Follow, Follow.followee_id == profile["id"])
        assert profile["following_count"] == count_rows(app, Follow, Follow.follower_id == profile["id"])
    assert drift() == {}


def test_twenty_users_following_one_user_at_once_are_all_counted(app, client, register, drift):
    star = register("star")
    fans = register_many(register, "fan", 20)

    statuses = run_together(app, [follow_call(fan, "star") for fan in fans])

    assert statuses == [201] * 20
    assert get_user(client, "star")["followers_count"] == 20
    assert all(get_user(client, fan.username)["following_count"] == 1 for fan in fans)
    assert len(all_items(client, "/api/users/star/followers")) == 20

    # Half unfollow while the star follows everyone back.
    calls = [unfollow_call(fan, "star") for fan in fans[:10]] + [
        follow_call(star, fan.username) for fan in fans
    ]
    statuses = run_together(app, calls)

    assert set(statuses[:10]) == {200}
    assert set(statuses[10:]) == {201}
    star_profile = get_user(client, "star")
    assert (star_profile["followers_count"], star_profile["following_count"]) == (10, 20)
    for i, fan in enumerate(fans):
        profile = get_user(client, fan.username)
        assert (profile["followers_count"], profile["following_count"]) == (1, 0 if i < 10 else 1)
    assert drift() == {}


def test_follow_and_unfollow_churn_keeps_counts_equal_to_the_rows(app, client, register, drift):
    users = register_many(register, "u", 8)
    deadline = time.monotonic() + 1.0

    def churn(account, seed):
        chooser = random.Random(seed)
        others = [user.username for user in users if user is not account]

        def call(c):
            seen = []
            while time.monotonic() < deadline:
                target = chooser.choice(others)
                method = c.post if chooser.random() < 0.5 else c.delete
                seen.append(method(f"/api/users/{target}/follow", headers=account.headers).status_code)
            return seen

        return call

    results = run_together(app, [churn(user, i) for i, user in enumerate(users)])

    assert {status for seen in results for status in seen} <= {200, 201}
    for user in users:
        profile = get_user(client, user.username)
        assert profile["followers_count"] == count_rows(app, Follow, Follow.followee_id == user.id)
        assert profile["following_count"] == count_rows(app, Follow, Follow.follower_id == user.id)
    assert drift() == {}


# --- deletes racing writes ---------------------------------------------------------


def _race_video_deletion(app, client, owner, calls_for, rounds, allowed):
    """Per round: a fresh video, ``calls_for(video)`` racing its owner's DELETE."""
    for _ in range(rounds):
        video = post_video(client, owner, "race", RACE_URL)
        calls = calls_for(video)

        def delete_video(c, video=video):
            return c.delete(f"/api/videos/{video}", headers=owner.headers).status_code

        statuses = run_together(app, calls + [delete_video])

        assert statuses[-1] == 204, statuses
        assert set(statuses[:-1]) <= allowed, statuses
        assert count_rows(app, Like, Like.video_id == video) == 0  # no orphan like
        assert client.get(f"/api/videos/{video}").status_code == 404
        assert drift_free(app)

    profile = get_user(client, owner.username)
    assert (profile["video_count"], profile["like_count"]) == (0, 0)


def drift_free(app):
    from app.counters import find_drift

    with app.app_context():
        return not any(find_drift(db.session).values())


def test_liking_a_video_while_its_owner_deletes_it(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 12)

    def calls_for(video):
        return [like_call(fan, video) for fan in fans]

    # The like lands first (and goes with the video), or finds the video gone: 404.
    _race_video_deletion(app, client, owner, calls_for, rounds=6, allowed={200, 201, 404})
    assert drift() == {}


def test_unliking_a_video_while_its_owner_deletes_it(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 12)

    def calls_for(video):
        for fan in fans:
            assert client.post(f"/api/videos/{video}/like", headers=fan.headers).status_code == 201
        # Half unlike, half like again (200), all racing the delete.
        return [unlike_call(fan, video) for fan in fans[:6]] + [like_call(fan, video) for fan in fans[6:]]

    _race_video_deletion(app, client, owner, calls_for, rounds=8, allowed={200, 201, 404})
    assert drift() == {}


def _doomed_account_with_history(client, register, others):
    """An account that liked, commented (with a reply from others[0]) and followed."""
    doomed = register("doomed")
    doomed_videos = [post_video(client, doomed, f"doomed {i}", RACE_URL) for i in range(3)]
    other_videos = [post_video(client, other, f"other {i}", RACE_URL) for i, other in enumerate(others[:5])]
    for video in other_videos[:2]:
        assert client.post(f"/api/videos/{video}/like", headers=doomed.headers).status_code == 201
    thread = client.post(
        f"/api/videos/{other_videos[0]}/comments", json={"body": "mine"}, headers=doomed.headers
    ).get_json()
    client.post(
        f"/api/videos/{other_videos[0]}/comments",
        json={"body": "reply", "parent_id": thread["id"]},
        headers=others[0].headers,
    )
    client.post(f"/api/users/{others[0].username}/follow", headers=doomed.headers)
    client.post("/api/users/doomed/follow", headers=others[1].headers)
    return doomed, doomed_videos, other_videos, thread["id"]


def _delete_account(doomed):
    def call(c):
        return c.delete("/api/auth/me", json={"password": PASSWORD}, headers=doomed.headers).status_code

    return call


def _assert_account_gone(app, client, doomed, doomed_videos, other_videos, others):
    assert client.get("/api/users/doomed").status_code == 404
    for video in doomed_videos:
        assert client.get(f"/api/videos/{video}").status_code == 404
        assert count_rows(app, Like, Like.video_id == video) == 0
    assert count_rows(app, Like, Like.user_id == doomed.id) == 0
    either_side = sa.or_(Follow.follower_id == doomed.id, Follow.followee_id == doomed.id)
    assert count_rows(app, Follow, either_side) == 0
    assert count_rows(app, Comment, Comment.author_id == doomed.id) == 0
    for video in other_videos:
        body = get_video(client, video)
        assert body["like_count"] == len(all_items(client, f"/api/videos/{video}/likes")) == 0
    assert get_video(client, other_videos[0])["comment_count"] == 0
    for other in others:
        profile = get_user(client, other.username)
        assert (profile["followers_count"], profile["following_count"]) == (0, 0)
        assert profile["like_count"] == 0


def test_deleting_an_account_while_it_likes_follows_and_is_followed(app, client, register, drift):
    others = register_many(register, "other", 10)
    doomed, doomed_videos, other_videos, thread_id = _doomed_account_with_history(client, register, others)

    calls = [like_call(doomed, video) for video in other_videos]
    calls += [follow_call(doomed, other.username) for other in others[5:]]
    calls += [follow_call(other, "doomed") for other in others[2:5]]

    def reply(account):
        def call(c):
            response = c.post(
                f"/api/videos/{other_videos[0]}/comments",
                json={"body": "late reply", "parent_id": thread_id},
                headers=account.headers,
            )
            return response.status_code

        return call

    calls += [reply(other) for other in others[5:8]]
    statuses = run_together(app, calls + [_delete_account(doomed)])

    assert statuses[-1] == 204
    # A write lands before the delete (and goes with the account) or finds it gone: 404 for
    # a user or comment that no longer exists, 422 for a parent comment that is gone,
    # 401 for the deleted account's own token.
    assert set(statuses[:-1]) <= {200, 201, 401, 404, 422}, statuses
    _assert_account_gone(app, client, doomed, doomed_videos, other_videos, others)
    assert drift() == {}


def test_deleting_an_account_while_others_like_its_videos(app, client, register, drift):
    others = register_many(register, "other", 10)
    doomed, doomed_videos, other_videos, _ = _doomed_account_with_history(client, register, others)
    # Some likes already there, so the deletion has counters to take down.
    for other in others[:3]:
        client.post(f"/api/videos/{doomed_videos[0]}/like", headers=other.headers)

    calls = [like_call(other, doomed_videos[i % 3]) for i, other in enumerate(others)]
    calls += [unlike_call(other, doomed_videos[0]) for other in others[:3]]
    calls += [like_call(doomed, video) for video in other_videos[2:]]
    calls += [unlike_call(doomed, video) for video in other_videos[:2]]  # liked in the history
    statuses = run_together(app, calls + [_delete_account(doomed)])

    assert statuses[-1] == 204, statuses
    assert set(statuses[:-1]) <= {200, 201, 401, 404}, statuses
    _assert_account_gone(app, client, doomed, doomed_videos, other_videos, others)
    assert drift() == {}


# --- registrations and comments racing deletes (docs/SECURITY.md §4) ----------------------


def test_twenty_registrations_of_one_email_in_different_cases_give_one_account(app, client, drift):
    """tests/test_auth.py races one username in three cases; the email index too."""
    emails = ["Racer@Example.com", "racer@example.com", "RACER@EXAMPLE.COM", "racer@EXAMPLE.com"]

    def register(index):
        def call(c):
            response = c.post(
                "/api/auth/register",
                json={"username": f"racer{index:02d}", "email": emails[index % 4], "password": PASSWORD},
            )
            if response.status_code == 409:
                assert "email" in response.get_json()["errors"]["json"]
            return response.status_code

        return call

    statuses = run_together(app, [register(i) for i in range(20)])
    assert sorted(statuses) == [201] + [409] * 19, statuses
    from app.models import User

    assert count_rows(app, User) == 1
    assert drift() == {}


def test_commenting_on_a_video_while_its_owner_deletes_it(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 10)

    def calls_for(video):
        thread = client.post(f"/api/videos/{video}/comments", json={"body": "first"}, headers=fans[0].headers)
        parent = thread.get_json()["id"]

        def comment(account, reply):
            def call(c):
                body = {"body": "racing", **({"parent_id": parent} if reply else {})}
                return c.post(f"/api/videos/{video}/comments", json=body, headers=account.headers).status_code

            return call

        return [comment(fan, i % 2) for i, fan in enumerate(fans)]

    # A comment lands first (and goes with the video) or finds it gone: 404, or 422 for a
    # reply whose parent went with it.
    _race_video_deletion(app, client, owner, calls_for, rounds=5, allowed={201, 404, 422})
    assert count_rows(app, Comment) == 0
    assert drift() == {}


# --- blocks, follow requests and privacy (API.md, "Privacy, blocks and mutes") -----------


def _unblock_call(account, username):
    return lambda client: client.delete(f"/api/users/{username}/block", headers=account.headers).status_code


def _privacy_call(account, private):
    return lambda client: (
        client.patch("/api/auth/me", json={"is_private": private}, headers=account.headers).status_code
    )


def test_blocks_racing_follows_both_ways_leave_no_follow_and_exact_counts(app, client, register, drift):
    star = register("star")
    fans = register_many(register, "fan", 10)
    calls = []
    for fan in fans:
        calls += [follow_call(fan, "star"), block_call(star, fan.username), follow_call(star, fan.username)]
    statuses = run_together(app, calls)
    assert set(statuses) <= {200, 201, 403, 404}, statuses
    assert count_rows(app, Block) == 10
    assert count_rows(app, Follow) == 0
    assert get_user(client, "star")["followers_count"] == 0
    assert get_user(client, "star")["following_count"] == 0
    assert drift() == {}


def test_approvals_racing_withdrawals_and_blocks_keep_the_counts(app, client, register, drift):
    star = register("star")
    client.patch("/api/auth/me", json={"is_private": True}, headers=star.headers)
    fans = register_many(register, "fan", 12)
    for fan in fans:
        assert client.post("/api/users/star/follow", headers=fan.headers).status_code == 202
    calls = []
    for i, fan in enumerate(fans):
        calls.append(approve_call(star, fan.username))
        if i % 3 == 0:
            calls.append(unfollow_call(fan, "star"))
        elif i % 3 == 1:
            calls.append(block_call(star, fan.username))
        else:
            calls.append(follow_call(fan, "star"))
    statuses = run_together(app, calls)
    assert set(statuses) <= {200, 201, 202, 403, 404}, statuses
    followers = count_rows(app, Follow, Follow.followee_id == star.id)
    assert get_user(client, "star")["followers_count"] == followers
    assert count_rows(app, Block) == 4
    assert drift() == {}


def test_going_public_racing_new_requests_and_unfollows_approves_each_once(app, client, register, drift):
    star = register("star")
    client.patch("/api/auth/me", json={"is_private": True}, headers=star.headers)
    early = register_many(register, "early", 8)
    late = register_many(register, "late", 8)
    for fan in early:
        client.post("/api/users/star/follow", headers=fan.headers)
    calls = [_privacy_call(star, False)]
    calls += [follow_call(fan, "star") for fan in late]
    calls += [unfollow_call(fan, "star") for fan in early[:4]]
    statuses = run_together(app, calls)
    assert set(statuses) <= {200, 201, 202}, statuses
    # Public now: no request is left pending, and every follow is counted once.
    assert count_rows(app, FollowRequest) == 0
    assert get_user(client, "star")["followers_count"] == count_rows(
        app, Follow, Follow.followee_id == star.id
    )
    assert drift() == {}


def test_block_and_unblock_churn_with_follows_keeps_counts_equal_to_the_rows(app, client, register, drift):
    star = register("star")
    fans = register_many(register, "fan", 6)
    rng = random.Random(12)
    calls = []
    for _ in range(4):
        for fan in fans:
            calls.append(
                rng.choice(
                    [
                        follow_call(fan, "star"),
                        unfollow_call(fan, "star"),
                        block_call(star, fan.username),
                        _unblock_call(star, fan.username),
                        follow_call(star, fan.username),
                    ]
                )
            )
    statuses = run_together(app, calls)
    assert set(statuses) <= {200, 201, 403, 404}, statuses


# --- bookmarks and shares ----------------------------------------------------------------


def test_twenty_users_bookmarking_one_video_at_once_are_all_counted(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 20)
    video = post_video(client, owner, "race", RACE_URL)

    statuses = run_together(app, [bookmark_call(fan, video) for fan in fans])

    assert statuses == [201] * 20
    assert get_video(client, video)["bookmark_count"] == 20
    assert drift() == {}


def test_bookmark_churn_and_repeats_keep_the_count_equal_to_the_rows(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 8)
    video = post_video(client, owner, "race", RACE_URL)
    for fan in fans[:4]:
        client.post(f"/api/videos/{video}/bookmark", headers=fan.headers)

    calls = [unbookmark_call(fan, video) for fan in fans[:4]]
    calls += [bookmark_call(fan, video) for fan in fans[4:]] * 3
    statuses = run_together(app, calls)

    assert set(statuses) <= {200, 201}, statuses
    assert statuses.count(201) == 4
    assert get_video(client, video)["bookmark_count"] == 4
    assert drift() == {}


def test_fifty_shares_at_once_add_exactly_fifty(app, client, register, drift):
    owner = register("owner")
    sharers = register_many(register, "sharer", 5)
    video = post_video(client, owner, "race", RACE_URL)

    statuses = run_together(app, [share_call(sharers[i % 5], video) for i in range(50)])

    assert statuses == [204] * 50
    assert get_video(client, video)["share_count"] == 50
    assert drift() == {}


def test_bookmarking_a_video_while_its_owner_deletes_it(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 10)
    video = post_video(client, owner, "race", RACE_URL)

    def delete(c):
        return c.delete(f"/api/videos/{video}", headers=owner.headers).status_code

    statuses = run_together(app, [bookmark_call(fan, video) for fan in fans] + [delete])

    assert statuses[-1] == 204
    assert set(statuses[:-1]) <= {201, 404}, statuses
    assert drift() == {}


# --- comment likes -----------------------------------------------------------------------


def _a_comment(client, owner):
    video = post_video(client, owner, "race", RACE_URL)
    response = client.post(f"/api/videos/{video}/comments", json={"body": "hi"}, headers=owner.headers)
    return video, response.get_json()["id"]


def test_twenty_users_liking_one_comment_at_once_are_all_counted(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 20)
    _, comment_id = _a_comment(client, owner)

    statuses = run_together(app, [comment_like_call(fan, comment_id) for fan in fans])

    assert statuses == [201] * 20
    assert client.get(f"/api/comments/{comment_id}").get_json()["like_count"] == 20
    assert drift() == {}


def test_comment_like_churn_keeps_the_count_equal_to_the_rows(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 8)
    _, comment_id = _a_comment(client, owner)
    for fan in fans[:4]:
        client.post(f"/api/comments/{comment_id}/like", headers=fan.headers)

    calls = [comment_unlike_call(fan, comment_id) for fan in fans[:4]]
    calls += [comment_like_call(fan, comment_id) for fan in fans[4:]] * 3
    statuses = run_together(app, calls)

    assert set(statuses) <= {200, 201}, statuses
    assert client.get(f"/api/comments/{comment_id}").get_json()["like_count"] == 4
    assert drift() == {}


def test_liking_a_comment_while_it_is_deleted(app, client, register, drift):
    owner = register("owner")
    fans = register_many(register, "fan", 10)
    _, comment_id = _a_comment(client, owner)

    def delete(c):
        return c.delete(f"/api/comments/{comment_id}", headers=owner.headers).status_code

    statuses = run_together(app, [comment_like_call(fan, comment_id) for fan in fans] + [delete])

    assert statuses[-1] == 204
    assert set(statuses[:-1]) <= {201, 404}, statuses
    assert drift() == {}


def test_deleting_an_account_while_it_likes_comments_and_bookmarks(app, client, register, drift):
    owner, doomed = register("owner"), register("doomed")
    comments = [_a_comment(client, owner) for _ in range(4)]
    for video, comment_id in comments[:2]:
        client.post(f"/api/comments/{comment_id}/like", headers=doomed.headers)
        client.post(f"/api/videos/{video}/bookmark", headers=doomed.headers)

    calls = [comment_like_call(doomed, comment_id) for _, comment_id in comments[2:]]
    calls += [bookmark_call(doomed, video) for video, _ in comments[2:]]
    calls += [comment_unlike_call(doomed, comments[0][1]), unbookmark_call(doomed, comments[0][0])]

    def delete(c):
        response = c.delete("/api/auth/me", json={"password": PASSWORD}, headers=doomed.headers)
        return response.status_code

    statuses = run_together(app, calls + [delete])

    assert statuses[-1] == 204, statuses
    assert set(statuses[:-1]) <= {200, 201, 401, 404}, statuses
    for video, comment_id in comments:
        assert client.get(f"/api/comments/{comment_id}").get_json()["like_count"] == 0
        assert get_video(client, video)["bookmark_count"] == 0
    assert drift() == {}


# --- notifications -----------------------------------------------------------------------


def test_twenty_likes_at_once_make_twenty_notifications_and_repeats_none(app, client, register, drift):
    from app.models import Notification

    owner = register("owner")
    fans = register_many(register, "fan", 10)
    video = post_video(client, owner, "race", RACE_URL)

    statuses = run_together(app, [like_call(fan, video) for fan in fans] * 2)

    assert statuses.count(201) == 10, statuses
    assert count_rows(app, Notification, Notification.recipient_id == owner.id) == 10
    unread = client.get("/api/notifications/unread-count", headers=owner.headers).get_json()
    assert unread == {"count": 10}
    assert drift() == {}


# --- hashtag counts --------------------------------------------------------------------


def _edit_call(account, video_id, **changes):
    return lambda client: (
        client.patch(f"/api/videos/{video_id}", json=changes, headers=account.headers).status_code
    )


def _post_call(account, caption):
    return lambda client: (
        client.post(
            "/api/videos", json={"video_url": RACE_URL, "caption": caption}, headers=account.headers
        ).status_code
    )


def test_tag_counts_stay_exact_while_captions_visibility_and_privacy_change_at_once(
    app, client, register, drift
):
    """app/hashtags/counts.py: posts, caption edits, visibility edits, deletions and the
    author going private and public again, all on one tag at once."""
    owner = register("owner")
    posters = register_many(register, "poster", 6)
    videos = [post_video(client, owner, "#race", url=RACE_URL) for _ in range(8)]
    rng = random.Random(7)
    calls = [_post_call(poster, "#race #other") for poster in posters]
    calls += [_privacy_call(owner, True), _privacy_call(owner, False), _privacy_call(owner, False)]
    for video_id in videos:
        calls.append(
            rng.choice(
                [
                    _edit_call(owner, video_id, caption=rng.choice(["#race", "#other", "no tags"])),
                    _edit_call(owner, video_id, visibility=rng.choice(["public", "followers", "private"])),
                    lambda client, v=video_id: (
                        client.delete(f"/api/videos/{v}", headers=owner.headers).status_code
                    ),
                ]
            )
        )
    statuses = run_together(app, calls)
    assert set(statuses) <= {200, 201, 204}, statuses
    assert drift() == {}

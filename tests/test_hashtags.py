"""GET /api/hashtags/{tag} and /api/hashtags/trending (API.md, "Engagement")."""

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.hashtags.queries import forget_cached_trending
from app.models import User, VideoHashtag
from app.models.base import utcnow
from tests.helpers import PASSWORD, assert_error, assert_invalid, post_video


def trending(client, **query):
    response = client.get("/api/hashtags/trending", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def test_a_hashtag_page_counts_its_videos_without_regard_to_case(client, alice, bob):
    post_video(client, alice, "#Cats and #dogs")
    post_video(client, bob, "more #cats")
    for path in ("/api/hashtags/cats", "/api/hashtags/CATS", "/api/hashtags/%23cats"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.get_json() == {"name": "cats", "video_count": 2}
    assert client.get("/api/hashtags/dogs").get_json() == {"name": "dogs", "video_count": 1}


def test_a_tag_no_video_ever_used_is_404(client, alice):
    post_video(client, alice, "#cats")
    for tag in ("birds", "a%00b", "two%20words", "x" * 300):
        assert_error(client.get(f"/api/hashtags/{tag}"), 404)


def test_a_tag_whose_videos_are_all_deleted_is_gone(client, alice):
    video = post_video(client, alice, "#once")
    assert client.delete(f"/api/videos/{video}", headers=alice.headers).status_code == 204
    assert_error(client.get("/api/hashtags/once"), 404)


def test_trending_ranks_tags_by_recent_videos_then_name(client, alice, bob):
    for caption in ("#a #b", "#b #c", "#b #c", "#d"):
        post_video(client, alice, caption)
    items = trending(client)
    assert [(i["name"], i["recent_count"], i["video_count"]) for i in items] == [
        ("b", 3, 3),
        ("c", 2, 2),
        ("a", 1, 1),
        ("d", 1, 1),
    ]
    assert [i["name"] for i in trending(client, limit=2)] == ["b", "c"]


def test_trending_counts_only_the_last_trending_hours(app, client, alice):
    old = post_video(client, alice, "#old #both")
    post_video(client, alice, "#both #new")
    with app.app_context():
        long_ago = utcnow() - timedelta(hours=app.config["TRENDING_HOURS"] + 1)
        db.session.execute(
            sa.update(VideoHashtag).where(VideoHashtag.video_id == old).values(created_at=long_ago)
        )
        db.session.commit()
    items = {i["name"]: (i["recent_count"], i["video_count"]) for i in trending(client)}
    assert items == {"both": (1, 2), "new": (1, 1)}


def test_trending_checks_its_limit(client):
    for bad in ("0", "51", "x"):
        assert_invalid(client.get("/api/hashtags/trending", query_string={"limit": bad}), "limit", "query")
    assert trending(client) == []


def test_trending_is_one_statement_whatever_the_limit(client, alice, count_queries):
    for i in range(30):
        post_video(client, alice, f"#t{i} #common")
    counts = []
    for limit in (2, 50):
        with count_queries() as statements:
            assert len(trending(client, limit=limit)) == min(limit, 31)
        counts.append(len(statements))
    assert counts == [1, 1], counts


def test_counts_leave_out_what_not_everyone_may_see(client, alice, bob):
    post_video(client, alice, "#seen one")
    hidden = post_video(client, bob, "#seen two")
    assert client.get("/api/hashtags/seen").get_json()["video_count"] == 2
    assert (
        client.patch(
            f"/api/videos/{hidden}", json={"visibility": "followers"}, headers=bob.headers
        ).status_code
        == 200
    )
    assert client.get("/api/hashtags/seen").get_json()["video_count"] == 1
    assert client.patch("/api/auth/me", json={"is_private": True}, headers=alice.headers).status_code == 200
    assert client.get("/api/hashtags/seen").get_json() == {"name": "seen", "video_count": 0}


# --- the stored counts (app/hashtags/counts.py) -------------------------------------------


def count_of(client, tag):
    response = client.get(f"/api/hashtags/{tag}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["video_count"]


def test_a_caption_edit_moves_the_video_between_tags(client, alice, drift):
    video = post_video(client, alice, "#before #kept")
    assert (count_of(client, "before"), count_of(client, "kept")) == (1, 1)
    response = client.patch(f"/api/videos/{video}", json={"caption": "#after #kept"}, headers=alice.headers)
    assert response.status_code == 200, response.get_json()
    assert (count_of(client, "after"), count_of(client, "kept")) == (1, 1)
    assert client.get("/api/hashtags/before").status_code == 404  # unused: pruned
    assert drift() == {}


def test_visibility_and_privacy_changes_come_back_to_the_count(client, alice, drift):
    video = post_video(client, alice, "#back")
    for visibility, expected in (("private", 0), ("followers", 0), ("public", 1)):
        response = client.patch(
            f"/api/videos/{video}", json={"visibility": visibility}, headers=alice.headers
        )
        assert response.status_code == 200, response.get_json()
        assert count_of(client, "back") == expected, visibility
    for private, expected in ((True, 0), (True, 0), (False, 1)):
        response = client.patch("/api/auth/me", json={"is_private": private}, headers=alice.headers)
        assert response.status_code == 200, response.get_json()
        assert count_of(client, "back") == expected, private
    assert drift() == {}


def test_moderation_takes_videos_out_of_the_count_and_puts_them_back(client, mod, alice, bob, drift):
    removed = post_video(client, alice, "#judged")
    post_video(client, bob, "#judged")
    path = f"/api/moderation/videos/{removed}/removal"
    assert client.post(path, json={"reason": "spam"}, headers=mod.headers).status_code == 200
    assert count_of(client, "judged") == 1
    assert client.delete(path, headers=mod.headers).status_code == 200
    assert count_of(client, "judged") == 2
    suspension = "/api/moderation/users/bob/suspension"
    assert client.post(suspension, json={"reason": "spam"}, headers=mod.headers).status_code == 200
    assert count_of(client, "judged") == 1
    assert client.delete(suspension, headers=mod.headers).status_code == 200
    assert count_of(client, "judged") == 2
    assert drift() == {}


def test_an_ended_suspension_counts_again_once_the_sweep_clears_it(app, client, mod, alice, drift):
    post_video(client, alice, "#paused")
    until = (utcnow() + timedelta(seconds=2)).isoformat()
    suspension = "/api/moderation/users/alice/suspension"
    response = client.post(suspension, json={"reason": "spam", "until": until}, headers=mod.headers)
    assert response.status_code == 200, response.get_json()
    assert count_of(client, "paused") == 0
    with app.app_context():  # the suspension ends
        db.session.execute(
            sa.update(User)
            .where(User.username == "alice")
            .values(suspended_until=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    assert count_of(client, "paused") == 0  # the count reads rows: until the sweep
    assert drift() == {}
    result = app.test_cli_runner().invoke(args=["media", "sweep"])
    assert result.exit_code == 0, result.output
    assert "1 ended suspension(s) cleared, 0 unused tag(s) removed" in result.output
    assert count_of(client, "paused") == 1
    assert client.get("/api/users/alice").status_code == 200
    assert drift() == {}


def test_deleting_videos_and_accounts_takes_them_out_of_the_count(client, register, alice, drift):
    leaving = register("leaving")
    gone = post_video(client, alice, "#many")
    post_video(client, alice, "#many")
    post_video(client, leaving, "#many")
    post_video(client, leaving, "#many #only")
    assert count_of(client, "many") == 4
    assert client.delete(f"/api/videos/{gone}", headers=alice.headers).status_code == 204
    assert count_of(client, "many") == 3
    response = client.delete("/api/auth/me", json={"password": PASSWORD}, headers=leaving.headers)
    assert response.status_code == 204, response.get_json()
    assert count_of(client, "many") == 1
    assert client.get("/api/hashtags/only").status_code == 404
    assert drift() == {}


def test_reading_a_count_is_one_statement_on_one_row(client, alice, count_queries):
    for i in range(30):
        post_video(client, alice, f"#big number {i}")
    with count_queries() as statements:
        assert count_of(client, "big") == 30
    assert len(statements) == 1
    assert "video_hashtags" not in statements[0] and "count(" not in statements[0].lower()


def test_trending_is_computed_at_most_once_per_cache_lifetime(app, client, alice, count_queries):
    """TRENDING_CACHE_SECONDS (0 in the tests elsewhere): within it, trending is answered
    without SQL and does not see a new video yet; each limit is a slice of one list."""
    post_video(client, alice, "#early")
    app.config["TRENDING_CACHE_SECONDS"] = 60
    forget_cached_trending()  # another test's list, of the same database, may be in it
    try:
        assert [item["name"] for item in trending(client)] == ["early"]
        post_video(client, alice, "#late #late2")
        with count_queries() as statements:
            assert [item["name"] for item in trending(client, limit=1)] == ["early"]
            assert [item["name"] for item in trending(client)] == ["early"]
        assert statements == []
    finally:
        app.config["TRENDING_CACHE_SECONDS"] = 0
    assert [item["name"] for item in trending(client)] == ["early", "late", "late2"]

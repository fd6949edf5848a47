"""Reports and moderation (API.md, "Reports and moderation"): roles, reports, the queue,
removals, suspensions, the audit log, blocked terms, the instance and its terms."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db, limiter
from app.models import User
from tests.helpers import (
    MOD_REPORT_KEYS,
    PASSWORD,
    REPORT_KEYS,
    assert_error,
    assert_invalid,
    assert_iso_utc,
    comment,
    get_user,
    limit_of,
    page,
    post_video,
    report,
    set_role,
    usernames,
)


@pytest.fixture
def admin(app, register):
    account = register("root")
    set_role(app, "root", "admin")
    return account


def _queue(client, mod, **query):
    return page(client, "/api/moderation/reports", mod, **query)["items"]


# --- roles ---------------------------------------------------------------------------------------


def test_set_role_changes_the_role_on_the_next_request(app, client, alice):
    assert client.get("/api/auth/me", headers=alice.headers).get_json()["role"] == "user"
    assert_error(client.get("/api/moderation/reports", headers=alice.headers), 403)
    result = set_role(app, "ALICE", "moderator")
    assert "alice is now moderator" in result.output
    assert client.get("/api/auth/me", headers=alice.headers).get_json()["role"] == "moderator"
    assert client.get("/api/moderation/reports", headers=alice.headers).status_code == 200
    set_role(app, "alice", "user")
    assert_error(client.get("/api/moderation/reports", headers=alice.headers), 403)


def test_set_role_of_nobody_exits_1(app):
    result = app.test_cli_runner().invoke(args=["users", "set-role", "nobody", "admin"])
    assert result.exit_code == 1
    assert "No account" in result.output


def test_moderation_is_401_anonymous_and_403_for_users(client, alice):
    for method, path in (
        ("get", "/api/moderation/reports"),
        ("get", "/api/moderation/audit"),
        ("get", "/api/moderation/blocked-terms"),
        ("post", "/api/moderation/users/alice/suspension"),
        ("post", "/api/moderation/videos/1/removal"),
    ):
        assert_error(getattr(client, method)(path), 401)
        assert_error(getattr(client, method)(path, headers=alice.headers, json={"reason": "x"}), 403)


def test_the_role_costs_no_extra_statement(client, mod, count_queries):
    with count_queries() as statements:
        assert client.get("/api/auth/me", headers=mod.headers).status_code == 200
    assert len(statements) == 1


# --- reports -------------------------------------------------------------------------------------


def test_a_report_is_201_then_200_with_the_open_report(client, alice, bob):
    video = post_video(client, alice, "spammy caption")
    response = report(client, bob, {"type": "video", "id": video}, details="again and again")
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == REPORT_KEYS
    assert body["target"] == {"type": "video", "id": video}
    assert (body["status"], body["action"], body["resolved_at"]) == ("open", None, None)
    assert body["details"] == "again and again"
    assert_iso_utc(body["created_at"])
    again = report(client, bob, {"type": "video", "id": video}, reason="other")
    assert again.status_code == 200
    assert again.get_json()["id"] == body["id"]
    assert [item["id"] for item in page(client, "/api/reports", bob)["items"]] == [body["id"]]
    assert page(client, "/api/reports", alice)["items"] == []


def test_reporting_yourself_or_your_content_is_422(client, alice):
    video = post_video(client, alice)
    assert_invalid(report(client, alice, {"type": "video", "id": video}), "target")
    assert_invalid(report(client, alice, {"type": "user", "username": "alice"}), "target")


def test_a_report_names_its_target_exactly(client, alice):
    assert_error(report(client, alice, {"type": "video"}), 422)
    assert_error(report(client, alice, {"type": "user", "id": 3}), 422)
    assert_error(report(client, alice, {"type": "video", "id": 1}, reason="boring"), 422)
    assert_error(report(client, alice, {"type": "video", "id": 987654321}), 404)
    assert_error(report(client, alice, {"type": "user", "username": "nobody"}), 404)


def test_a_report_with_block_also_blocks_the_author(client, alice, bob, drift):
    post = post_video(client, alice)
    thread = comment(client, alice, post, "rude words")
    client.post("/api/users/alice/follow", headers=bob.headers)
    response = report(client, bob, {"type": "comment", "id": thread["id"]}, reason="harassment", block=True)
    assert response.status_code == 201
    assert get_user(client, "alice", bob)["is_blocking"] is True
    assert get_user(client, "alice")["followers_count"] == 0
    assert drift() == {}


def test_the_queue_is_oldest_first_with_snapshots(client, alice, bob, carol, mod):
    video = post_video(client, alice, "the caption as reported")
    first = report(client, bob, {"type": "video", "id": video}).get_json()
    second = report(client, carol, {"type": "user", "username": "alice"}, reason="impersonation").get_json()
    client.patch(f"/api/videos/{video}", json={"caption": "edited since"}, headers=alice.headers)
    items = _queue(client, mod)
    assert [item["id"] for item in items] == [first["id"], second["id"]]
    assert set(items[0]) == MOD_REPORT_KEYS
    assert items[0]["reporter"]["username"] == "bob"
    assert items[0]["target_snapshot"] == {
        "text": "the caption as reported",
        "author_id": alice.id,
        "author_username": "alice",
    }
    assert items[1]["target"] == {"type": "user", "username": "alice"}
    assert (items[0]["resolved_by"], items[0]["note"], items[0]["resolved_at"]) == (None, None, None)
    assert _queue(client, mod, status="resolved") == []
    assert_error(client.get("/api/moderation/reports?status=closed", headers=mod.headers), 422)


def test_resolving_with_removal_resolves_every_open_report_of_the_target(client, alice, bob, carol, mod):
    video = post_video(client, alice, "bad")
    first = report(client, bob, {"type": "video", "id": video}).get_json()
    report(client, carol, {"type": "video", "id": video}, reason="hate")
    response = client.post(
        f"/api/moderation/reports/{first['id']}/resolve",
        json={"action": "remove_content", "note": "Spam."},
        headers=mod.headers,
    )
    assert response.status_code == 200
    resolved = response.get_json()
    assert (resolved["status"], resolved["action"], resolved["note"]) == (
        "resolved",
        "remove_content",
        "Spam.",
    )
    assert resolved["resolved_by"]["username"] == "mod"
    assert_iso_utc(resolved["resolved_at"])
    assert _queue(client, mod) == []
    assert len(_queue(client, mod, status="resolved")) == 2
    # Removed: 404 for everyone, `status: removed` for its author.
    assert_error(client.get(f"/api/videos/{video}", headers=bob.headers), 404)
    assert_error(client.get(f"/api/videos/{video}"), 404)
    assert client.get(f"/api/videos/{video}", headers=alice.headers).get_json()["status"] == "removed"
    assert page(client, "/api/reports", bob)["items"][0]["status"] == "resolved"
    assert_error(
        client.post(
            f"/api/moderation/reports/{first['id']}/resolve", json={"action": "dismiss"}, headers=mod.headers
        ),
        409,
    )


def test_resolving_with_suspension_suspends_the_author(client, alice, bob, mod):
    video = post_video(client, alice)
    reported = report(client, bob, {"type": "video", "id": video}).get_json()
    response = client.post(
        f"/api/moderation/reports/{reported['id']}/resolve",
        json={"action": "suspend_author"},
        headers=mod.headers,
    )
    assert response.status_code == 200
    assert_error(client.get("/api/users/alice"), 404)
    assert assert_error(client.get("/api/auth/me", headers=alice.headers), 403)["message"] == (
        "This account is suspended."
    )


def test_removing_a_user_report_is_422(client, alice, bob, mod):
    reported = report(client, bob, {"type": "user", "username": "alice"}).get_json()
    assert_invalid(
        client.post(
            f"/api/moderation/reports/{reported['id']}/resolve",
            json={"action": "remove_content"},
            headers=mod.headers,
        ),
        "action",
    )


def test_reports_are_limited_per_reporter(app, register):
    limited = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_REPORT": "3/day",
        },
    )
    limiter.reset()
    try:
        client = limited.test_client()
        alice, bob = register("alice"), register("bob")
        videos = [post_video(client, alice, f"v{i}") for i in range(4)]
        statuses = [report(client, bob, {"type": "video", "id": video}).status_code for video in videos]
        assert statuses == [201, 201, 201, 429]
        assert limit_of(app, "RATELIMIT_REPORT") == 20  # the default
    finally:
        limiter.reset()
        limiter.enabled = False
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()


# --- removals ------------------------------------------------------------------------------------


def test_removing_and_restoring_a_video(client, alice, bob, mod):
    video = post_video(client, alice, "#gone")
    response = client.post(
        f"/api/moderation/videos/{video}/removal", json={"reason": "Spam."}, headers=mod.headers
    )
    assert (response.status_code, response.get_json()) == (200, {"removed": True})
    assert video not in [v["id"] for v in page(client, "/api/videos", bob)["items"]]
    assert [v["status"] for v in page(client, "/api/users/alice/videos", alice)["items"]] == ["removed"]
    assert page(client, "/api/users/alice/videos", bob)["items"] == []
    assert_error(client.post(f"/api/videos/{video}/like", headers=bob.headers), 404)
    restored = client.delete(f"/api/moderation/videos/{video}/removal", headers=mod.headers)
    assert (restored.status_code, restored.get_json()) == (200, {"removed": False})
    assert client.get(f"/api/videos/{video}", headers=bob.headers).get_json()["status"] == "ready"
    assert_error(
        client.post("/api/moderation/videos/987654321/removal", json={"reason": "x"}, headers=mod.headers),
        404,
    )


def test_removing_a_comment_hides_it_from_everyone_but_its_author(client, alice, bob, mod):
    video = post_video(client, alice)
    thread = comment(client, bob, video, "mean")
    response = client.post(
        f"/api/moderation/comments/{thread['id']}/removal", json={"reason": "Mean."}, headers=mod.headers
    )
    assert response.status_code == 200
    assert page(client, f"/api/videos/{video}/comments", alice)["items"] == []
    assert page(client, f"/api/videos/{video}/comments")["items"] == []
    assert [c["id"] for c in page(client, f"/api/videos/{video}/comments", bob)["items"]] == [thread["id"]]
    assert_error(client.get(f"/api/comments/{thread['id']}/replies", headers=alice.headers), 404)
    assert (
        client.delete(f"/api/moderation/comments/{thread['id']}/removal", headers=mod.headers).status_code
        == 200
    )
    assert [c["id"] for c in page(client, f"/api/videos/{video}/comments", alice)["items"]] == [thread["id"]]


def test_a_moderator_cannot_act_on_an_admin_or_themselves(client, mod, admin):
    own = post_video(client, mod)
    theirs = post_video(client, admin)
    for path in (f"/api/moderation/videos/{own}/removal", f"/api/moderation/videos/{theirs}/removal"):
        assert_error(client.post(path, json={"reason": "x"}, headers=mod.headers), 403)
    for name in ("mod", "root"):
        assert_error(
            client.post(
                f"/api/moderation/users/{name}/suspension", json={"reason": "x"}, headers=mod.headers
            ),
            403,
        )
    # An admin may act on a moderator.
    assert (
        client.post(
            "/api/moderation/users/mod/suspension", json={"reason": "x"}, headers=admin.headers
        ).status_code
        == 200
    )


# --- suspensions ---------------------------------------------------------------------------------


def test_a_suspension_takes_effect_at_once_everywhere(client, alice, bob, mod):
    video = post_video(client, alice)
    thread = comment(client, alice, post_video(client, bob), "hello")
    response = client.post(
        "/api/moderation/users/alice/suspension", json={"reason": "Spam."}, headers=mod.headers
    )
    assert response.get_json() == {"suspended": True, "until": None}
    for method, path in (("get", "/api/auth/me"), ("get", "/api/videos"), ("post", "/api/users/bob/follow")):
        body = assert_error(getattr(client, method)(path, headers=alice.headers), 403)
        assert body["message"] == "This account is suspended."
    login = client.post("/api/auth/login", json={"login": "alice", "password": PASSWORD})
    assert assert_error(login, 403)["message"] == "This account is suspended."
    assert_error(client.get("/api/users/alice", headers=bob.headers), 404)
    assert_error(client.get(f"/api/videos/{video}", headers=bob.headers), 404)
    bobs = page(client, f"/api/videos/{thread['video_id']}/comments", bob)["items"]
    assert bobs == []
    assert "alice" not in usernames(page(client, "/api/users", q="a")["items"])
    lifted = client.delete("/api/moderation/users/alice/suspension", headers=mod.headers)
    assert lifted.get_json() == {"suspended": False}
    assert client.get("/api/auth/me", headers=alice.headers).status_code == 200
    assert client.get(f"/api/videos/{video}", headers=bob.headers).status_code == 200


def test_a_suspension_with_until_ends_by_itself(app, client, alice, bob, mod):
    until = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    response = client.post(
        "/api/moderation/users/alice/suspension",
        json={"reason": "Cool off.", "until": until},
        headers=mod.headers,
    )
    assert response.status_code == 200
    assert response.get_json()["suspended"] is True
    assert_iso_utc(response.get_json()["until"])
    assert_error(client.get("/api/auth/me", headers=alice.headers), 403)
    # The day passes (the row's end moves into the past, as the clock would move past it).
    with app.app_context():
        db.session.execute(
            sa.update(User)
            .where(User.username_key == "alice")
            .values(suspended_until=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
    assert client.get("/api/auth/me", headers=alice.headers).status_code == 200
    assert get_user(client, "alice", bob)["username"] == "alice"
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert_invalid(
        client.post(
            "/api/moderation/users/bob/suspension", json={"reason": "x", "until": past}, headers=mod.headers
        ),
        "until",
    )


# --- the audit log -------------------------------------------------------------------------------


def test_every_moderation_action_is_in_the_audit_log(client, alice, bob, mod):
    video = post_video(client, alice)
    client.post(f"/api/moderation/videos/{video}/removal", json={"reason": "Spam."}, headers=mod.headers)
    client.post("/api/moderation/users/alice/suspension", json={"reason": "Spam."}, headers=mod.headers)
    term = client.post(
        "/api/moderation/blocked-terms", json={"term": "Zorblax"}, headers=mod.headers
    ).get_json()
    entries = page(client, "/api/moderation/audit", mod)["items"]
    assert [entry["action"] for entry in entries] == ["add_blocked_term", "suspend_user", "remove_video"]
    assert entries[1]["target"] == {"type": "user", "username": "alice"}
    assert entries[2]["target"] == {"type": "video", "id": video}
    assert entries[2]["note"] == "Spam."
    assert entries[0]["target"] == {"type": "blocked_term", "id": term["id"]}
    assert {entry["moderator"]["username"] for entry in entries} == {"mod"}
    for entry in entries:
        assert_iso_utc(entry["created_at"])


# --- blocked terms -------------------------------------------------------------------------------


def test_blocked_terms_are_matched_as_whole_words_without_regard_to_case(client, register, alice, mod):
    created = client.post("/api/moderation/blocked-terms", json={"term": "Zorblax"}, headers=mod.headers)
    assert created.status_code == 201
    assert set(created.get_json()) == {"id", "term", "created_at"}
    assert_error(
        client.post("/api/moderation/blocked-terms", json={"term": "zorblax"}, headers=mod.headers), 409
    )
    video = post_video(client, alice)
    assert_invalid(
        client.post(
            "/api/videos",
            json={"video_url": "https://e.com/v.mp4", "caption": "a ZORBLAX!"},
            headers=alice.headers,
        ),
        "caption",
    )
    assert_invalid(
        client.patch(f"/api/videos/{video}", json={"caption": "zorblax"}, headers=alice.headers), "caption"
    )
    assert_invalid(
        client.post(f"/api/videos/{video}/comments", json={"body": "so Zorblax"}, headers=alice.headers),
        "body",
    )
    assert_invalid(client.patch("/api/auth/me", json={"bio": "I zorblax"}, headers=alice.headers), "bio")
    assert_invalid(
        client.patch("/api/auth/me", json={"display_name": "Zorblax"}, headers=alice.headers), "display_name"
    )
    register_bad = client.post(
        "/api/auth/register", json={"username": "zorblax", "email": "z@example.com", "password": PASSWORD}
    )
    assert_invalid(register_bad, "username")
    # Not a whole word: allowed.
    assert (
        client.patch(f"/api/videos/{video}", json={"caption": "zorblaxes"}, headers=alice.headers).status_code
        == 200
    )
    assert client.patch("/api/auth/me", json={"bio": "unzorblax"}, headers=alice.headers).status_code == 200
    # Unblocked: allowed again.
    term_id = created.get_json()["id"]
    assert [item["id"] for item in page(client, "/api/moderation/blocked-terms", mod)["items"]] == [term_id]
    assert client.delete(f"/api/moderation/blocked-terms/{term_id}", headers=mod.headers).status_code == 204
    assert_error(client.delete(f"/api/moderation/blocked-terms/{term_id}", headers=mod.headers), 404)
    assert (
        client.patch(f"/api/videos/{video}", json={"caption": "zorblax"}, headers=alice.headers).status_code
        == 200
    )


def test_a_blocked_phrase_matches_across_spaces(client, alice, mod):
    client.post("/api/moderation/blocked-terms", json={"term": "buy  followers"}, headers=mod.headers)
    video = post_video(client, alice)
    assert_invalid(
        client.patch(f"/api/videos/{video}", json={"caption": "Buy   Followers now"}, headers=alice.headers),
        "caption",
    )
    assert (
        client.patch(
            f"/api/videos/{video}", json={"caption": "buy more followers"}, headers=alice.headers
        ).status_code
        == 200
    )


def test_a_write_costs_no_extra_statement_for_the_terms(client, alice, mod, count_queries):
    client.post("/api/moderation/blocked-terms", json={"term": "zorblax"}, headers=mod.headers)
    video = post_video(client, alice)  # reads the terms into this process's cache
    with count_queries() as statements:
        client.patch(f"/api/videos/{video}", json={"caption": "fine"}, headers=alice.headers)
    assert not any("blocked_terms" in statement for statement in statements)


# --- the instance and its terms ------------------------------------------------------------------


def test_the_instance_publishes_its_contact_terms_and_real_limits(app, client):
    body = client.get("/api/instance").get_json()
    assert set(body) == {"name", "description", "contact_email", "terms_url", "terms_version", "limits"}
    assert body["limits"] == {
        "video_max_bytes": app.config["VIDEO_MAX_BYTES"],
        "video_max_seconds": app.config["VIDEO_MAX_SECONDS"],
        "caption_max_length": 2200,
        "comment_max_length": 150,
    }
    assert body["terms_version"] is None


@pytest.fixture
def terms_app(app):
    """The app with terms configured, on the same database."""
    with_terms = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "TERMS_VERSION": "2026-12",
            "TERMS_URL": "https://example.com/terms",
            "CONTACT_EMAIL": "safety@example.com",
        },
    )
    yield with_terms
    with with_terms.app_context():
        db.session.remove()
        db.engine.dispose()


def test_with_terms_registering_requires_accepting_them(terms_app):
    client = terms_app.test_client()
    instance = client.get("/api/instance").get_json()
    assert (instance["terms_version"], instance["terms_url"], instance["contact_email"]) == (
        "2026-12",
        "https://example.com/terms",
        "safety@example.com",
    )
    account = {"username": "dana", "email": "dana@example.com", "password": PASSWORD}
    assert_invalid(client.post("/api/auth/register", json=account), "accepted_terms_version")
    assert_invalid(
        client.post("/api/auth/register", json={**account, "accepted_terms_version": "2025-01"}),
        "accepted_terms_version",
    )
    created = client.post("/api/auth/register", json={**account, "accepted_terms_version": "2026-12"})
    assert created.status_code == 201
    assert created.get_json()["user"]["accepted_terms_version"] == "2026-12"


def test_accepting_later_terms(terms_app, app, register):
    alice = register("alice")
    client = terms_app.test_client()
    assert_invalid(client.post("/api/auth/terms", json={"version": "1999"}, headers=alice.headers), "version")
    response = client.post("/api/auth/terms", json={"version": "2026-12"}, headers=alice.headers)
    assert response.status_code == 200
    assert response.get_json()["accepted_terms_version"] == "2026-12"
    # Without terms configured there is nothing to accept.
    assert_invalid(
        app.test_client().post("/api/auth/terms", json={"version": "2026-12"}, headers=alice.headers),
        "version",
    )

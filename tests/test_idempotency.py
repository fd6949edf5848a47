"""Idempotency-Key on every POST (app/idempotency.py), with the database store and with a
real Redis (skipped without one; under CI=true it must be there)."""

import uuid
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import IdempotencyRecord
from tests.helpers import MP4, assert_error, link, run_together
from tests.services import free_port, redis_answers, require

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["database", "redis"])
def store_app(request, app):
    """The suite's app (the database store), or one sharing its database with Redis."""
    if request.param == "database":
        yield app
        return
    require(redis_answers(REDIS), f"Redis is not reachable at {REDIS}")
    redis_app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "IDEMPOTENCY_REDIS_URL": REDIS,
        },
    )
    yield redis_app
    with redis_app.app_context():
        db.engine.dispose()


@pytest.fixture
def store_client(store_app):
    return store_app.test_client()


def key():
    return str(uuid.uuid4())  # fresh per test: nothing left in Redis by another run collides


def comment(client, account, video_id, body, idempotency_key):
    return client.post(
        f"/api/videos/{video_id}/comments",
        json={"body": body},
        headers={**account.headers, "Idempotency-Key": idempotency_key},
    )


def comment_count(client, video_id):
    return client.get(f"/api/videos/{video_id}").get_json()["comment_count"]


def test_a_retry_gets_the_first_response_and_changes_nothing(store_client, alice):
    video = link(store_client, alice)
    k = key()
    first = comment(store_client, alice, video["id"], "first", k)
    assert first.status_code == 201
    again = comment(store_client, alice, video["id"], "first", k)
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert comment_count(store_client, video["id"]) == 1
    # Another key is another request.
    assert comment(store_client, alice, video["id"], "first", key()).status_code == 201
    assert comment_count(store_client, video["id"]) == 2


def test_the_same_key_with_another_body_or_path_is_a_422(store_client, alice):
    video, other = link(store_client, alice), link(store_client, alice)
    k = key()
    assert comment(store_client, alice, video["id"], "first", k).status_code == 201
    body = assert_error(comment(store_client, alice, video["id"], "changed", k), 422)
    assert "Idempotency-Key" in body["errors"]["headers"]
    assert_error(comment(store_client, alice, other["id"], "first", k), 422)
    assert comment_count(store_client, video["id"]) == 1 and comment_count(store_client, other["id"]) == 0


def test_keys_belong_to_their_user(store_client, alice, bob):
    video = link(store_client, alice)
    k = key()
    mine = comment(store_client, alice, video["id"], "same words", k)
    theirs = comment(store_client, bob, video["id"], "same words", k)
    assert mine.status_code == theirs.status_code == 201
    assert mine.get_json()["id"] != theirs.get_json()["id"]
    assert "Idempotent-Replayed" not in theirs.headers


@pytest.mark.parametrize("bad", ["", "has space", "x" * 256, "caf\u00e9"])
def test_a_malformed_key_is_a_422(client, alice, bad):
    video = link(client, alice)
    response = client.post(
        f"/api/videos/{video['id']}/comments",
        json={"body": "hi"},
        headers={**alice.headers, "Idempotency-Key": bad.encode("utf-8").decode("latin-1")},
    )
    assert "Idempotency-Key" in assert_error(response, 422)["errors"]["headers"]
    assert comment_count(client, video["id"]) == 0


def test_a_401_is_not_kept_so_the_retry_with_a_fresh_token_runs(store_client, alice):
    video = link(store_client, alice)
    stale = dict(alice)
    assert store_client.post("/api/auth/logout", headers=alice.headers).status_code == 204
    fresh = store_client.post(
        "/api/auth/login", json={"login": alice.username, "password": alice["password"]}
    )
    k = key()
    revoked = store_client.post(
        f"/api/videos/{video['id']}/comments",
        json={"body": "hi"},
        headers={"Authorization": f"Bearer {stale['access_token']}", "Idempotency-Key": k},
    )
    assert_error(revoked, 401)
    retried = store_client.post(
        f"/api/videos/{video['id']}/comments",
        json={"body": "hi"},
        headers={"Authorization": f"Bearer {fresh.get_json()['access_token']}", "Idempotency-Key": k},
    )
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers


def test_without_a_token_a_key_used_anonymously_elsewhere_is_still_a_401(store_client, alice):
    video = link(store_client, alice)
    k = key()
    shared = store_client.post(f"/api/videos/{video['id']}/shares", headers={"Idempotency-Key": k})
    assert shared.status_code == 204
    for path in (
        f"/api/videos/{video['id']}/like",
        f"/api/videos/{video['id']}/bookmark",
        "/api/auth/refresh",
    ):
        assert_error(store_client.post(path, headers={"Idempotency-Key": k}), 401)


def test_a_validation_failure_is_kept_like_any_outcome(store_client, alice):
    video = link(store_client, alice)
    k = key()
    first = comment(store_client, alice, video["id"], "", k)
    assert_error(first, 422)
    again = comment(store_client, alice, video["id"], "", k)
    assert again.status_code == 422 and again.headers["Idempotent-Replayed"] == "true"


def test_an_anonymous_register_retry_gets_the_same_account(store_client):
    k = key()
    body = {"username": "idem", "email": "idem@example.com", "password": "a good password"}
    first = store_client.post("/api/auth/register", json=body, headers={"Idempotency-Key": k})
    again = store_client.post("/api/auth/register", json=body, headers={"Idempotency-Key": k})
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"] == "no-store"
    # Someone else on the address with the same key but not the same body gets nothing.
    other = {**body, "password": "another password"}
    assert_error(store_client.post("/api/auth/register", json=other, headers={"Idempotency-Key": k}), 422)


def test_two_requests_with_one_key_at_once_never_both_run(store_app, store_client, alice):
    video = link(store_client, alice)
    k = key()
    responses = run_together(
        store_app, [lambda c: comment(c, alice, video["id"], "raced", k) for _ in range(6)]
    )
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409} and 201 in statuses, statuses
    created = {r.get_json()["id"] for r in responses if r.status_code == 201}
    assert len(created) == 1  # the winner's comment, and replays of it
    assert comment_count(store_client, video["id"]) == 1


def test_an_upload_retry_gets_the_same_video(store_client, alice):
    k = key()

    def send():
        return store_client.post(
            "/api/videos",
            data={"file": (BytesIO(MP4), "clip.mp4", "video/mp4")},
            content_type="multipart/form-data",
            headers={**alice.headers, "Idempotency-Key": k},
        )

    first, again = send(), send()
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    assert store_client.get(f"/api/users/{alice.username}").get_json()["video_count"] == 1


def test_a_claim_whose_request_died_is_taken_over_after_the_lease(app, client, alice):
    video = link(client, alice)
    k = key()
    assert comment(client, alice, video["id"], "once", k).status_code == 201
    table = IdempotencyRecord.__table__
    with app.app_context():
        # As if that request were still running, then as if it had died long ago.
        db.session.execute(sa.update(table).where(table.c.key == k).values(status_code=None))
        db.session.commit()
        assert_error(comment(client, alice, video["id"], "once", k), 409)
        long_ago = datetime.now(UTC) - timedelta(seconds=app.config["IDEMPOTENCY_LEASE_SECONDS"] + 5)
        db.session.execute(sa.update(table).where(table.c.key == k).values(created_at=long_ago))
        db.session.commit()
    assert comment(client, alice, video["id"], "once", k).status_code == 201
    assert comment_count(client, video["id"]) == 2


def test_a_store_that_does_not_answer_is_a_503_and_nothing_runs(app, client, alice):
    video = link(client, alice)
    down = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "IDEMPOTENCY_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        },
    )
    response = comment(down.test_client(), alice, video["id"], "hi", key())
    assert "try again" in assert_error(response, 503)["message"]
    assert response.headers["Retry-After"].isdigit()
    assert comment_count(client, video["id"]) == 0
    # Without the header, the store is not needed.
    without = down.test_client().post(
        f"/api/videos/{video['id']}/comments", json={"body": "hi"}, headers=alice.headers
    )
    assert without.status_code == 201
    with down.app_context():
        db.engine.dispose()


def test_a_keyed_request_without_a_token_gets_the_401_not_someone_elses_key(client, alice):
    video = link(client, alice)
    k = key()
    # The key is first used anonymously from this address (a login), then sent without a
    # token to an endpoint that needs one: that is the 401, not a 422 or a replay.
    body = {"login": alice.username, "password": alice["password"]}
    assert client.post("/api/auth/login", json=body, headers={"Idempotency-Key": k}).status_code == 200
    for _ in range(2):
        response = client.post(f"/api/videos/{video['id']}/like", headers={"Idempotency-Key": k})
        assert_error(response, 401)

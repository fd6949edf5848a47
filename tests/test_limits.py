"""Rate limits under a Redis outage, and the limits of every password check.

The outage is real: the limiter's storage points at a loopback port nobody listens on
(connection refused), or at a socket that accepts connections and never answers (only a
read timeout ends the wait). Limits fail open for ordinary writes (served, one warning
per interval in the log); sign-in, registration, refresh and password checks fail
closed (JSON 503 with Retry-After).
"""

import logging
import socket

import pytest

from tests.helpers import PASSWORD, assert_error, bearer, limit_of, link
from tests.services import free_port, redis_answers

# --- the outage ----------------------------------------------------------------------


@pytest.fixture
def silent_listener():
    """A loopback socket that accepts connections (the kernel's backlog) and never
    reads or writes a byte."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield sock.getsockname()[1]
    sock.close()


def _outage_app(limited_app_factory, port):
    return limited_app_factory(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0",
        REDIS_CONNECT_TIMEOUT=0.2,
        REDIS_READ_TIMEOUT=0.2,
    )


def _check_outage_behaviour(limited, alice, caplog):
    client = limited.test_client()
    with caplog.at_level(logging.WARNING, logger="app.limits"):
        # Ordinary limited writes are served (fail open).
        video = client.post(
            "/api/videos", json={"video_url": "https://cdn.example.com/a.mp4"}, headers=alice.headers
        )
        assert video.status_code == 201, video.get_json()
        video_id = video.get_json()["id"]
        assert client.post(f"/api/videos/{video_id}/like", headers=alice.headers).status_code == 201
        assert (
            client.post(
                f"/api/videos/{video_id}/comments", json={"body": "hi"}, headers=alice.headers
            ).status_code
            == 201
        )
        assert client.post(f"/api/videos/{video_id}/views").status_code == 204
        # Sign-in and password checks are refused with a JSON 503 and Retry-After.
        refused = [
            client.post("/api/auth/login", json={"login": "alice", "password": PASSWORD}),
            client.post(
                "/api/auth/register", json={"username": "zed", "email": "z@example.com", "password": PASSWORD}
            ),
            client.post("/api/auth/refresh", headers=bearer(alice["refresh_token"])),
            client.put(
                "/api/auth/password",
                json={"current_password": PASSWORD, "new_password": "another password"},
                headers=alice.headers,
            ),
            client.delete("/api/auth/me", json={"password": PASSWORD}, headers=alice.headers),
        ]
        for response in refused:
            assert_error(response, 503)
            assert int(response.headers["Retry-After"]) >= 1
            assert "X-RateLimit-Remaining" not in response.headers
    warnings = [r for r in caplog.records if r.name == "app.limits" and r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    # Nothing was changed by the refused requests.
    assert client.get("/api/users/zed").status_code == 404
    assert client.get("/api/auth/me", headers=alice.headers).status_code == 200


def test_with_redis_refusing_connections_writes_are_served_and_sign_in_is_503(
    limited_app_factory, alice, caplog
):
    _check_outage_behaviour(_outage_app(limited_app_factory, free_port()), alice, caplog)


def test_with_a_redis_that_never_answers_requests_end_and_sign_in_is_503(
    limited_app_factory, alice, caplog, silent_listener
):
    _check_outage_behaviour(_outage_app(limited_app_factory, silent_listener), alice, caplog)


def test_after_the_retry_interval_the_storage_is_tried_again(limited_app_factory, alice, caplog):
    limited = limited_app_factory(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0", RATELIMIT_OUTAGE_RETRY_SECONDS=0
    )
    client = limited.test_client()
    with caplog.at_level(logging.WARNING, logger="app.limits"):
        for _ in range(3):
            assert (
                client.post(
                    "/api/videos", json={"video_url": "https://x.example/a.mp4"}, headers=alice.headers
                ).status_code
                == 201
            )
    # Tried (and failed) on every request, warned once per log interval.
    assert len([r for r in caplog.records if r.name == "app.limits"]) == 1


def test_health_reports_redis_apart_and_stays_200_without_it(limited_app_factory, silent_listener):
    limited = _outage_app(limited_app_factory, silent_listener)
    response = limited.test_client().get("/api/health")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["database"], body["redis"]) == ("ok", "ok", "unreachable")
    assert body["task_queue"] == "inline" and body["object_storage"] == "ok"
    assert "Retry-After" not in response.headers


def test_health_reports_redis_ok_when_it_answers(limited_app_factory):
    if not redis_answers():
        pytest.skip("no Redis at 127.0.0.1:6379")
    limited = limited_app_factory(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/14")
    assert limited.test_client().get("/api/health").get_json()["redis"] == "ok"


def test_health_reports_an_unreachable_task_queue_without_failing(limited_app_factory):
    limited = limited_app_factory(CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    response = limited.test_client().get("/api/health")
    assert response.status_code == 200
    assert response.get_json()["task_queue"] == "unreachable"


# --- every password check is limited (per address and per account) ---------------------


def _change(client, account, current, environ=None):
    body = {"current_password": current, "new_password": "another password 1"}
    return client.put("/api/auth/password", json=body, headers=account.headers, environ_base=environ or {})


def _delete(client, account, password, environ=None):
    return client.delete(
        "/api/auth/me", json={"password": password}, headers=account.headers, environ_base=environ or {}
    )


@pytest.mark.parametrize("attempt", [_change, _delete], ids=["password change", "account deletion"])
def test_guessing_the_password_with_a_stolen_token_is_limited(limited_app, limited_client, alice, attempt):
    allowed = limit_of(limited_app, "RATELIMIT_PASSWORD_ACCOUNT")
    for _ in range(allowed):
        assert_error(attempt(limited_client, alice, "wrong password"), 401)
    refused = attempt(limited_client, alice, "another guess")
    assert_error(refused, 429)
    assert int(refused.headers["Retry-After"]) >= 1
    # Even the right password is refused to this client now: it failed recently.
    assert_error(attempt(limited_client, alice, PASSWORD), 429)


def test_password_checks_are_limited_per_address(limited_app_factory, app, register):
    allowed = limit_of(app, "RATELIMIT_PASSWORD_IP")
    accounts = [register(f"victim{i:02d}") for i in range(allowed + 1)]  # before limits are on
    limited_client = limited_app_factory().test_client()
    statuses = [_change(limited_client, account, "wrong password").status_code for account in accounts]
    assert statuses == [401] * allowed + [429]


def test_the_account_limit_is_shared_by_every_password_check(limited_app, limited_client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_LOGIN_ACCOUNT")
    for i in range(allowed):
        environ = {"REMOTE_ADDR": f"10.1.0.{i + 1}"}
        assert_error(_change(limited_client, alice, "wrong password", environ), 401)
    failed_client = {"REMOTE_ADDR": "10.1.0.1"}
    response = limited_client.post(
        "/api/auth/login", json={"login": "alice", "password": PASSWORD}, environ_base=failed_client
    )
    assert_error(response, 429)


# --- no lockout by username --------------------------------------------------------------


def _login(client, login, password, address):
    return client.post(
        "/api/auth/login", json={"login": login, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_strangers_failing_cannot_lock_the_owner_out(limited_app, limited_client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_LOGIN_ACCOUNT")
    for i in range(allowed + 3):
        response = _login(limited_client, "alice", "wrong password", f"10.2.0.{i + 1}")
        assert response.status_code in (401, 429)
    # The owner, from an address that has not failed, still signs in.
    assert _login(limited_client, "alice", PASSWORD, "10.2.1.1").status_code == 200
    # A client that failed on the account is refused even with the right password.
    assert_error(_login(limited_client, "alice", PASSWORD, "10.2.0.1"), 429)


def test_login_by_username_and_by_email_share_one_account_bucket(limited_app, limited_client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_LOGIN_ACCOUNT")
    for i in range(allowed):
        login = "ALICE" if i % 2 else "alice@example.com"
        assert_error(_login(limited_client, login, "wrong password", "10.3.0.1"), 401)
    refused = _login(limited_client, "alice", "wrong password", "10.3.0.1")
    assert_error(refused, 429)
    assert int(refused.headers["Retry-After"]) >= 1


def test_successful_logins_do_not_count_against_the_account(limited_app_factory, alice):
    limited = limited_app_factory(RATELIMIT_LOGIN_IP="1000/minute")
    client = limited.test_client()
    allowed = limit_of(limited, "RATELIMIT_LOGIN_ACCOUNT")
    for _ in range(allowed * 2):
        assert _login(client, "alice", PASSWORD, "10.4.0.1").status_code == 200
    assert_error(_login(client, "alice", "wrong password", "10.4.0.1"), 401)


def test_login_headers_show_the_address_limit_not_the_account_count(limited_app, limited_client, alice):
    per_address = limit_of(limited_app, "RATELIMIT_LOGIN_IP")
    for i in range(3):
        _login(limited_client, "alice", "wrong password", f"10.5.0.{i + 1}")
    response = _login(limited_client, "alice", PASSWORD, "10.5.1.1")
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Limit"] == str(per_address)
    assert response.headers["X-RateLimit-Remaining"] == str(per_address - 1)


# --- edits are limited per user ------------------------------------------------------------


def test_profile_edits_are_limited_per_user(limited_app, limited_client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_WRITE")
    statuses = [
        limited_client.patch("/api/auth/me", json={"bio": f"bio {i}"}, headers=alice.headers).status_code
        for i in range(allowed + 1)
    ]
    assert statuses == [200] * allowed + [429]


def test_video_edits_are_limited_per_user(limited_app, limited_client, client, alice):
    allowed = limit_of(limited_app, "RATELIMIT_WRITE")
    video_id = link(client, alice)["id"]
    statuses = [
        limited_client.patch(
            f"/api/videos/{video_id}", json={"caption": f"c {i}"}, headers=alice.headers
        ).status_code
        for i in range(allowed + 1)
    ]
    assert statuses == [200] * allowed + [429]


def test_comment_deletions_are_limited_per_user(limited_app_factory, client, alice):
    limited = limited_app_factory(RATELIMIT_WRITE="3/minute")
    limited_client = limited.test_client()
    video_id = link(client, alice)["id"]
    ids = [
        client.post(f"/api/videos/{video_id}/comments", json={"body": "x"}, headers=alice.headers).get_json()[
            "id"
        ]
        for _ in range(4)
    ]
    statuses = [limited_client.delete(f"/api/comments/{i}", headers=alice.headers).status_code for i in ids]
    assert statuses == [204, 204, 204, 429]

"""The auth blueprint against docs/API.md (Auth, Details, Errors) and docs/SECURITY.md sections 1-3.

Deleting an account is also checked against every counter its likes, comments and
follows were part of (``assert drift() == {}``).
"""

import base64
import json
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import bcrypt
import jwt as pyjwt
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask_jwt_extended import create_access_token

from app.extensions import db
from app.models import User
from app.security import passwords
from tests.helpers import (
    CLIP_URL,
    ME_KEYS,
    PASSWORD,
    assert_error,
    bearer,
    comment,
    follow,
    get_user,
    get_video,
    like,
    page,
    post_video,
    usernames,
)

NEW_PASSWORD = "battery staple 99"


# --- helpers -----------------------------------------------------------------------


def post_register(client, username="alice", email=None, password=PASSWORD, **extra):
    if email is None:
        email = f"{username}@example.com"
    body = {"username": username, "email": email, "password": password}
    body.update(extra)
    return client.post("/api/auth/register", json=body)


def login(client, name, password=PASSWORD):
    return client.post("/api/auth/login", json={"login": name, "password": password})


def me(client, token):
    return client.get("/api/auth/me", headers=bearer(token))


def refresh(client, token):
    return client.post("/api/auth/refresh", headers=bearer(token))


def assert_401(response):
    body = assert_error(response, 401)
    assert body["status"] == "Unauthorized"
    return body


def stored_user(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- register ----------------------------------------------------------------------


def test_register_returns_201_with_me_and_a_token_pair(client):
    response = post_register(client, "alice", display_name="Alice A.")
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"user", "access_token", "refresh_token", "token_type", "expires_in"}
    user = body["user"]
    assert set(user) == ME_KEYS
    assert user["username"] == "alice"
    assert user["email"] == "alice@example.com"
    assert user["display_name"] == "Alice A."
    assert user["bio"] == ""
    assert user["avatar_url"] is None
    assert user["is_following"] is False
    assert isinstance(user["id"], int)
    for counter in ("followers_count", "following_count", "video_count", "like_count"):
        assert user[counter] == 0
    assert user["created_at"].endswith(("+00:00", "Z"))
    assert "password" not in response.get_data(as_text=True)
    assert me(client, body["access_token"]).status_code == 200


def test_register_response_is_not_cacheable(client):
    response = post_register(client)
    assert response.status_code == 201
    assert "no-store" in response.headers["Cache-Control"]


def test_register_keeps_the_case_the_user_typed(client):
    response = post_register(client, "AliCe", email="Alice.Smith@Example.COM")
    assert response.status_code == 201
    assert response.get_json()["user"]["username"] == "AliCe"
    assert response.get_json()["user"]["email"] == "Alice.Smith@Example.COM"


def test_register_trims_strings(client):
    response = post_register(client, "  alice  ", email="  alice@example.com ", display_name="  Al  ")
    assert response.status_code == 201, response.get_json()
    user = response.get_json()["user"]
    assert user["username"] == "alice"
    assert user["email"] == "alice@example.com"
    assert user["display_name"] == "Al"


def test_register_does_not_trim_passwords(client):
    assert post_register(client, password="  spaced pw  ").status_code == 201
    assert login(client, "alice", "  spaced pw  ").status_code == 200
    assert login(client, "alice", "spaced pw").status_code == 401


@pytest.mark.parametrize(
    "username",
    ["ab", "a" * 24, "al.ice_99", "Zoë", "名前"],
    ids=["2", "24", "dot-underscore", "latin", "cjk"],
)
def test_register_accepts_usernames_within_the_rules(client, username):
    response = post_register(client, username, email="someone@example.com")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["user"]["username"] == username


@pytest.mark.parametrize(
    "username",
    [
        "a",
        "a" * 25,
        "",
        "   ",
        "al ice",
        "al-ice",
        "al@ice",
        "alice!",
        "ali\nce",
        "al\tice",
        "al\x00ice",
        42,
        None,
    ],
    ids=[
        "1-char",
        "25-chars",
        "empty",
        "blank",
        "space",
        "dash",
        "at",
        "bang",
        "newline",
        "tab",
        "nul",
        "int",
        "null",
    ],
)
def test_register_rejects_invalid_usernames(client, username):
    assert_error(post_register(client, username, email="x@example.com"), 422, "username")


@pytest.mark.parametrize(
    "email",
    ["not-an-email", "alice@", "@example.com", "", "   ", "a b@example.com", "alice@exa\x00mple.com"],
    ids=["no-at", "no-domain", "no-local", "empty", "blank", "space", "nul"],
)
def test_register_rejects_invalid_emails(client, email):
    assert_error(post_register(client, email=email), 422, "email")


@pytest.mark.parametrize("length", [8, 128])
def test_register_accepts_passwords_of_8_to_128_characters(client, length):
    password = "p" * length
    assert post_register(client, password=password).status_code == 201
    assert login(client, "alice", password).status_code == 200


@pytest.mark.parametrize(
    "password",
    ["p" * 7, "p" * 129, "", " " * 8, "passw\x00rd123", 12345678, None],
    ids=["7", "129", "empty", "blank", "nul", "int", "null"],
)
def test_register_rejects_invalid_passwords(client, password):
    assert_error(post_register(client, password=password), 422, "password")


def test_register_display_name_up_to_30_characters(client):
    assert post_register(client, "alice", display_name="d" * 30).status_code == 201
    assert_error(post_register(client, "bob", display_name="d" * 31), 422, "display_name")
    assert_error(post_register(client, "carol", display_name="a\x00b"), 422, "display_name")


@pytest.mark.parametrize("field", ["username", "email", "password"])
def test_register_requires_each_field(client, field):
    body = {"username": "alice", "email": "alice@example.com", "password": PASSWORD}
    del body[field]
    assert_error(client.post("/api/auth/register", json=body), 422, field)


@pytest.mark.parametrize(
    "field, value",
    [
        ("is_admin", True),
        ("id", 1),
        ("created_at", "2020-01-01T00:00:00+00:00"),
        ("followers_count", 1000),
        ("like_count", 5),
        ("bio", "hi"),
        ("password_hash", "x"),
        ("token_version", 3),
    ],
)
def test_register_rejects_unknown_and_read_only_fields(client, app, field, value):
    assert_error(post_register(client, **{field: value}), 422, field)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_register_without_a_json_body_is_rejected(client):
    response = client.post("/api/auth/register")
    assert_error(response, response.status_code)
    assert response.status_code in (400, 422)


def test_register_with_taken_username_in_another_case_is_409(client, alice):
    body = assert_error(post_register(client, "Alice", email="other@example.com"), 409, "username")
    assert "email" not in body["errors"]["json"]
    assert_error(post_register(client, "ALICE", email="third@example.com"), 409, "username")


def test_register_with_taken_email_in_another_case_is_409(client, alice):
    body = assert_error(post_register(client, "alice2", email="ALICE@Example.com"), 409, "email")
    assert "username" not in body["errors"]["json"]


def test_register_with_taken_username_and_email_reports_both(client, alice):
    body = assert_error(post_register(client, "aLiCe", email="alice@EXAMPLE.com"), 409)
    assert {"username", "email"} <= set(body["errors"]["json"])


def test_register_conflict_keeps_the_first_account(client, alice):
    post_register(client, "Alice", email="other@example.com", password="other password 1")
    assert login(client, "alice").status_code == 200
    assert login(client, "alice", "other password 1").status_code == 401


def test_concurrent_registrations_of_one_username_give_one_201_and_409s(app, is_postgres):
    if not is_postgres:
        pytest.skip("the race needs PostgreSQL's concurrent writers")
    threads_count = 10
    barrier = threading.Barrier(threads_count)
    names = ["Alice", "alice", "ALICE"]
    statuses = [None] * threads_count

    def attempt(index):
        client = app.test_client()
        barrier.wait()
        response = client.post(
            "/api/auth/register",
            json={
                "username": names[index % len(names)],
                "email": f"racer{index}@example.com",
                "password": PASSWORD,
            },
        )
        statuses[index] = response.status_code
        if response.status_code != 201:
            assert_error(response, response.status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses.count(201) == 1, statuses
    assert statuses.count(409) == threads_count - 1, statuses
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


# --- login -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alice", "ALICE", "Alice", "alice@example.com", "ALICE@EXAMPLE.COM"])
def test_login_by_username_or_email_in_any_case(client, alice, name):
    response = login(client, name)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"user", "access_token", "refresh_token", "token_type", "expires_in"}
    assert set(body["user"]) == ME_KEYS
    assert body["user"]["id"] == alice.id
    assert body["user"]["username"] == "alice"
    assert body["user"]["is_following"] is False
    assert me(client, body["access_token"]).get_json()["id"] == alice.id


def test_login_trims_the_login_name(client, alice):
    assert login(client, "  alice  ").status_code == 200


def test_login_response_is_not_cacheable(client, alice):
    response = login(client, "alice")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_login_with_wrong_password_is_401(client, alice):
    assert_401(login(client, "alice", "wrong password"))
    assert_401(login(client, "alice", PASSWORD.upper()))


def test_login_with_unknown_user_and_wrong_password_give_identical_401(client, alice):
    unknown = login(client, "nobody", "wrong password")
    wrong = login(client, "alice", "wrong password")
    unknown_email = login(client, "nobody@example.com", "wrong password")
    wrong_email = login(client, "alice@example.com", "wrong password")
    for response in (unknown, wrong, unknown_email, wrong_email):
        assert_401(response)
    assert unknown.get_data() == wrong.get_data() == unknown_email.get_data() == wrong_email.get_data()
    assert unknown.headers.get("WWW-Authenticate") == wrong.headers.get("WWW-Authenticate")


class VerifySpy:
    """Counts calls to Passwords.verify / verify_nobody and to the real argon2/bcrypt checks."""

    def __init__(self, monkeypatch):
        self.calls = {"verify": 0, "verify_nobody": 0, "hash_checks": 0}
        real_verify, real_nobody = passwords.verify, passwords.verify_nobody
        real_hasher_verify = passwords.hasher.verify
        real_checkpw = bcrypt.checkpw

        def verify(*args, **kwargs):
            self.calls["verify"] += 1
            return real_verify(*args, **kwargs)

        def verify_nobody(*args, **kwargs):
            self.calls["verify_nobody"] += 1
            return real_nobody(*args, **kwargs)

        def hasher_verify(*args, **kwargs):
            self.calls["hash_checks"] += 1
            return real_hasher_verify(*args, **kwargs)

        def checkpw(*args, **kwargs):
            self.calls["hash_checks"] += 1
            return real_checkpw(*args, **kwargs)

        class CountingHasher:
            def __getattr__(self, name):
                return getattr(real_hasher, name)

            verify = staticmethod(hasher_verify)

        real_hasher = passwords.hasher
        monkeypatch.setattr(passwords, "verify", verify)
        monkeypatch.setattr(passwords, "verify_nobody", verify_nobody)
        monkeypatch.setattr(passwords, "hasher", CountingHasher())
        monkeypatch.setattr(bcrypt, "checkpw", checkpw)


@pytest.mark.parametrize("name", ["nobody", "nobody@example.com"])
def test_login_with_unknown_user_verifies_exactly_one_password(client, alice, monkeypatch, name):
    spy = VerifySpy(monkeypatch)
    assert_401(login(client, name, "wrong password"))
    assert spy.calls["verify_nobody"] == 1
    assert spy.calls["hash_checks"] == 1


@pytest.mark.parametrize("name", ["alice", "alice@example.com"])
def test_login_with_wrong_password_verifies_exactly_one_password(client, alice, monkeypatch, name):
    spy = VerifySpy(monkeypatch)
    assert_401(login(client, name, "wrong password"))
    assert spy.calls["verify"] == 1
    assert spy.calls["verify_nobody"] == 0
    assert spy.calls["hash_checks"] == 1


def test_login_with_right_password_verifies_exactly_one_password(client, alice, monkeypatch):
    spy = VerifySpy(monkeypatch)
    assert login(client, "alice").status_code == 200
    assert spy.calls["verify"] == 1
    assert spy.calls["verify_nobody"] == 0
    assert spy.calls["hash_checks"] == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"password": PASSWORD}, "login"),
        ({"login": "alice"}, "password"),
        ({"login": "   ", "password": PASSWORD}, "login"),
        ({"login": "alice", "password": ""}, "password"),
        ({"login": "alice", "password": "p" * 129}, "password"),
        ({"login": "ali\x00ce", "password": PASSWORD}, "login"),
        ({"login": "alice", "password": PASSWORD, "remember": True}, "remember"),
        ({"login": "alice", "password": PASSWORD, "username": "alice"}, "username"),
    ],
    ids=[
        "no-login",
        "no-password",
        "blank-login",
        "empty-password",
        "long-password",
        "nul",
        "unknown",
        "extra",
    ],
)
def test_login_validation_errors_are_422(client, alice, body, field):
    assert_error(client.post("/api/auth/login", json=body), 422, field)


# --- tokens: expiry, type confusion, tampering -------------------------------------


def test_missing_token_is_401(client):
    assert_401(client.get("/api/auth/me"))
    assert_401(client.post("/api/auth/refresh"))
    assert_401(client.post("/api/auth/logout"))
    assert_401(client.patch("/api/auth/me", json={"bio": "x"}))
    assert_401(client.delete("/api/auth/me", json={"password": PASSWORD}))
    assert_401(client.put("/api/auth/password", json={"current_password": PASSWORD, "new_password": "x" * 9}))


def app_claims(token):
    """The claims the app adds to its tokens (``ver`` and the like), read from a real one."""
    claims = pyjwt.decode(token, options={"verify_signature": False})
    standard = {"sub", "iat", "nbf", "exp", "jti", "type", "fresh", "csrf"}
    return {key: value for key, value in claims.items() if key not in standard}


def test_expired_access_token_is_401(app, client, alice):
    claims = app_claims(alice["access_token"])
    with app.app_context():
        valid = create_access_token(identity=str(alice.id), additional_claims=claims)
        expired = create_access_token(
            identity=str(alice.id), expires_delta=timedelta(seconds=-1), additional_claims=claims
        )
    assert me(client, valid).status_code == 200  # the same token, unexpired, is accepted
    assert_401(me(client, expired))


def test_a_token_already_verified_is_refused_once_it_expires(app, client, alice):
    """Verified tokens are remembered per process (app/security.py); expiry still applies."""
    claims = app_claims(alice["access_token"])
    with app.app_context():
        token = create_access_token(
            identity=str(alice.id), expires_delta=timedelta(seconds=1), additional_claims=claims
        )
    expires = pyjwt.decode(token, options={"verify_signature": False})["exp"]
    assert me(client, token).status_code == 200
    assert me(client, token).status_code == 200  # the second time from memory
    time.sleep(max(0.0, expires - time.time()) + 0.05)
    response = me(client, token)
    assert_401(response)
    assert response.get_json()["message"] == "The token has expired."


def test_a_token_verified_under_one_key_is_refused_under_another(app, client, alice):
    from app import create_app

    assert me(client, alice["access_token"]).status_code == 200  # remembered under this key
    other = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "JWT_SECRET_KEY": "another-key-" + "x" * 32,
        },
    )
    assert_401(me(other.test_client(), alice["access_token"]))


def test_refresh_token_on_me_is_401(client, alice):
    assert_401(me(client, alice["refresh_token"]))
    assert_401(client.patch("/api/auth/me", json={"bio": "x"}, headers=bearer(alice["refresh_token"])))


def test_access_token_on_refresh_is_401(client, alice):
    assert_401(refresh(client, alice["access_token"]))


def test_tampered_payload_is_401(client, alice, bob):
    header, payload, signature = alice["access_token"].split(".")
    claims = json.loads(b64url_decode(payload))
    claims["sub"] = str(bob.id)
    forged = ".".join([header, b64url(json.dumps(claims).encode()), signature])
    assert_401(me(client, forged))


def test_token_signed_with_another_key_is_401(app, client, alice):
    claims = pyjwt.decode(alice["access_token"], options={"verify_signature": False})
    forged = pyjwt.encode(claims, "another-secret-key-that-is-long-enough-0123456789", algorithm="HS256")
    assert_401(me(client, forged))


def test_unsigned_alg_none_token_is_401(client, alice):
    claims = pyjwt.decode(alice["access_token"], options={"verify_signature": False})
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    forged = f"{header}.{b64url(json.dumps(claims).encode())}."
    assert_401(me(client, forged))


@pytest.mark.parametrize(
    "make_header",
    [
        lambda t: t,
        lambda t: f"Token {t}",
        lambda t: f"bearer{t}",
        lambda t: "Bearer ",
        lambda t: "Bearer not.a.jwt",
        lambda t: "Bearer garbage",
    ],
    ids=["no-prefix", "wrong-prefix", "no-space", "empty", "not-a-jwt", "garbage"],
)
def test_malformed_authorization_header_is_401(client, alice, make_header):
    response = client.get("/api/auth/me", headers={"Authorization": make_header(alice["access_token"])})
    assert_401(response)


# --- refresh -----------------------------------------------------------------------


def test_refresh_returns_a_new_pair(client, alice):
    response = refresh(client, alice["refresh_token"])
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["refresh_token"] != alice["refresh_token"]
    assert "no-store" in response.headers["Cache-Control"]
    assert me(client, body["access_token"]).get_json()["id"] == alice.id
    assert refresh(client, body["refresh_token"]).status_code == 200


def test_refresh_rotates_so_the_old_refresh_token_is_401(client, alice):
    assert refresh(client, alice["refresh_token"]).status_code == 200
    assert_401(refresh(client, alice["refresh_token"]))


def test_two_refreshes_with_one_token_only_one_succeeds(client, alice):
    first = refresh(client, alice["refresh_token"])
    second = refresh(client, alice["refresh_token"])
    assert sorted([first.status_code, second.status_code]) == [200, 401]


def test_concurrent_refreshes_with_one_token_only_one_succeeds(app, alice, is_postgres):
    if not is_postgres:
        pytest.skip("the race needs PostgreSQL's concurrent writers")
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    statuses = [None] * threads_count

    def attempt(index):
        client = app.test_client()
        barrier.wait()
        statuses[index] = refresh(client, alice["refresh_token"]).status_code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses.count(200) == 1, statuses
    assert statuses.count(401) == threads_count - 1, statuses


# --- logout ------------------------------------------------------------------------


def test_logout_revokes_the_access_token(client, alice):
    response = client.post("/api/auth/logout", headers=alice.headers)
    assert response.status_code == 204
    assert response.get_data() == b""
    assert_401(me(client, alice["access_token"]))
    assert_401(client.post("/api/auth/logout", headers=alice.headers))


def test_logout_with_refresh_token_revokes_it_too(client, alice):
    response = client.post(
        "/api/auth/logout", json={"refresh_token": alice["refresh_token"]}, headers=alice.headers
    )
    assert response.status_code == 204
    assert_401(me(client, alice["access_token"]))
    assert_401(refresh(client, alice["refresh_token"]))


def test_logout_without_refresh_token_leaves_it_usable(client, alice):
    assert client.post("/api/auth/logout", json={}, headers=alice.headers).status_code == 204
    assert refresh(client, alice["refresh_token"]).status_code == 200


def test_logout_affects_only_that_session(client, alice):
    other = login(client, "alice").get_json()
    assert client.post("/api/auth/logout", headers=alice.headers).status_code == 204
    assert me(client, other["access_token"]).status_code == 200


def test_logout_with_another_users_refresh_token_is_422(client, alice, bob):
    response = client.post(
        "/api/auth/logout", json={"refresh_token": bob["refresh_token"]}, headers=alice.headers
    )
    assert_error(response, 422, "refresh_token")
    assert refresh(client, bob["refresh_token"]).status_code == 200
    # A rejected request changes nothing: the caller is still signed in.
    assert me(client, alice["access_token"]).status_code == 200


@pytest.mark.parametrize(
    "token_of",
    [lambda a: a["access_token"], lambda a: "not-a-token", lambda a: 42],
    ids=["access-token", "garbage", "int"],
)
def test_logout_with_something_else_than_own_refresh_token_is_422(client, alice, token_of):
    response = client.post("/api/auth/logout", json={"refresh_token": token_of(alice)}, headers=alice.headers)
    assert_error(response, 422, "refresh_token")


def test_logout_rejects_unknown_fields(client, alice):
    response = client.post("/api/auth/logout", json={"everywhere": True}, headers=alice.headers)
    assert_error(response, 422, "everywhere")


# --- me ----------------------------------------------------------------------------


def test_get_me_returns_me(client, alice):
    response = me(client, alice["access_token"])
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == ME_KEYS
    assert body == alice["user"]
    assert body["is_following"] is False


def test_get_me_is_one_sql_statement(client, alice, count_queries):
    with count_queries() as statements:
        response = me(client, alice["access_token"])
    assert response.status_code == 200
    assert len(statements) == 1, statements


def test_patch_me_updates_the_profile(client, alice):
    changes = {"display_name": "Alice W.", "bio": "Dancer", "avatar_url": "https://cdn.example.com/a.png"}
    response = client.patch("/api/auth/me", json=changes, headers=alice.headers)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == ME_KEYS
    assert {key: body[key] for key in changes} == changes
    assert me(client, alice["access_token"]).get_json() == body


def test_patch_me_with_some_fields_keeps_the_others(client, alice):
    client.patch("/api/auth/me", json={"bio": "one", "display_name": "D"}, headers=alice.headers)
    response = client.patch("/api/auth/me", json={"bio": "two"}, headers=alice.headers)
    assert response.get_json()["bio"] == "two"
    assert response.get_json()["display_name"] == "D"


def test_patch_me_trims_and_accepts_empty_strings(client, alice):
    response = client.patch(
        "/api/auth/me", json={"display_name": "  Al  ", "bio": "  hi there "}, headers=alice.headers
    )
    assert response.status_code == 200
    assert response.get_json()["display_name"] == "Al"
    assert response.get_json()["bio"] == "hi there"
    response = client.patch("/api/auth/me", json={"display_name": "", "bio": "   "}, headers=alice.headers)
    assert response.status_code == 200
    assert response.get_json()["display_name"] == ""
    assert response.get_json()["bio"] == ""


def test_patch_me_clears_avatar_with_null(client, alice):
    client.patch("/api/auth/me", json={"avatar_url": "http://example.com/a.png"}, headers=alice.headers)
    response = client.patch("/api/auth/me", json={"avatar_url": None}, headers=alice.headers)
    assert response.status_code == 200
    assert response.get_json()["avatar_url"] is None


def test_international_urls_are_kept_as_uris(client, alice):
    # Every URL handed back must be a URI (format: uri in the document; the fuzzer checks
    # it): the host goes to punycode, other non-ASCII characters are percent-encoded.
    response = client.patch(
        "/api/auth/me", json={"avatar_url": "https://bücher.de/bilder/ä.png?größe=1"}, headers=alice.headers
    )
    assert response.status_code == 200
    stored = "https://xn--bcher-kva.de/bilder/%C3%A4.png?gr%C3%B6%C3%9Fe=1"
    assert response.get_json()["avatar_url"] == stored
    assert client.get(f"/api/users/{alice.username}").get_json()["avatar_url"] == stored
    created = client.post("/api/videos", json={"video_url": "https://®p/v.mp4"}, headers=alice.headers)
    assert created.status_code == 201
    assert created.get_json()["video_url"] == "https://xn--p-wca/v.mp4"
    # IDNA 2003 and 2008 disagree on "ß" in a host: one domain or another. Refused.
    refused = client.patch("/api/auth/me", json={"avatar_url": "https://faß.de/a.png"}, headers=alice.headers)
    assert refused.status_code == 422
    assert "avatar_url" in refused.get_json()["errors"]["json"]


def test_patch_me_field_limits(client, alice):
    ok = client.patch("/api/auth/me", json={"display_name": "d" * 30, "bio": "b" * 80}, headers=alice.headers)
    assert ok.status_code == 200
    url = "https://example.com/" + "a" * (2048 - len("https://example.com/"))
    assert client.patch("/api/auth/me", json={"avatar_url": url}, headers=alice.headers).status_code == 200


@pytest.mark.parametrize(
    "field, value",
    [
        ("display_name", "d" * 31),
        ("bio", "b" * 81),
        ("display_name", "a\x00b"),
        ("bio", "a\x00b"),
        ("display_name", 5),
        ("avatar_url", "javascript:alert(1)"),
        ("avatar_url", "file:///etc/passwd"),
        ("avatar_url", "ftp://example.com/a.png"),
        ("avatar_url", "data:image/png;base64,AAAA"),
        ("avatar_url", "example.com/a.png"),
        ("avatar_url", ""),
        ("avatar_url", "https://example.com/" + "a" * 2029),
        ("avatar_url", "https://example.com/a\x00.png"),
    ],
    ids=[
        "display_name-31",
        "bio-81",
        "display_name-nul",
        "bio-nul",
        "display_name-int",
        "javascript",
        "file",
        "ftp",
        "data",
        "no-scheme",
        "empty-url",
        "url-2049",
        "url-nul",
    ],
)
def test_patch_me_rejects_invalid_values(client, alice, field, value):
    assert_error(client.patch("/api/auth/me", json={field: value}, headers=alice.headers), 422, field)
    assert me(client, alice["access_token"]).get_json() == alice["user"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("email", "new@example.com"),
        ("username", "mallory"),
        ("id", 99),
        ("followers_count", 1000),
        ("following_count", 1000),
        ("video_count", 5),
        ("like_count", 5),
        ("created_at", "2000-01-01T00:00:00Z"),
        ("is_following", True),
        ("is_admin", True),
        ("password", "new password 123"),
        ("password_hash", "x"),
        ("token_version", 0),
    ],
)
def test_patch_me_rejects_unknown_and_read_only_fields(client, alice, field, value):
    response = client.patch("/api/auth/me", json={field: value, "bio": "sneaky"}, headers=alice.headers)
    assert_error(response, 422, field)
    assert me(client, alice["access_token"]).get_json() == alice["user"]


# --- password change ---------------------------------------------------------------


def change_password(client, account, current, new):
    return client.put(
        "/api/auth/password",
        json={"current_password": current, "new_password": new},
        headers=account.headers,
    )


def test_change_password_with_wrong_current_is_401_and_changes_nothing(app, client, alice):
    before = stored_user(app, alice.id)
    assert_401(change_password(client, alice, "wrong password", NEW_PASSWORD))
    after = stored_user(app, alice.id)
    assert (after.password_hash, after.token_version) == (before.password_hash, before.token_version)
    assert me(client, alice["access_token"]).status_code == 200
    assert refresh(client, alice["refresh_token"]).status_code == 200
    assert login(client, "alice").status_code == 200
    assert_401(login(client, "alice", NEW_PASSWORD))


def test_change_password_revokes_every_older_token(client, alice):
    second = login(client, "alice").get_json()
    rotated = refresh(client, second["refresh_token"]).get_json()
    response = change_password(client, alice, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 204
    assert response.get_data() == b""
    for token in (alice["access_token"], second["access_token"], rotated["access_token"]):
        assert_401(me(client, token))
    for token in (alice["refresh_token"], rotated["refresh_token"]):
        assert_401(refresh(client, token))


def test_change_password_new_password_logs_in_and_old_does_not(client, alice):
    assert change_password(client, alice, PASSWORD, NEW_PASSWORD).status_code == 204
    assert_401(login(client, "alice", PASSWORD))
    fresh = login(client, "alice", NEW_PASSWORD)
    assert fresh.status_code == 200
    assert me(client, fresh.get_json()["access_token"]).status_code == 200
    assert refresh(client, fresh.get_json()["refresh_token"]).status_code == 200


def test_change_password_leaves_other_users_signed_in(client, alice, bob):
    assert change_password(client, alice, PASSWORD, NEW_PASSWORD).status_code == 204
    assert me(client, bob["access_token"]).status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"current_password": PASSWORD, "new_password": "p" * 7}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "p" * 129}, "new_password"),
        ({"current_password": PASSWORD, "new_password": " " * 10}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "new\x00password"}, "new_password"),
        ({"current_password": PASSWORD}, "new_password"),
        ({"new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": NEW_PASSWORD, "logout_all": False}, "logout_all"),
    ],
    ids=["short", "long", "blank", "nul", "no-new", "no-current", "unknown"],
)
def test_change_password_validation_errors_are_422(app, client, alice, body, field):
    assert_error(client.put("/api/auth/password", json=body, headers=alice.headers), 422, field)
    assert me(client, alice["access_token"]).status_code == 200
    assert login(client, "alice").status_code == 200


# --- account deletion --------------------------------------------------------------


def delete_me(client, account, password=PASSWORD):
    return client.delete("/api/auth/me", json={"password": password}, headers=account.headers)


def test_delete_me_with_wrong_password_is_401_and_keeps_the_account(client, alice):
    assert_401(delete_me(client, alice, "wrong password"))
    assert me(client, alice["access_token"]).status_code == 200
    assert login(client, "alice").status_code == 200


def test_delete_me_requires_the_password_field(client, alice):
    assert_error(client.delete("/api/auth/me", json={}, headers=alice.headers), 422, "password")
    assert_error(
        client.delete("/api/auth/me", json={"password": PASSWORD, "force": True}, headers=alice.headers),
        422,
        "force",
    )
    assert me(client, alice["access_token"]).status_code == 200


def test_delete_me_removes_the_account_and_its_tokens(app, client, alice, bob, drift):
    other = login(client, "alice").get_json()
    response = delete_me(client, alice)
    assert response.status_code == 204
    assert response.get_data() == b""
    for token in (alice["access_token"], other["access_token"]):
        assert_401(me(client, token))
    for token in (alice["refresh_token"], other["refresh_token"]):
        assert_401(refresh(client, token))
    assert_401(login(client, "alice"))
    assert_401(login(client, "alice@example.com"))
    assert stored_user(app, alice.id) is None
    assert me(client, bob["access_token"]).status_code == 200
    assert drift() == {}


def test_deleted_username_and_email_can_be_registered_again(client, alice):
    assert delete_me(client, alice).status_code == 204
    response = post_register(client, "Alice", email="ALICE@example.com", password=NEW_PASSWORD)
    assert response.status_code == 201
    # SQLite may give the new account the deleted one's id: the old tokens stay dead anyway.
    assert_401(me(client, alice["access_token"]))
    assert_401(refresh(client, alice["refresh_token"]))
    assert login(client, "alice", NEW_PASSWORD).status_code == 200


def test_deleting_an_account_keeps_every_counter_exact(client, register, alice, bob, carol, drift):
    doomed = register("dora")
    video_a = post_video(client, alice, "alice's video", CLIP_URL)
    video_b = post_video(client, bob, "bob's video", CLIP_URL)
    video_d = post_video(client, doomed, "dora's video", CLIP_URL)

    # Dora likes, comments, replies under others' comments, follows and is followed.
    for video in (video_a, video_b, video_d):
        like(client, doomed, video)
    like(client, carol, video_a)
    like(client, alice, video_d)
    like(client, bob, video_d)

    alice_top = comment(client, alice, video_a, "alice's own comment")
    comment(client, doomed, video_a, "dora replies to alice", parent_id=alice_top["id"])
    comment(client, doomed, video_a, "dora replies again", parent_id=alice_top["id"])
    comment(client, carol, video_a, "carol replies to alice", parent_id=alice_top["id"])
    dora_top = comment(client, doomed, video_a, "dora's comment")
    comment(client, bob, video_a, "bob replies to dora", parent_id=dora_top["id"])
    comment(client, alice, video_a, "alice replies to dora", parent_id=dora_top["id"])
    dora_on_b = comment(client, doomed, video_b, "dora on bob's video")
    comment(client, bob, video_b, "bob's reply to dora", parent_id=dora_on_b["id"])
    bob_top = comment(client, bob, video_b, "bob's own comment")
    comment(client, doomed, video_b, "dora replies to bob", parent_id=bob_top["id"])
    comment(client, alice, video_d, "on dora's video")

    follow(client, doomed, "alice")
    follow(client, doomed, "bob")
    follow(client, carol, "dora")
    follow(client, bob, "dora")
    follow(client, alice, "carol")

    assert get_video(client, video_a)["comment_count"] == 7
    assert get_video(client, video_b)["comment_count"] == 4
    assert get_user(client, "alice")["like_count"] == 2
    assert drift() == {}

    response = client.delete("/api/auth/me", json={"password": PASSWORD}, headers=doomed.headers)
    assert response.status_code == 204, response.get_json()

    assert_error(client.get("/api/users/dora"), 404)
    assert_error(client.get(f"/api/videos/{video_d}"), 404)
    assert_error(client.get("/api/auth/me", headers=doomed.headers), 401)

    a = get_video(client, video_a)
    assert (a["like_count"], a["comment_count"]) == (1, 2)  # carol's like; alice's comment + carol's reply
    b = get_video(client, video_b)
    assert (b["like_count"], b["comment_count"]) == (0, 1)  # bob's own comment only
    top_a = page(client, f"/api/videos/{video_a}/comments")["items"]
    assert [(item["id"], item["reply_count"]) for item in top_a] == [(alice_top["id"], 1)]
    top_b = page(client, f"/api/videos/{video_b}/comments")["items"]
    assert [(item["id"], item["reply_count"]) for item in top_b] == [(bob_top["id"], 0)]
    replies = page(client, f"/api/comments/{alice_top['id']}/replies")["items"]
    assert [item["author"]["username"] for item in replies] == ["carol"]

    users = {name: get_user(client, name) for name in ("alice", "bob", "carol")}
    counts = {
        name: (p["followers_count"], p["following_count"], p["video_count"], p["like_count"])
        for name, p in users.items()
    }
    assert counts == {
        "alice": (0, 1, 1, 1),
        "bob": (0, 0, 1, 0),
        "carol": (1, 0, 0, 0),
    }
    assert usernames(page(client, "/api/users/carol/following")["items"]) == []
    assert usernames(page(client, "/api/users/alice/followers")["items"]) == []
    assert page(client, "/api/users/alice/likes")["items"] == []
    assert usernames(page(client, f"/api/videos/{video_a}/likes")["items"]) == ["carol"]
    assert usernames(page(client, "/api/users")["items"]) == ["alice", "bob", "carol"]
    assert drift() == {}


def test_deleting_an_account_with_a_wrong_password_changes_nothing(client, alice, bob, drift):
    video = post_video(client, alice, "a video", CLIP_URL)
    like(client, bob, video)
    follow(client, bob, "alice")
    comment(client, bob, video, "hi")
    response = client.delete("/api/auth/me", json={"password": "wrong password"}, headers=bob.headers)
    assert_error(response, 401)
    assert get_user(client, "alice")["followers_count"] == 1
    v = get_video(client, video)
    assert (v["like_count"], v["comment_count"]) == (1, 1)
    assert drift() == {}


# --- password hashes ---------------------------------------------------------------


def set_password_hash(app, user_id, password_hash):
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == user_id).values(password_hash=password_hash))
        db.session.commit()


def test_new_passwords_are_stored_as_argon2id(app, alice):
    stored = stored_user(app, alice.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_login_with_a_legacy_bcrypt_hash_upgrades_it_to_argon2id(app, client, alice):
    legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    set_password_hash(app, alice.id, legacy)
    response = login(client, "alice")
    assert response.status_code == 200
    assert me(client, response.get_json()["access_token"]).status_code == 200
    upgraded = stored_user(app, alice.id).password_hash
    assert upgraded.startswith("$argon2id$")
    assert login(client, "ALICE@example.com").status_code == 200
    assert stored_user(app, alice.id).password_hash == upgraded  # not re-hashed again


def test_wrong_password_against_a_bcrypt_hash_is_401_and_keeps_the_hash(app, client, alice):
    legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    set_password_hash(app, alice.id, legacy)
    wrong = login(client, "alice", "wrong password")
    assert_401(wrong)
    assert wrong.get_data() == login(client, "nobody", "wrong password").get_data()
    assert stored_user(app, alice.id).password_hash == legacy


@pytest.mark.parametrize("prefix", ["$2a$", "$2y$"])
def test_bcrypt_hashes_of_other_prefixes_verify(app, client, alice, prefix):
    legacy = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4, prefix=b"2a")).decode()
    set_password_hash(app, alice.id, prefix + legacy[4:])
    assert login(client, "alice").status_code == 200
    assert stored_user(app, alice.id).password_hash.startswith("$argon2id$")


def test_password_change_and_delete_accept_a_bcrypt_hash(app, client, alice):
    set_password_hash(app, alice.id, bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode())
    assert_401(change_password(client, alice, "wrong password", NEW_PASSWORD))
    assert change_password(client, alice, PASSWORD, NEW_PASSWORD).status_code == 204
    assert stored_user(app, alice.id).password_hash.startswith("$argon2id$")


def test_login_rehashes_argon2_with_outdated_parameters(app, client, alice):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    set_password_hash(app, alice.id, weak)
    assert login(client, "alice").status_code == 200
    assert stored_user(app, alice.id).password_hash != weak
    assert passwords.hasher.check_needs_rehash(stored_user(app, alice.id).password_hash) is False


def test_production_argon2_parameters_are_the_default(tmp_path):
    # In a separate interpreter: create_app() re-binds module-level singletons that the
    # session's app shares (the password hasher, but also the Api's spec and the limiter,
    # whose `enabled` flag would switch rate limiting back on for every later test).
    script = (
        "from app import create_app\n"
        "from app.security import passwords\n"
        f"create_app('development', overrides={{'SQLALCHEMY_DATABASE_URI': 'sqlite://',"
        f" 'MEDIA_ROOT': {str(tmp_path)!r}}})\n"
        "print(passwords.hash('correct horse 42'))\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ARGON2_", "APP_CONFIG"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


# --- password hashing cannot starve the API ---------------------------------------------


@pytest.fixture
def every_hash_slot_taken():
    """Take every hashing slot of this process, as a burst of logins would."""
    taken = []
    while (slot := passwords.slots.try_acquire()) is not None:
        taken.append(slot)
    yield
    for slot in taken:
        passwords.slots.release(slot)


def test_login_beyond_the_hashing_bound_is_a_json_503_with_retry_after(client, alice, every_hash_slot_taken):
    response = login(client, "alice")
    body = assert_error(response, 503)
    assert "try again" in body["message"]
    assert int(response.headers["Retry-After"]) >= 1


def test_password_checks_beyond_the_hashing_bound_change_nothing(app, client, alice, every_hash_slot_taken):
    assert_error(change_password(client, alice, PASSWORD, NEW_PASSWORD), 503)
    assert_error(client.delete("/api/auth/me", json={"password": PASSWORD}, headers=alice.headers), 503)
    assert stored_user(app, alice.id) is not None


def test_once_a_slot_is_free_logins_succeed_again(client, alice):
    slot = passwords.slots.try_acquire()
    passwords.slots.release(slot)
    assert login(client, "alice").status_code == 200


@pytest.fixture
def shared_slots_app(app, limited_app_factory, tmp_path):
    """The app with one hashing slot shared through a lock directory, as every worker of
    every instance on a machine shares it."""
    yield limited_app_factory(
        RATELIMIT_ENABLED=False, PASSWORD_HASH_LOCK_DIR=str(tmp_path), PASSWORD_HASH_CONCURRENCY=1
    )
    passwords.init_app(app)  # the session's own hasher and slots again


def test_the_hashing_bound_holds_across_processes(shared_slots_app, alice, tmp_path):
    """Another process (a second sync worker) hashing holds the machine's slot: a login
    here is a 503 until it is done."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys\n"
            f"f = open({str(tmp_path / 'slot-0.lock')!r}, 'a+b')\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        client = shared_slots_app.test_client()
        response = login(client, "alice")
        assert_error(response, 503)
        assert response.headers["Retry-After"] == "1"
    finally:
        holder.communicate("")  # the holder exits, the kernel frees its lock
    assert login(client, "alice").status_code == 200


def test_no_database_connection_is_held_while_a_password_is_verified(app, client, alice, is_postgres):
    if not is_postgres:
        pytest.skip("SQLite's pool keeps one connection per thread")
    with app.app_context():
        pool = db.engine.pool
    held = []
    original = passwords.hasher

    class LookingHasher(PasswordHasher):
        """The app's hasher, noting how many pooled connections are out as it verifies."""

        def verify(self, hash, password):
            held.append(pool.checkedout())
            return super().verify(hash, password)

    passwords.hasher = LookingHasher(
        time_cost=original.time_cost, memory_cost=original.memory_cost, parallelism=original.parallelism
    )
    try:
        assert login(client, "alice").status_code == 200
        assert_401(login(client, "alice", "wrong password"))
        assert_401(login(client, "nobody", "wrong password"))
        assert change_password(client, alice, PASSWORD, NEW_PASSWORD).status_code == 204
    finally:
        passwords.hasher = original
    assert held == [0, 0, 0, 0]


# --- refresh-token reuse revokes the family (RFC 9700 §4.14) -----------------------------


def _refresh(client, token):
    return client.post("/api/auth/refresh", headers=bearer(token))


def test_replaying_a_rotated_refresh_token_revokes_its_whole_family(client, alice):
    first = alice["refresh_token"]
    second = _refresh(client, first).get_json()
    third = _refresh(client, second["refresh_token"]).get_json()
    # The thief (or the victim) presents a token already rotated out.
    assert_401(_refresh(client, first))
    # Every token descended from that sign-in is now refused, access and refresh alike.
    for token in (alice["access_token"], second["access_token"], third["access_token"]):
        assert_401(client.get("/api/auth/me", headers=bearer(token)))
    assert_401(_refresh(client, third["refresh_token"]))
    # Signing in again starts a new family, which works.
    fresh = login(client, "alice").get_json()
    assert client.get("/api/auth/me", headers=bearer(fresh["access_token"])).status_code == 200
    assert _refresh(client, fresh["refresh_token"]).status_code == 200


def test_a_replay_leaves_the_accounts_other_sign_ins_alone(client, alice):
    phone = login(client, "alice").get_json()
    rotated = _refresh(client, alice["refresh_token"]).get_json()
    assert_401(_refresh(client, alice["refresh_token"]))
    assert_401(client.get("/api/auth/me", headers=bearer(rotated["access_token"])))
    assert client.get("/api/auth/me", headers=bearer(phone["access_token"])).status_code == 200
    assert _refresh(client, phone["refresh_token"]).status_code == 200


# --- claims of the wrong type ---------------------------------------------------------------


def _signed(app, claims):
    return pyjwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS256")


def _claims(alice, **changes):
    claims = {
        "sub": str(alice.id),
        "jti": "5d2b8f0e-1c1e-4d7e-9a53-3f4a1c2b9e01",
        "type": "access",
        "fresh": False,
        "iat": int(time.time()),
        "nbf": int(time.time()),
        "exp": int(time.time()) + 600,
        "ver": 0,
    }
    claims.update(changes)
    return {name: value for name, value in claims.items() if value is not None}


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": None},
        {"exp": "9999999999"},
        {"exp": [9999999999]},
        {"jti": None},
        {"jti": ["a", "b"]},
        {"jti": "x" * 5000},
        {"sub": 1},
        {"type": ["access"]},  # (a missing "type" is read as "access" by Flask-JWT-Extended)
        {"ver": "0"},
        {"fam": 7},
        {"iat": "now"},
    ],
    ids=lambda changes: ",".join(f"{k}={type(v).__name__}" for k, v in changes.items()),
)
def test_a_signed_token_with_claims_of_the_wrong_type_is_401(app, client, alice, changes):
    token = _signed(app, _claims(alice, **changes))
    assert_401(client.get("/api/auth/me", headers=bearer(token)))
    assert_401(client.get("/api/videos", headers=bearer(token)))


@pytest.mark.parametrize("changes", [{"exp": None}, {"exp": "9999999999"}, {"jti": None}])
def test_a_malformed_refresh_token_is_401_on_refresh_and_422_on_logout(app, client, alice, changes):
    token = _signed(app, _claims(alice, type="refresh", **changes))
    assert_401(_refresh(client, token))
    response = client.post("/api/auth/logout", json={"refresh_token": token}, headers=alice.headers)
    assert response.status_code == 422, response.get_json()


# --- legacy bcrypt hashes and passwords over 72 bytes -----------------------------------------


def test_a_long_password_matching_a_bcrypt_hash_only_by_truncation_is_refused(app, client, alice):
    real = "x" * 72 + "the real tail"
    legacy = bcrypt.hashpw(real.encode()[:72], bcrypt.gensalt(rounds=4)).decode()  # as Node.js truncated
    set_password_hash(app, alice.id, legacy)
    assert_401(login(client, "alice", "x" * 72 + "a guessed tail"))
    assert_401(login(client, "alice", real))  # indistinguishable from the guess: refused too
    assert stored_user(app, alice.id).password_hash == legacy  # never re-hashed from a guess


def test_a_bcrypt_password_of_72_bytes_or_fewer_still_verifies_and_is_rehashed(app, client, alice):
    password = "y" * 72
    set_password_hash(app, alice.id, bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode())
    assert login(client, "alice", password).status_code == 200
    assert stored_user(app, alice.id).password_hash.startswith("$argon2id$")
    assert login(client, "alice", password).status_code == 200

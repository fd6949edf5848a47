"""Accounts and data rights over HTTP (API.md, "Accounts and data rights"): password reset
and email verification by mail, against a real SMTP server (aiosmtpd, tests/services.py),
and REQUIRE_VERIFIED_EMAIL. The data exports are in tests/test_exports.py.

The app under test shares the suite's database and sends its mail to the SMTP server;
without a task queue the mail tasks run in the request, after its commit.
"""

import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db, limiter
from app.models import AccountToken, User
from tests.helpers import (
    PASSWORD,
    Account,
    ClosingClient,
    assert_error,
    assert_invalid,
    bearer,
    limit_of,
    link,
)
from tests.services import smtp_server

BASE_URL = "https://short.example.test"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(scope="module")
def smtp():
    with smtp_server() as server:
        yield server


def _mail_app(app, smtp, **overrides):
    mail_app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp.port,
            "MAIL_DEFAULT_SENDER": "Short-video <no-reply@short.example.test>",
            "PUBLIC_BASE_URL": BASE_URL,
            **overrides,
        },
    )
    mail_app.test_client_class = ClosingClient  # the mails go once the answer is sent
    return mail_app


@pytest.fixture(scope="module")
def mail_app(app, smtp):
    mail_app = _mail_app(app, smtp)
    yield mail_app
    with mail_app.app_context():
        db.engine.dispose()


@pytest.fixture
def inbox(smtp):
    smtp.messages.clear()
    yield smtp
    smtp.messages.clear()


@pytest.fixture
def mail_client(mail_app, inbox):
    return mail_app.test_client()


def register(client, username, email=None):
    response = client.post(
        "/api/auth/register",
        json={"username": username, "email": email or f"{username}@example.com", "password": PASSWORD},
    )
    assert response.status_code == 201, response.get_json()
    return Account(response.get_json(), password=PASSWORD)


def token_of(message):
    """The token of the link in a mail's text part, checked against its HTML part."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    [url] = re.findall(r"https?://\S+", text)
    assert url.replace("&", "&amp;") in html
    [token] = parse_qs(urlsplit(url).query)["token"]
    return url, token


def mails_to(inbox, address):
    return [message for message in inbox.messages if message["To"] == address]


def me(client, account):
    response = client.get("/api/auth/me", headers=account.headers)
    assert response.status_code == 200
    return response.get_json()


def expire_tokens(app):
    with app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        db.session.execute(sa.update(AccountToken).values(expires_at=past))
        db.session.commit()


# --- email verification ----------------------------------------------------------------


def test_registration_mails_a_verification_link_with_text_and_html_parts(mail_client, inbox):
    alice = register(mail_client, "alice")
    assert alice["user"]["email_verified"] is False
    [message] = mails_to(inbox, "alice@example.com")
    assert message["Subject"] == "Confirm your email address"
    assert message["From"] == "Short-video <no-reply@short.example.test>"
    assert message.envelope_to == ["alice@example.com"]
    assert message.is_multipart() and message.get_content_type() == "multipart/alternative"
    url, token = token_of(message)
    assert url.startswith(f"{BASE_URL}/verify-email?token=")
    assert len(token) >= 43  # 256 random bits, URL-safe


def test_the_link_verifies_the_address_once(mail_client, inbox):
    alice = register(mail_client, "alice")
    _url, token = token_of(mails_to(inbox, "alice@example.com")[0])
    response = mail_client.post("/api/auth/email/verify", json={"token": token})
    assert response.status_code == 204
    assert me(mail_client, alice)["email_verified"] is True
    assert_invalid(mail_client.post("/api/auth/email/verify", json={"token": token}), "token")
    assert me(mail_client, alice)["email_verified"] is True


def test_a_forged_or_expired_verification_token_is_422(mail_app, mail_client, inbox):
    alice = register(mail_client, "alice")
    _url, token = token_of(mails_to(inbox, "alice@example.com")[0])
    assert_invalid(mail_client.post("/api/auth/email/verify", json={"token": token[:-2] + "xx"}), "token")
    expire_tokens(mail_app)
    assert_invalid(mail_client.post("/api/auth/email/verify", json={"token": token}), "token")
    assert me(mail_client, alice)["email_verified"] is False


def test_only_a_hash_of_each_token_is_stored(mail_app, mail_client, inbox):
    register(mail_client, "alice")
    _url, token = token_of(mails_to(inbox, "alice@example.com")[0])
    with mail_app.app_context():
        stored = db.session.scalars(sa.select(AccountToken.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]


def test_asking_again_mails_a_new_link_and_nothing_once_verified(mail_client, inbox):
    alice = register(mail_client, "alice")
    response = mail_client.post("/api/auth/email/verification", headers=alice.headers)
    assert response.status_code == 202
    assert response.get_json()["status"] == "accepted"
    first, second = mails_to(inbox, "alice@example.com")
    assert token_of(first)[1] != token_of(second)[1]
    assert mail_client.post("/api/auth/email/verify", json={"token": token_of(second)[1]}).status_code == 204
    # The other link is void once the address is verified; asking again sends nothing.
    assert_invalid(mail_client.post("/api/auth/email/verify", json={"token": token_of(first)[1]}), "token")
    assert mail_client.post("/api/auth/email/verification", headers=alice.headers).status_code == 202
    assert len(mails_to(inbox, "alice@example.com")) == 2


def test_asking_for_a_verification_mail_needs_a_token(mail_client):
    assert_error(mail_client.post("/api/auth/email/verification"), 401)


def test_frontend_templates_make_the_links_and_keep_their_own_query(app, smtp, inbox):
    frontend = _mail_app(
        app,
        smtp,
        FRONTEND_VERIFY_URL="https://app.example.test/verify?lang=en",
        FRONTEND_RESET_URL="https://app.example.test/reset",
    )
    client = frontend.test_client()
    register(client, "alice")
    client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
    verification, reset = mails_to(inbox, "alice@example.com")
    assert token_of(verification)[0].startswith("https://app.example.test/verify?lang=en&token=")
    assert token_of(reset)[0].startswith("https://app.example.test/reset?token=")
    assert token_of(reset)[1] != token_of(verification)[1]


# --- password reset -----------------------------------------------------------------------


def test_reset_answers_the_same_for_known_and_unknown_addresses(mail_client, inbox):
    register(mail_client, "alice")
    inbox.messages.clear()
    known = mail_client.post("/api/auth/password-reset", json={"email": "ALICE@example.com"})
    unknown = mail_client.post("/api/auth/password-reset", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_data() == unknown.get_data()  # byte for byte
    assert dict(known.headers) == dict(unknown.headers)
    [message] = inbox.messages  # only the registered address gets a mail
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "Reset your password"
    url, _token = token_of(message)
    assert url.startswith(f"{BASE_URL}/reset-password?token=")


def test_without_a_task_queue_the_mail_goes_only_once_the_answer_is_sent(mail_app, inbox):
    register(mail_app.test_client(), "alice")
    inbox.messages.clear()
    response = mail_app.test_client().post(
        "/api/auth/password-reset", json={"email": "alice@example.com"}, buffered=False
    )
    assert response.status_code == 202
    assert inbox.messages == []  # answered, nothing sent yet
    response.close()  # what the WSGI server does once it has sent the answer
    [message] = inbox.messages
    assert message["To"] == "alice@example.com"


def test_the_reset_request_does_the_same_sql_for_known_and_unknown_addresses(mail_app, mail_client, inbox):
    register(mail_client, "alice")
    with mail_app.app_context():
        engine = db.engine
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
        known = list(statements)
        statements.clear()
        mail_client.post("/api/auth/password-reset", json={"email": "nobody@example.com"})
        unknown = list(statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    # The request itself runs none: the task (inline here, once the answer is sent) looks
    # the address up, and an unknown one stops at that one SELECT.
    assert len(unknown) == 1 and unknown[0] == known[0]
    assert any(statement.startswith("INSERT INTO account_tokens") for statement in known)


def test_confirming_sets_the_password_and_revokes_every_earlier_token(mail_client, inbox):
    alice = register(mail_client, "alice")
    mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
    _url, token = token_of(mails_to(inbox, "alice@example.com")[-1])
    response = mail_client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    assert_error(mail_client.get("/api/auth/me", headers=alice.headers), 401)
    assert_error(mail_client.post("/api/auth/refresh", headers=bearer(alice["refresh_token"])), 401)
    old = mail_client.post("/api/auth/login", json={"login": "alice", "password": PASSWORD})
    assert_error(old, 401)
    new = mail_client.post("/api/auth/login", json={"login": "alice", "password": NEW_PASSWORD})
    assert new.status_code == 200


def test_a_reset_token_works_once(mail_client, inbox):
    register(mail_client, "alice")
    mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
    _url, token = token_of(mails_to(inbox, "alice@example.com")[-1])
    body = {"token": token, "new_password": NEW_PASSWORD}
    assert mail_client.post("/api/auth/password-reset/confirm", json=body).status_code == 204
    again = {"token": token, "new_password": "yet another passphrase"}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=again), "token")
    assert (
        mail_client.post("/api/auth/login", json={"login": "alice", "password": NEW_PASSWORD}).status_code
        == 200
    )


def test_confirming_voids_the_other_reset_links(mail_client, inbox):
    register(mail_client, "alice")
    for _ in range(2):
        mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
    first, second = (token_of(m)[1] for m in mails_to(inbox, "alice@example.com")[-2:])
    body = {"token": second, "new_password": NEW_PASSWORD}
    assert mail_client.post("/api/auth/password-reset/confirm", json=body).status_code == 204
    body = {"token": first, "new_password": "yet another passphrase"}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=body), "token")


def test_an_expired_or_forged_reset_token_is_422_and_changes_nothing(mail_app, mail_client, inbox):
    register(mail_client, "alice")
    mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
    _url, token = token_of(mails_to(inbox, "alice@example.com")[-1])
    forged = {"token": "x" * 43, "new_password": NEW_PASSWORD}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=forged), "token")
    expire_tokens(mail_app)
    expired = {"token": token, "new_password": NEW_PASSWORD}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=expired), "token")
    assert (
        mail_client.post("/api/auth/login", json={"login": "alice", "password": PASSWORD}).status_code == 200
    )


def test_a_password_change_voids_the_reset_links(mail_client, inbox):
    alice = register(mail_client, "alice")
    mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
    _url, token = token_of(mails_to(inbox, "alice@example.com")[-1])
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert mail_client.put("/api/auth/password", json=change, headers=alice.headers).status_code == 204
    body = {"token": token, "new_password": "yet another passphrase"}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=body), "token")


def test_a_verification_token_is_no_reset_token(mail_client, inbox):
    register(mail_client, "alice")
    _url, token = token_of(mails_to(inbox, "alice@example.com")[0])
    body = {"token": token, "new_password": NEW_PASSWORD}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=body), "token")


def test_reset_requests_validate_their_bodies(mail_client):
    assert_invalid(mail_client.post("/api/auth/password-reset", json={"email": "not an address"}), "email")
    assert_invalid(mail_client.post("/api/auth/password-reset", json={}), "email")
    short = {"token": "abc", "new_password": "short"}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=short), "new_password")
    assert_invalid(
        mail_client.post("/api/auth/password-reset/confirm", json={"new_password": NEW_PASSWORD}), "token"
    )


# --- a mail server that is down -------------------------------------------------------------


def test_a_mail_server_that_is_down_never_fails_the_request(mail_app, mail_client, inbox, caplog):
    register(mail_client, "alice")
    inbox.stop()
    try:
        with caplog.at_level(logging.WARNING, logger="app.auth.tasks"):
            response = mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
            bob = mail_client.post(
                "/api/auth/register",
                json={"username": "bob", "email": "bob@example.com", "password": PASSWORD},
            )
    finally:
        inbox.start()
    assert response.status_code == 202
    assert bob.status_code == 201
    assert "not sent" in caplog.text
    with mail_app.app_context():  # the tokens of mails never sent are dropped
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountToken).where(
            AccountToken.purpose == "password_reset"
        )) == 0  # fmt: skip


def test_without_a_mail_server_the_whole_mail_is_logged(app, caplog):
    client = ClosingClient(app, app.response_class)
    with caplog.at_level(logging.WARNING, logger="app.mail"):
        response = client.post(
            "/api/auth/register",
            json={"username": "alice", "email": "alice@example.com", "password": PASSWORD},
        )
    assert response.status_code == 201
    assert "Subject: Confirm your email address" in caplog.text
    assert "/verify-email?token=" in caplog.text


# --- rate limits ----------------------------------------------------------------------------------


@pytest.fixture
def limited_mail_client(app, smtp, inbox):
    limited = _mail_app(app, smtp, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    limiter.reset()
    client = limited.test_client()
    yield client
    limiter.reset()
    limiter.enabled = False
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


def test_reset_requests_are_limited_per_address(limited_mail_client):
    # (Reading the limit from a new app would switch the shared limiter off again.)
    allowed = limit_of(limited_mail_client.application, "RATELIMIT_PASSWORD_RESET_EMAIL")
    body = {"email": "victim@example.com"}
    statuses = [
        limited_mail_client.post("/api/auth/password-reset", json=body).status_code for _ in range(allowed)
    ]
    assert statuses == [202] * allowed
    # The same mailbox, however it is spelled.
    refused = limited_mail_client.post("/api/auth/password-reset", json={"email": "VICTIM@example.com "})
    assert_error(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
    assert (
        limited_mail_client.post("/api/auth/password-reset", json={"email": "other@example.com"}).status_code
        == 202
    )


def test_reset_requests_are_limited_per_client(limited_mail_client):
    allowed = limit_of(limited_mail_client.application, "RATELIMIT_PASSWORD_RESET_IP")
    for i in range(allowed):
        body = {"email": f"user{i}@example.com"}
        assert limited_mail_client.post("/api/auth/password-reset", json=body).status_code == 202
    refused = limited_mail_client.post("/api/auth/password-reset", json={"email": "last@example.com"})
    assert_error(refused, 429)
    assert "Retry-After" in refused.headers


# --- REQUIRE_VERIFIED_EMAIL -----------------------------------------------------------------------


@pytest.fixture
def strict_client(app, smtp, inbox):
    strict = _mail_app(app, smtp, REQUIRE_VERIFIED_EMAIL=True)
    yield strict.test_client()
    with strict.app_context():
        db.engine.dispose()


def test_unverified_accounts_may_not_post_when_verification_is_required(strict_client, inbox):
    alice = register(strict_client, "alice")
    response = strict_client.post(
        "/api/videos", json={"video_url": "https://cdn.example.com/v.mp4"}, headers=alice.headers
    )
    body = assert_error(response, 403)
    assert "Verify your email address" in body["message"]
    # Reading and managing the account still work.
    assert strict_client.get("/api/videos", headers=alice.headers).status_code == 200
    assert strict_client.post("/api/auth/email/verification", headers=alice.headers).status_code == 202
    token = token_of(mails_to(inbox, "alice@example.com")[-1])[1]
    assert strict_client.post("/api/auth/email/verify", json={"token": token}).status_code == 204
    assert link(strict_client, alice)["author"]["username"] == "alice"


def test_every_feature_write_needs_the_verified_email_when_required(client, strict_client):
    bob = register(strict_client, "bob")
    bob_video = link(client, bob)  # posted through the app that does not require it
    carol = register(strict_client, "carol")
    writes = [
        ("POST", "/api/uploads", {"size": 100, "content_type": "video/mp4"}),
        ("POST", f"/api/videos/{bob_video['id']}/like", None),
        ("POST", f"/api/videos/{bob_video['id']}/comments", {"body": "hi"}),
        ("POST", "/api/users/bob/follow", None),
        ("PATCH", f"/api/videos/{bob_video['id']}", {"caption": "mine now"}),
    ]
    for method, path, body in writes:
        response = strict_client.open(path, method=method, json=body, headers=carol.headers)
        assert "Verify your email address" in assert_error(response, 403)["message"], path
    # The account itself stays manageable: an export, and deleting it.
    assert strict_client.post("/api/me/export", headers=carol.headers).status_code == 202
    deleted = strict_client.delete("/api/auth/me", json={"password": PASSWORD}, headers=carol.headers)
    assert deleted.status_code == 204


def test_verification_is_not_required_by_default(mail_client):
    alice = register(mail_client, "alice")
    assert link(mail_client, alice)["author"]["username"] == "alice"


def test_the_sweep_removes_expired_tokens(mail_app, mail_client, inbox):
    register(mail_client, "alice")
    register(mail_client, "bob")
    with mail_app.app_context():
        past = datetime.now(UTC) - timedelta(seconds=1)
        alice_id = db.session.scalar(sa.select(User.id).where(User.username_key == "alice"))
        db.session.execute(
            sa.update(AccountToken).where(AccountToken.user_id == alice_id).values(expires_at=past)
        )
        db.session.commit()
    result = mail_app.test_cli_runner().invoke(args=["media", "sweep"])
    assert "1 expired account token(s) removed" in result.output, result.output
    with mail_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountToken)) == 1


# --- deleting the account --------------------------------------------------------------------------


def test_deleting_the_account_deletes_its_tokens(mail_app, mail_client, inbox):
    alice = register(mail_client, "alice")
    mail_client.post("/api/auth/password-reset", json={"email": "alice@example.com"})
    _url, token = token_of(mails_to(inbox, "alice@example.com")[-1])
    response = mail_client.delete("/api/auth/me", json={"password": PASSWORD}, headers=alice.headers)
    assert response.status_code == 204
    with mail_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountToken)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    # A new account with the same address cannot use the old link.
    register(mail_client, "alice")
    body = {"token": token, "new_password": NEW_PASSWORD}
    assert_invalid(mail_client.post("/api/auth/password-reset/confirm", json=body), "token")

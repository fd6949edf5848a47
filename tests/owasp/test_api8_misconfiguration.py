"""API8:2023 Security Misconfiguration (docs/SECURITY.md §1, API8 rows).

Rows proven elsewhere:
- JSON 404, 405, 400 and 500 without details: tests/test_service.py::test_unknown_route_is_json_404,
  ::test_wrong_method_is_json_405_with_allow_header, ::test_malformed_json_is_400,
  ::test_unexpected_exception_is_json_500_without_details
- Cache-Control: no-store on token responses: tests/test_auth.py::test_register_response_is_not_cacheable,
  ::test_login_response_is_not_cacheable; nosniff on media:
  tests/test_videos.py::test_upload_real_video_is_stored_and_served
Proven here: production refuses weak secrets, no-store on refresh, CORS, secrets out of logs.
"""

import logging
import runpy
from pathlib import Path

import pytest

from app import create_app
from config import DEV_SECRET
from tests.helpers import LEAKS, assert_error

STRONG = "s" * 48


@pytest.mark.parametrize("key", ["SECRET_KEY", "JWT_SECRET_KEY"])
@pytest.mark.parametrize("value", ["", DEV_SECRET, "x" * 31, "é" * 15])
def test_production_refuses_weak_secrets(monkeypatch, key, value):
    # The check runs before any extension is bound, so nothing shared is touched.
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    overrides = {"SECRET_KEY": STRONG, "JWT_SECRET_KEY": STRONG, key: value}
    with pytest.raises(RuntimeError, match=key):
        create_app("production", overrides=overrides)


def test_production_refuses_to_start_without_a_database_url(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app("production", overrides={"SECRET_KEY": STRONG, "JWT_SECRET_KEY": STRONG})


def test_refresh_response_is_not_cacheable(client, alice):
    response = client.post("/api/auth/refresh", headers={"Authorization": f"Bearer {alice['refresh_token']}"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_cors_is_off_unless_configured(client):
    response = client.options(
        "/api/videos",
        headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    response = client.get("/api/videos", headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_preflight_from_an_origin_not_allowed_gets_no_allow_origin(app):
    cors_app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "CORS_ORIGINS": ["https://app.example.com"],
        },
    )
    client = cors_app.test_client()
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Authorization"}
    allowed = client.options("/api/videos", headers={"Origin": "https://app.example.com", **preflight})
    assert allowed.headers.get("Access-Control-Allow-Origin") == "https://app.example.com"
    for origin in ("https://evil.example.com", "https://app.example.com.evil.example.com", "null"):
        refused = client.options("/api/videos", headers={"Origin": origin, **preflight})
        assert "Access-Control-Allow-Origin" not in refused.headers, origin
    from app.extensions import db

    with cors_app.app_context():
        db.engine.dispose()


def test_passwords_and_tokens_stay_out_of_the_logs(client, register, caplog, monkeypatch):
    canary = "canary-XYZ-password"
    caplog.set_level(logging.DEBUG)
    account = register("logged", password=canary)
    client.post("/api/auth/login", json={"login": "logged", "password": canary})
    client.post("/api/auth/login", json={"login": "logged", "password": canary + "-wrong"})
    client.post("/api/auth/login", json={"login": "nobody", "password": canary})
    client.put(
        "/api/auth/password",
        json={"current_password": canary, "new_password": canary + "-new"},
        headers=account.headers,
    )
    # An unexpected error is logged with its traceback; the request's secrets are not in it.
    from app.auth import controllers

    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(controllers, "login", explode)
    assert_error(client.post("/api/auth/login", json={"login": "logged", "password": canary}), 500)
    text = "\n".join(record.getMessage() + str(record.exc_info or "") for record in caplog.records)
    text += caplog.text
    assert "boom" in caplog.text  # the error was logged
    assert canary not in text
    assert account["access_token"] not in text and account["refresh_token"] not in text
    assert "Bearer " not in text


def test_the_access_log_format_has_no_authorization_header():
    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert "%(r)s" in settings["access_log_format"]
    assert "authorization" not in settings["access_log_format"].lower()


def test_error_bodies_never_leak_internals(client, alice):
    for response in (
        client.get("/api/nope"),
        client.open("/api/videos", method="PUT"),
        client.post("/api/auth/login", data="{bad", content_type="application/json"),
        client.get("/api/videos/9223372036854775808"),
    ):
        text = response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        for leak in LEAKS:
            assert leak not in text

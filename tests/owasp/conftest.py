"""Helpers for the OWASP API Security Top 10 (2023) modules: one module per item, each
row of SECURITY.md §1 proven here or by the existing test its module names."""

import pytest

from app import create_app
from app.extensions import db, limiter

VIDEO_URL = "https://cdn.example.com/v.mp4"


def post_video(client, account, caption="clip"):
    response = client.post(
        "/api/videos", json={"video_url": VIDEO_URL, "caption": caption}, headers=account.headers
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def add_comment(client, account, video_id, body="hi", parent_id=None):
    payload = {"body": body, **({"parent_id": parent_id} if parent_id else {})}
    response = client.post(f"/api/videos/{video_id}/comments", json=payload, headers=account.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def limit_of(app, key):
    """The number of requests a configured limit allows ("30/minute" -> 30)."""
    return int(app.config[key].split("/")[0].split()[-1])


@pytest.fixture
def limited_app(app):
    """The app with rate limits on (the testing config turns them off), on the same
    database. Flask-Limiter keeps its switch on the shared extension object, so it is
    switched off again afterwards, and the in-memory counters start empty."""
    limited = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MEDIA_ROOT": app.config["MEDIA_ROOT"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        },
    )
    limiter.reset()
    yield limited
    limiter.reset()
    limiter.enabled = False
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def limited_client(limited_app):
    return limited_app.test_client()

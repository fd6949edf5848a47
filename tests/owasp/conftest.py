"""Fixtures for the OWASP API Security Top 10 (2023) modules: one module per item, each
row of docs/SECURITY.md §1 proven there or by the existing test its module names. Their helpers
(link, comment, limit_of, ...) are in tests/helpers.py."""

import pytest

from app import create_app
from app.extensions import db, limiter


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

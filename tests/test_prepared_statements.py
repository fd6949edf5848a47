"""Server-side prepared statements (app/database.py, part 5), on PostgreSQL: the hot reads
are PREPAREd once per connection and then run on a generic plan; their answers are those
of the same reads sent as text; page sizes, the per-connection cap, a replaced connection
and the switch that turns it off."""

import pytest
import sqlalchemy as sa

from app import create_app, database
from app.extensions import db
from config import engine_options
from tests.helpers import post_video


@pytest.fixture
def one_connection_app(app, is_postgres):
    """``make(prepared=True)``: an app on the test database with a pool of one connection,
    so what its requests prepared can be read back on that connection."""
    if not is_postgres:
        pytest.skip("prepared statements are PostgreSQL's (SQLite sends no statement text to plan)")
    made = []

    def make(prepared=True):
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        options = {**engine_options(url), "pool_size": 1, "max_overflow": 0}
        other = create_app(
            "testing",
            overrides={
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLALCHEMY_ENGINE_OPTIONS": options,
                "MEDIA_ROOT": app.config["MEDIA_ROOT"],
                "DATABASE_PREPARED_STATEMENTS": prepared,
            },
        )
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


def prepared_statements(app):
    with app.app_context():
        rows = db.session.execute(
            sa.text("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        ).all()
        db.session.rollback()
    return rows


def test_hot_reads_are_prepared_once_and_answer_as_text_does(one_connection_app, client, alice, bob):
    video = post_video(client, alice, "hello #fyp @bob")
    client.post(f"/api/videos/{video}/like", headers=bob.headers)
    client.post(f"/api/videos/{video}/comments", json={"body": "hi"}, headers=bob.headers)
    reads = [
        ("/api/videos", None),
        ("/api/videos", bob.headers),
        (f"/api/videos/{video}", bob.headers),
        (f"/api/videos/{video}/comments", alice.headers),
        ("/api/users/alice", bob.headers),
        ("/api/notifications", alice.headers),
        ("/api/notifications/unread-count", alice.headers),
    ]
    as_text = one_connection_app(prepared=False).test_client()
    expected = [as_text.get(path, headers=headers).get_json() for path, headers in reads]
    assert prepared_statements(as_text.application) == []

    prepared = one_connection_app().test_client()
    for _ in range(7):  # PostgreSQL weighs a generic plan after five runs
        answers = [prepared.get(path, headers=headers).get_json() for path, headers in reads]
        assert answers == expected
    statements = prepared_statements(prepared.application)
    # Each read once (the token's own statement too), however often it ran.
    texts = [statement for statement, _, _ in statements]
    assert len(texts) == len(set(texts)) >= len(reads) + 1
    # One generic plan each (config.py, plan_cache_mode), planned once; the rule's
    # constants are in the SQL, so that plan can still use the index of ready videos.
    assert all(row.generic_plans > 0 and row.custom_plans == 0 for row in statements)
    feed = [row.statement for row in statements if "ORDER BY videos.created_at DESC" in row.statement]
    assert feed and all("videos.status = 'ready'" in text for text in feed)


def test_each_page_size_is_its_own_statement(one_connection_app, client, alice):
    for n in range(3):
        post_video(client, alice, f"clip {n}")
    prepared = one_connection_app().test_client()
    for limit in (1, 2, 3, 1):
        body = prepared.get(f"/api/videos?limit={limit}").get_json()
        assert len(body["items"]) == limit
    sizes = [row.statement for row in prepared_statements(prepared.application) if "LIMIT" in row.statement]
    assert sorted(text[text.rindex("LIMIT") :].strip() for text in sizes) == ["LIMIT 2", "LIMIT 3", "LIMIT 4"]


def test_past_the_cap_statements_run_as_text(one_connection_app, client, alice, monkeypatch):
    monkeypatch.setattr(database, "PREPARED_PER_CONNECTION", 2)
    for n in range(4):
        post_video(client, alice, f"clip {n}")
    prepared = one_connection_app().test_client()
    for limit in (1, 2, 3, 4):
        assert len(prepared.get(f"/api/videos?limit={limit}").get_json()["items"]) == limit
    assert len(prepared_statements(prepared.application)) == 2


def test_a_replaced_connection_prepares_again(one_connection_app, client, alice):
    video = post_video(client, alice)
    prepared = one_connection_app().test_client()
    assert prepared.get(f"/api/videos/{video}").status_code == 200
    with prepared.application.app_context():
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        db.session.rollback()
    with client.application.app_context():
        assert db.session.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        db.session.rollback()
    # The pool's pre-ping replaces the dead connection; the new session has no
    # statements, so the read prepares its own instead of executing a missing one.
    response = prepared.get(f"/api/videos/{video}")
    assert response.status_code == 200 and response.get_json()["id"] == video
    assert len(prepared_statements(prepared.application)) == 1

"""Fixtures: a migrated test database (PostgreSQL, else SQLite), an app, clients, users.

PostgreSQL comes from ``TEST_DATABASE_URL`` (default ``postgresql://postgres@127.0.0.1:5432``);
the suite creates its own database there and builds the schema with the migrations.
When no PostgreSQL answers, it runs on SQLite and says so; under ``CI=true`` it refuses
to. ``TEST_DATABASE=sqlite`` forces SQLite.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db, limiter
from app.moderation.terms import forget_cached_terms
from tests.helpers import PASSWORD, Account, set_role

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"
# One database per test run, so parallel runs (two checkouts, CI) never collide.
TEST_DB_NAME = f"shortvideo_test_{os.getpid()}"


def _server_url():
    """The PostgreSQL server of TEST_DATABASE_URL, without a database name."""
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_SERVER).rstrip("/")
    url = url.replace("postgresql+psycopg2://", "postgresql://").replace("postgres://", "postgresql://")
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _run_admin(server, *statements):
    connection = psycopg2.connect(server + "/postgres", connect_timeout=3)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def _stale_test_databases(server):
    """Databases of earlier runs on this machine that were interrupted before cleaning up
    (their process is gone). Only for a local server, where the pid means something."""
    if "@127.0.0.1" not in server and "@localhost" not in server:
        return []
    connection = psycopg2.connect(server + "/postgres", connect_timeout=3)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'shortvideo\\_test\\_%'")
            names = [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
    return [
        name
        for name in names
        if name.rsplit("_", 1)[-1].isdigit() and not os.path.exists(f"/proc/{name.rsplit('_', 1)[-1]}")
    ]


def _create_postgres_database():
    """Return the URL of a fresh test database, or None when PostgreSQL is not there."""
    if os.environ.get("TEST_DATABASE", "").lower() == "sqlite":
        return None
    server = _server_url()
    try:
        stale = _stale_test_databases(server)
        _run_admin(
            server,
            *(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in stale),
            f"DROP DATABASE IF EXISTS {TEST_DB_NAME}",
            f"CREATE DATABASE {TEST_DB_NAME}",
        )
    except psycopg2.OperationalError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.exit(f"CI=true but PostgreSQL is unreachable at {server}: {error}", returncode=2)
        return None
    return f"{server}/{TEST_DB_NAME}"


def _announce(config, text):
    """A line on the terminal even under -q and output capture."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(text, bold=True)


@pytest.fixture(scope="session")
def app(request, tmp_path_factory):
    url = _create_postgres_database()
    on_postgres = url is not None
    if not on_postgres:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        _announce(request.config, "\nPostgreSQL not reachable (TEST_DATABASE_URL): running on SQLite")
    else:
        _announce(request.config, f"\nTests run on PostgreSQL: {url}")
    media = tmp_path_factory.mktemp("media")
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url, "MEDIA_ROOT": str(media)})
    with app.app_context():
        upgrade()  # the schema comes from the migrations, as in production
    yield app
    with app.app_context():
        db.engine.dispose()
    if on_postgres:
        _run_admin(_server_url(), f"DROP DATABASE IF EXISTS {TEST_DB_NAME} WITH (FORCE)")


@pytest.fixture(autouse=True)
def _clean_database(app):
    """After each test, ``DELETE FROM`` every table of the models, children first, in one
    transaction. On tables this small DELETE costs far less than TRUNCATE, which replaces
    every table's and index's files. Ids are not reset: sequences (and SQLite's
    AUTOINCREMENT) keep counting from one test to the next."""
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    forget_cached_terms()  # the blocked terms this process cached went with the rows
    media = Path(app.config["MEDIA_ROOT"])
    for path in media.iterdir():
        if path.is_dir():
            shutil.rmtree(path)  # the part folders of direct uploads
        else:
            path.unlink()


@pytest.fixture
def limited_app_factory(app):
    """``limited_app_factory(**overrides)``: the app with rate limits on (the testing
    config turns them off), on the same database, in-memory counters unless overridden.
    Flask-Limiter keeps its switch and storage on the shared extension object, so it is
    switched off again afterwards."""
    made = []

    def make(**overrides):
        limited = create_app(
            "testing",
            overrides={
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "MEDIA_ROOT": app.config["MEDIA_ROOT"],
                "RATELIMIT_ENABLED": True,
                "RATELIMIT_STORAGE_URI": "memory://",
                **overrides,
            },
        )
        made.append(limited)
        if limited.config["RATELIMIT_ENABLED"] and limited.config["RATELIMIT_STORAGE_URI"] == "memory://":
            limiter.reset()
        return limited

    yield make
    limiter.enabled = False
    for limited in made:
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def limited_app(limited_app_factory):
    """The app with rate limits on, in-memory counters that start empty."""
    return limited_app_factory()


@pytest.fixture
def limited_client(limited_app):
    return limited_app.test_client()


@pytest.fixture
def is_postgres(app):
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def register(client):
    """``register("alice")`` creates an account through the API and returns it."""

    def make(username, password=PASSWORD, email=None, **extra):
        response = client.post(
            "/api/auth/register",
            json={
                "username": username,
                "email": email or f"{username}@example.com",
                "password": password,
                **extra,
            },
        )
        assert response.status_code == 201, response.get_json()
        return Account(response.get_json(), password=password)

    return make


@pytest.fixture
def mod(app, register):
    """A signed-in moderator (the moderation and moderation-notification tests)."""
    account = register("mod")
    set_role(app, "mod", "moderator")
    return account


@pytest.fixture
def alice(register):
    return register("alice")


@pytest.fixture
def bob(register):
    return register("bob")


@pytest.fixture
def carol(register):
    return register("carol")


@pytest.fixture
def count_queries(app):
    """``with count_queries() as statements: ...`` collects the SQL the block runs."""

    @contextmanager
    def counting():
        statements = []

        def record(_conn, _cursor, statement, _parameters, context, _executemany):
            # The statement as the app wrote it (the context keeps it), not the EXECUTE a
            # prepared one is sent as (app/database.py, part 5).
            statements.append(statement if context is None else context.statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def drift(app):
    """Counters that disagree with their rows; every test of writes ends with ``== {}``."""
    from app.counters import find_drift

    def check():
        with app.app_context():
            return {name: rows for name, rows in find_drift(db.session).items() if rows}

    return check


@pytest.fixture
def tmp_media(app):
    return Path(app.config["MEDIA_ROOT"])

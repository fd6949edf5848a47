"""Per-dialect connection setup, reads without a transaction, and retrying transactions
that lost a deadlock."""

import functools
import random
import re
import time

import sqlalchemy as sa
from flask import request

WORD = re.compile(r"\w+")


def caption_words(text):
    return set(WORD.findall((text or "").lower()))


def has_row(*conditions):
    """A boolean column of a list query: does a row match ``conditions`` (a key lookup)?

    Written as a one-row scalar subquery, probed once per row of the page, not as EXISTS:
    for an EXISTS column PostgreSQL may hash every row the subquery could match instead,
    all of the viewer's likes or follows on every page (2.8 ms a page for a viewer with
    5,531 likes, against 0.17 ms; bench/OPTIMISATIONS.md).
    """
    return sa.select(sa.true()).where(*conditions).scalar_subquery().is_not(None)


def _has_word(text, word):
    return word in caption_words(text)


def _configure_sqlite(dbapi_connection, _record):
    # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked, per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()
    # Whole-word caption search; PostgreSQL uses full-text search instead.
    dbapi_connection.create_function("has_word", 2, _has_word, deterministic=True)
    try:
        dbapi_connection.execute("SELECT log(10)")
    except Exception:  # SQLite built without its math functions
        import math

        dbapi_connection.create_function("log", 1, math.log10, deterministic=True)


def init_app(app, db):
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _configure_sqlite)
        # Pool connections opened before the listener existed are discarded.
        engine.dispose()

    # Flask-SQLAlchemy removes the session (rolling back anything unfinished) when
    # the app context ends, so a failed request never hands a dirty session on.


READ_METHODS = frozenset({"GET", "HEAD"})


def read_without_transaction(app, db, blueprints):
    """Run the statements of these blueprints' GET and HEAD requests in autocommit mode.

    Those requests only read, one statement at a time (the token's user, then the page),
    and need no transaction around them. In one, psycopg2 sends BEGIN before the first
    statement and the session ends it with a ROLLBACK: two of the five round trips of a
    signed-in list page (the pool's pre-ping is another). Writes keep their transactions.

    The DBAPI flag is switched directly: SQLAlchemy's ``isolation_level="AUTOCOMMIT"``
    option makes psycopg2 send ``SET default_transaction_isolation`` on the way in and
    out, the same two round trips again.
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return  # SQLite: no round trips to save
    names = frozenset(blueprint.name for blueprint in blueprints)

    @sa.event.listens_for(engine, "checkout")
    def transactional_by_default(dbapi_connection, _record, _proxy):
        # Whatever a read left it in, every checkout starts transactional again.
        if dbapi_connection.autocommit:
            dbapi_connection.autocommit = False

    @app.before_request
    def reads_in_autocommit():
        if request.method in READ_METHODS and request.blueprint in names:
            # No statement has run yet, so psycopg2 has not opened a transaction.
            db.session.connection().connection.dbapi_connection.autocommit = True


# Deadlock and serialization failures are transient: the whole transaction may simply run
# again (SECURITY.md §4). Lock orders are kept consistent so they should be rare.
RETRYABLE_SQLSTATES = {"40P01", "40001"}
ATTEMPTS = 3


def is_retryable(error):
    return getattr(getattr(error, "orig", None), "pgcode", None) in RETRYABLE_SQLSTATES


def retry_transaction(func):
    """Run a controller again (up to ATTEMPTS times in all) if PostgreSQL aborted its
    transaction as a deadlock victim or serialization failure. Only for controllers with
    no effects outside the database before their commit.

    One known cycle remains possible: a like takes the liker's row (foreign key) before
    the author's, while deleting an account locks related users strictly by id; under a
    burst of such races one retry was not always enough.
    """

    @functools.wraps(func)
    def run(*args, **kwargs):
        from app.extensions import db

        for attempt in range(1, ATTEMPTS + 1):
            try:
                return func(*args, **kwargs)
            except sa.exc.OperationalError as error:
                if attempt == ATTEMPTS or not is_retryable(error):
                    raise
                db.session.rollback()
                # A little jitter so the same two transactions do not collide again.
                time.sleep(random.uniform(0, 0.02 * attempt))
        raise AssertionError("unreachable")

    return run

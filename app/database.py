"""The database connection's behaviour, in five parts:

1. per-dialect setup of every new connection (SQLite's foreign keys, WAL, functions);
2. GET and HEAD requests of the feature blueprints read in autocommit mode;
3. under testing, any write on a connection in autocommit mode fails the test (the
   "GETs only read" assumption that part 2 rests on);
4. ``retry_transaction``: a controller that lost a deadlock runs again;
5. the statements marked ``prepared`` (app/sql.py) run as server-side prepared
   statements on PostgreSQL.
"""

import functools
import math
import random
import re
import time
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

import sqlalchemy as sa
from flask import Blueprint, Flask, request

from app.extensions import db
from app.sql import PREPARE_OPTION, caption_words, is_retryable

P = ParamSpec("P")
R = TypeVar("R")


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _configure_sqlite)
        # Pool connections opened before the listener existed are discarded.
        engine.dispose()
    if app.testing:
        sa.event.listen(engine, "before_cursor_execute", _refuse_writes_in_autocommit)
    if engine.dialect.name == "postgresql" and app.config["DATABASE_PREPARED_STATEMENTS"]:
        # Last: the guard above reads the statement as written, not its EXECUTE.
        sa.event.listen(engine, "before_cursor_execute", _execute_prepared, retval=True)
    # Flask-SQLAlchemy removes the session (rolling back anything unfinished) when
    # the app context ends, so a failed request never hands a dirty session on.


# --- 1. per-dialect setup ------------------------------------------------------------


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
        dbapi_connection.create_function("log", 1, math.log10, deterministic=True)


# --- 2. reads without a transaction ----------------------------------------------------

READ_METHODS = frozenset({"GET", "HEAD"})


def read_without_transaction(app: Flask, blueprints: Iterable[Blueprint]) -> None:
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
            dbapi_connection = db.session.connection().connection.dbapi_connection
            assert dbapi_connection is not None  # a checked-out connection has one
            dbapi_connection.autocommit = True


# --- 3. the read-only guard (testing) ---------------------------------------------------

READ_ONLY_STATEMENT = re.compile(r"\s*(SELECT|WITH|SHOW|EXPLAIN)\b", re.IGNORECASE)
ROW_LOCK = re.compile(r"\bFOR\s+(NO\s+KEY\s+)?UPDATE\b", re.IGNORECASE)
# PostgreSQL runs these only outside a transaction: a migration's autocommit block builds
# an index without locking writes out (migrations/versions/9d2b7c1e5a43_...).
AUTOCOMMIT_ONLY = re.compile(r"\s*(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b", re.IGNORECASE)


class WriteInAutocommit(AssertionError):
    """A statement that writes (or locks rows to write them) ran in autocommit mode."""


def _writes(statement):
    if AUTOCOMMIT_ONLY.match(statement):
        return False
    return not READ_ONLY_STATEMENT.match(statement) or ROW_LOCK.search(statement) is not None


def _refuse_writes_in_autocommit(conn, _cursor, statement, _parameters, _context, _executemany):
    # A write in autocommit mode commits statement by statement: nothing rolls it back
    # with the rest of its request. Only reads may run so (part 2).
    in_autocommit = getattr(conn.connection.dbapi_connection, "autocommit", False) is True
    if in_autocommit and _writes(statement):
        raise WriteInAutocommit(f"write on a connection in autocommit mode: {statement[:200]}")


# --- 4. deadlock retries ---------------------------------------------------------------

# Lock orders are kept consistent (app/counters.py), so deadlocks should be rare.
ATTEMPTS = 3


def retry_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Run a controller again (up to ATTEMPTS times in all) if PostgreSQL aborted its
    transaction as a deadlock victim or serialization failure. Only for controllers with
    no effects outside the database before their commit.

    One known cycle remains possible: a like takes the liker's row (foreign key) before
    the author's, while deleting an account locks related users strictly by id; under a
    burst of such races one retry was not always enough.
    """

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
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


# --- 5. server-side prepared statements ---------------------------------------------------
#
# psycopg2 sends every statement as text with its values in it, so PostgreSQL parses,
# analyses and plans the whole of it on every request: for a signed-in feed page, with
# the visibility rule's probes, that is about two thirds of its database time (pgbench
# of the page's SQL: 2,880 statements/s as text, 10,129 prepared; bench/OPTIMISATIONS.md).
# A statement marked ``prepared`` is instead PREPAREd once per connection, with its
# values as parameters, and then EXECUTEd on one generic plan, made once (the
# connections' plan_cache_mode is ``force_generic_plan``, config.py). So only statements
# whose best plan is the same whatever their values are marked: the hashtag and search
# lists are not (how many videos match decides their plan); for-you and following are,
# as one statement per form of "by a followed author", which the app picks by the
# viewer's follow count (app/videos/feeds.py, FollowedForm). PgBouncer in transaction
# mode does not keep a PREPARE between transactions: set DATABASE_PREPARED_STATEMENTS=false
# behind it. A migration that adds tables, columns or indexes is picked up (PostgreSQL
# re-plans a prepared statement whose tables changed); one that changes the type of a
# column these statements select makes them fail until the app restarts, as a deploy
# does after migrating.

# Distinct statements prepared per connection at most (each page size is one); the rest
# run as text. Each holds a plan in the server process's memory.
PREPARED_PER_CONNECTION = 200
_PARAMETER = re.compile(r"%\((\w+)\)s")


def _execute_prepared(conn, cursor, statement, parameters, context, executemany):
    if executemany or context is None or not context.execution_options.get(PREPARE_OPTION):
        return statement, parameters
    # The pool entry's info: cleared when its DBAPI connection is closed or replaced,
    # with the server session its prepared statements lived in.
    prepared = conn.info.setdefault("prepared_statements", {})
    entry = prepared.get(statement)
    if entry is None:
        if len(prepared) >= PREPARED_PER_CONNECTION:
            return statement, parameters
        names = list(dict.fromkeys(_PARAMETER.findall(statement)))
        numbered = _PARAMETER.sub(lambda match: f"${names.index(match[1]) + 1}", statement)
        entry = (f"prepared_{len(prepared) + 1}", names)
        # Sent without values, so psycopg2 leaves the text alone: its "%%" become "%".
        cursor.execute(f"PREPARE {entry[0]} AS {numbered.replace('%%', '%')}")
        prepared[statement] = entry
    name, names = entry
    if not names:
        return f"EXECUTE {name}", parameters
    return f"EXECUTE {name}({', '.join(f'%({n})s' for n in names)})", parameters

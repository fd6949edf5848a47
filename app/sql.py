"""Small SQL building blocks shared by the query layer, the writers and the models.

This module imports nothing from ``app``: anything may use it without an import cycle.
"""

import re
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.sql.functions import FunctionElement

Select = TypeVar("Select", bound=sa.Select)
# A session, or Flask-SQLAlchemy's ``db.session`` (a scoped session standing for one).
AnySession = Session | scoped_session[Any]
WORD = re.compile(r"\w+")


def caption_words(text: str | None) -> set[str]:
    """The lowercased whole words of ``text``: what caption search matches on.

    The SQLite ``has_word`` function (app/database.py) and the search query split words
    with this one function, so both sides agree on what a word is.
    """
    return set(WORD.findall((text or "").lower()))


def has_row(*conditions: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """A boolean column of a list query: does a row match ``conditions`` (a key lookup)?

    Written as a one-row scalar subquery, probed once per row of the page, not as EXISTS:
    for an EXISTS column PostgreSQL may hash every row the subquery could match instead,
    all of the viewer's likes or follows on every page (2.8 ms a page for a viewer with
    5,531 likes, against 0.17 ms; bench/OPTIMISATIONS.md).
    """
    return sa.select(sa.true()).where(*conditions).scalar_subquery().is_not(None)


def lacks_row(*conditions: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """``NOT has_row(...)``, for filters (no block, no mute), written ``IS NOT TRUE``.

    PostgreSQL estimates ``(subquery) IS NULL`` to keep 0.5% of the rows, so the three
    such filters of a signed-in feed made it expect one visible video in a million: once
    the blocks and mutes tables had statistics it sorted the whole table instead of
    walking an index (66 s for a for-you page). ``IS NOT TRUE`` is estimated at half, and
    means the same here (the probe is true or null).
    """
    return sa.select(sa.true()).where(*conditions).scalar_subquery().is_not(sa.true())


def constant(value: Any) -> sa.BindParameter[Any]:
    """A constant of a rule, written into the SQL instead of bound: a prepared statement's
    plan (app/database.py, part 5) must see it. ``status = $1`` cannot use an index whose
    predicate is ``status = 'ready'``, so its generic plan was never chosen."""
    return sa.literal(value, literal_execute=True)


# The execution option that ``prepared`` sets and app/database.py reads.
PREPARE_OPTION = "prepare"


def prepared(stmt: Select) -> Select:
    """Mark a statement built once to run as a server-side prepared statement on
    PostgreSQL (app/database.py, part 5). Only for statements whose plan suits every value
    of their parameters: a list whose best plan depends on them (a hashtag's, by how many
    videos carry it) must not be."""
    return stmt.execution_options(**{PREPARE_OPTION: True})


def planned_per_execution(stmt: Select) -> Select:
    """Undo ``prepared`` for a statement extended from a prepared one whose plan now
    depends on its values (a caption search: how many videos match its words)."""
    return stmt.execution_options(**{PREPARE_OPTION: False})


def insert_ignoring_conflicts(session: AnySession, model: type) -> sa.Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the session's dialect."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(model).on_conflict_do_nothing()


def for_no_key_update(stmt: Select) -> Select:
    """Lock the selected rows with ``FOR NO KEY UPDATE`` (SQLAlchemy spells it
    ``with_for_update(key_share=True)``).

    Writers that only change a row's counters take this lock, not ``FOR UPDATE``: it
    excludes other writers of the row, yet lets inserts that merely reference the row
    (a like's or a follow's foreign key takes ``FOR KEY SHARE``) go on, so a burst of
    likes on one video waits on the counter update only, never on each other's foreign
    keys. Deleting the row still waits (a DELETE needs ``FOR UPDATE``). SQLite ignores it.
    """
    return stmt.with_for_update(key_share=True)


# Deadlock and serialization failures are transient: the whole transaction may simply run
# again (docs/SECURITY.md §4).
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_retryable(error: BaseException) -> bool:
    """Did PostgreSQL abort the transaction as a deadlock victim or serialization failure?"""
    return getattr(getattr(error, "orig", None), "pgcode", None) in RETRYABLE_SQLSTATES


class epoch_seconds(FunctionElement):  # noqa: N801 (reads like the SQL function it is)
    """Seconds since 1970 of a timestamp column, on either dialect."""

    type = sa.Float()
    inherit_cache = True


@compiles(epoch_seconds, "postgresql")
def _epoch_pg(element, compiler, **kw):
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})::float8"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw):
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


class greatest(FunctionElement):  # noqa: N801
    """``GREATEST(a, b, ...)``; SQLite's multi-argument ``MAX`` is the same function."""

    type = sa.Float()
    inherit_cache = True


@compiles(greatest)
def _greatest(element, compiler, **kw):
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"MAX({compiler.process(element.clauses, **kw)})"

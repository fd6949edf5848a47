"""The declarative base, column helpers and the few SQL functions that differ by dialect."""

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

# Stable constraint names on PostgreSQL and SQLite, so migrations can refer to them and
# errors.py can map a violated constraint to the field it protects.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(so.DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


# 64-bit ids on PostgreSQL; SQLite only auto-increments an INTEGER PRIMARY KEY.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# Case-insensitive lookup keys compare byte-wise on PostgreSQL, so a prefix LIKE uses the
# b-tree index whatever the database's collation.
def key_string(length):
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def utcnow():
    return datetime.now(UTC)


def counter():
    """A stored counter column: never NULL, changed only by atomic SQL (app/counters.py)."""
    return so.mapped_column(sa.BigInteger, nullable=False, default=0, server_default="0")


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
    type = sa.Float()
    inherit_cache = True


@compiles(greatest)
def _greatest(element, compiler, **kw):
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"MAX({compiler.process(element.clauses, **kw)})"

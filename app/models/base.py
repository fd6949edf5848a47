"""The declarative base and column helpers shared by every model."""

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

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

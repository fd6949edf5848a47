"""Keyset pagination with signed, opaque cursors, used by every list.

A page is ``WHERE (k1, k2) < (last k1, last k2) ORDER BY k1 DESC, k2 DESC LIMIT n + 1``:
an index range scan whose cost does not depend on how deep the page is, and which never
repeats or skips a row when new rows arrive. The cursor carries the last row's keys,
signed with the app's secret so a client cannot forge one (a bad cursor is a 422).
"""

import re
import weakref
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from marshmallow import Schema, fields, validate

from app.errors import Invalid

MAX_CURSOR_LENGTH = 512


class QueryInteger(fields.Integer):
    """An integer written with digits only: "20", not "20.0" or "2e1"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not re.fullmatch(r"-?[0-9]{1,19}", value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class PageArgs(Schema):
    limit = QueryInteger(
        load_default=20,
        validate=validate.Range(min=1, max=100),
        metadata={"description": "Items per page (1-100)."},
    )
    cursor = fields.String(
        load_default=None,
        validate=validate.Length(max=MAX_CURSOR_LENGTH),
        metadata={"description": "The next_cursor of the previous page."},
    )


_page_schemas = {}


def page_of(item_schema):
    """The ``{items, next_cursor}`` schema for a list of ``item_schema``."""
    name = item_schema.__name__.removesuffix("Schema") + "Page"
    if name not in _page_schemas:
        _page_schemas[name] = type(
            name,
            (Schema,),
            {
                "items": fields.List(fields.Nested(item_schema), required=True),
                "next_cursor": fields.String(allow_none=True, required=True),
            },
        )
    return _page_schemas[name]


def _serializer(list_name):
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"cursor:{list_name}")


def _bad_cursor():
    return Invalid.field("query", "cursor", "Invalid cursor.")


def decode_cursor(token, list_name, keys, nullable=False):
    """The values a cursor carries, one per key (None where ``nullable`` allows)."""
    try:
        values = _serializer(list_name).loads(token)
    except BadData:
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise _bad_cursor()
    decoded = []
    for key, value in zip(keys, values, strict=True):
        if value is None and nullable:
            decoded.append(None)
            continue
        if isinstance(key.type, sa.DateTime):
            try:
                value = datetime.fromisoformat(value)
            except (TypeError, ValueError):
                raise _bad_cursor() from None
        elif isinstance(key.type, sa.String):
            if not isinstance(value, str):
                raise _bad_cursor()
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise _bad_cursor()
        decoded.append(value)
    return decoded


def encode_cursor(values, list_name):
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return _serializer(list_name).dumps(plain)


def paginate(session, stmt, keys, args, *, list_name, ascending=False, params=None):
    """Run one page of ``stmt`` (with bound ``params``) ordered by ``keys``; return
    ``(rows, next_cursor)``.

    The key values are selected as extra trailing columns so the cursor can be built
    from the last row; callers read their own columns by position or name.
    """
    limit = args["limit"]
    params = {**(params or {}), "page_rows": limit + 1}
    from_cursor = bool(args.get("cursor"))
    if from_cursor:
        values = decode_cursor(args["cursor"], list_name, keys)
        params.update({f"after_{i}": value for i, value in enumerate(values)})
    page = _page_statement(stmt, keys, list_name, from_cursor, ascending)
    rows = session.execute(page, params).all()
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(list(rows[-1][-len(keys) :]), list_name)


# The page form of each list statement, built once per statement object while it lives:
# lists whose statement is itself built once (the feeds) then skip both building their
# page statement and SQLAlchemy's cache key for it on every request (bench/OPTIMISATIONS.md).
# The limit and the cursor's values are bound parameters.
_page_statements = weakref.WeakKeyDictionary()


def _page_statement(stmt, keys, list_name, from_cursor, ascending):
    shape = (list_name, from_cursor, ascending)
    built = _page_statements.setdefault(stmt, {})
    if shape not in built:
        page = stmt.where(after_cursor(keys, ascending)) if from_cursor else stmt
        order = [key.asc() if ascending else key.desc() for key in keys]
        built[shape] = page.add_columns(*keys).order_by(*order).limit(PAGE_ROWS)
    return built[shape]


# The parameters paginate() binds: rows to fetch (the page and one more), and the
# cursor's values. A list statement may use them too (see app/videos/controllers.py).
PAGE_ROWS = sa.bindparam("page_rows", type_=sa.Integer)


def after_cursor(keys, ascending=False):
    """``(k1, k2) < (the cursor's values)``, as the bound parameters paginate() fills."""
    position = sa.tuple_(*keys)
    bound = sa.tuple_(*(sa.bindparam(f"after_{i}", type_=key.type) for i, key in enumerate(keys)))
    return position > bound if ascending else position < bound

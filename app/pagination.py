"""Keyset pagination with signed, opaque cursors, used by every list.

A page is ``WHERE (k1, k2) < (last k1, last k2) ORDER BY k1 DESC, k2 DESC LIMIT n + 1``:
an index range scan whose cost does not depend on how deep the page is, and which never
repeats or skips a row when new rows arrive. The cursor carries the last row's keys,
signed with the app's secret so a client cannot forge one (a bad cursor is a 422).
"""

import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypedDict

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from marshmallow import Schema, fields, validate
from sqlalchemy.orm import InstrumentedAttribute

from app.errors import Invalid
from app.extensions import db

# A sort key: a mapped column (``Video.created_at``) or a column of a subquery.
Key = InstrumentedAttribute[Any] | sa.ColumnElement[Any]

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
        metadata={"description": "Items per page, 1-100 (a 422 outside).", "example": 20},
    )
    cursor = fields.String(
        load_default=None,
        validate=validate.Length(max=MAX_CURSOR_LENGTH),
        metadata={
            "description": "The `next_cursor` of the previous page; none for the first page. A "
            "cursor the server did not issue for this list is a 422.",
            "example": "WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI",
        },
    )


_page_schemas: dict[str, type[Schema]] = {}


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The ``{items, next_cursor}`` schema for a list of ``item_schema``."""
    name = item_schema.__name__.removesuffix("Schema") + "Page"
    if name not in _page_schemas:
        _page_schemas[name] = type(
            name,
            (Schema,),
            {
                "items": fields.List(fields.Nested(item_schema), required=True),
                "next_cursor": fields.String(
                    allow_none=True,
                    required=True,
                    metadata={
                        "description": "Pass it as `cursor` for the next page; null on the last page.",
                        "example": "WyIyMDI2LTEyLTAxVDEyOjAwOjAwKzAwOjAwIiw0Ml0.LslTKmYK7lpgldhJ-jp8l40ICiI",
                    },
                ),
            },
        )
    return _page_schemas[name]


def _serializer(list_name):
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"cursor:{list_name}")


def _bad_cursor():
    return Invalid.field("query", "cursor", "Invalid cursor.")


def decode_cursor(token: str, list_name: str, keys: Sequence[Key], nullable: bool = False) -> list[Any]:
    """The values a cursor carries, one per key (None where ``nullable`` allows)."""
    try:
        values = _serializer(list_name).loads(token)
    except BadData:
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise _bad_cursor()
    decoded: list[Any] = []
    for key, value in zip(keys, values, strict=True):
        if value is None and nullable:
            decoded.append(None)
            continue
        if isinstance(key.type, sa.Boolean):
            if not isinstance(value, bool):
                raise _bad_cursor()
        elif isinstance(key.type, sa.DateTime):
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


def encode_cursor(values: Sequence[Any], list_name: str) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return _serializer(list_name).dumps(plain)


class Page(TypedDict):
    """What every list answers: ``{"items": [...], "next_cursor": "..." or None}``."""

    items: list[Any]
    next_cursor: str | None


def paginate(
    stmt: sa.Select,
    keys: Sequence[Key],
    args: Mapping[str, Any],
    *,
    list_name: str,
    ascending: bool = False,
    params: Mapping[str, Any] | None = None,
    to_item: Callable[[sa.Row], Any] | None = None,
) -> Page:
    """One page of ``stmt`` (with bound ``params``) ordered by ``keys``.

    The key values are selected as extra trailing columns so the cursor can be built
    from the last row; callers read their own columns by position or name, and
    ``to_item`` turns a row into the item the list's schema dumps (the row itself when
    not given).
    """
    limit = args["limit"]
    bound = {**(params or {}), "page_rows": limit + 1}
    from_cursor = bool(args.get("cursor"))
    if from_cursor:
        values = decode_cursor(args["cursor"], list_name, keys)
        bound.update({f"{AFTER}_{i}": value for i, value in enumerate(values)})
    page = _page_statement(stmt, keys, list_name, from_cursor, ascending)
    rows = db.session.execute(page, bound).all()
    cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        cursor = encode_cursor(list(rows[-1][-len(keys) :]), list_name)
    items = list(rows) if to_item is None else [to_item(row) for row in rows]
    return {"items": items, "next_cursor": cursor}


# The page form of each list statement, built once per statement object while it lives:
# lists whose statement is itself built once (the feeds) then skip both building their
# page statement and SQLAlchemy's cache key for it on every request (bench/OPTIMISATIONS.md).
# The cursor's values are bound parameters. The sort keys are part of the
# shape: one statement may be paged by different keys.
_page_statements: weakref.WeakKeyDictionary[sa.Select, dict[tuple, sa.Select]] = weakref.WeakKeyDictionary()


def _page_statement(stmt, keys, list_name, from_cursor, ascending):
    shape = (list_name, tuple(keys), from_cursor, ascending)
    built = _page_statements.setdefault(stmt, {})
    if shape not in built:
        page = stmt.where(keyset_after(keys, ascending=ascending)) if from_cursor else stmt
        order = [key.asc() if ascending else key.desc() for key in keys]
        built[shape] = page.add_columns(*keys).order_by(*order).limit(PAGE_ROWS)
    return built[shape]


# The parameters paginate() binds: rows to fetch (the page and one more), and the
# cursor's values (``after_0``, ``after_1``, ...). A list statement may use them too
# (the following feed's per-author top, app/videos/feeds.py).
# The page's row count is written into the SQL (``literal_execute``): a plan made for an
# unknown LIMIT assumes a large share of the rows and sorts them all, so prepared
# statements (app/database.py, part 5) must see the number.
PAGE_ROWS = sa.bindparam("page_rows", type_=sa.Integer, literal_execute=True)
AFTER = "after"


def keyset_after(
    keys: Sequence[Key], *, prefix: str = AFTER, ascending: bool = False
) -> sa.ColumnElement[bool]:
    """``(k1, k2) < (:<prefix>_0, :<prefix>_1)`` (``>`` when ``ascending``): the rows after
    a position, whose values are bound parameters named after ``prefix``.

    paginate() binds the ``after_*`` ones from the cursor; the for-you feed resumes each of
    its two streams with its own prefix.
    """
    position = sa.tuple_(*keys)
    bound = sa.tuple_(*(sa.bindparam(f"{prefix}_{i}", type_=key.type) for i, key in enumerate(keys)))
    return position > bound if ascending else position < bound

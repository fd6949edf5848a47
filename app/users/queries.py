"""Reads of /api/users: a profile, the username search, followers and following.

User lists are ORM rows (their schema reads the model's attributes) with the viewer's
``is_following`` as a per-row flag.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from app.errors import NotFound
from app.extensions import db
from app.models import Follow, User
from app.pagination import Key, Page, paginate
from app.sql import has_row

USERNAME = re.compile(r"[\w.]{1,24}")


def _with_is_following(stmt: sa.Select, viewer: User | None) -> sa.Select:
    if viewer is None:
        return stmt
    # Aliased so it never correlates with a Follow the list itself joins.
    mine = so.aliased(Follow)
    followed = has_row(mine.follower_id == viewer.id, mine.followee_id == User.id)
    return stmt.add_columns(followed.label("is_following"))


def _user_with_flag(viewer: User | None):
    """Turns a row of ``_with_is_following`` into its user, ``is_following`` set
    (None when anonymous; never True for the viewer themselves)."""

    def to_item(row: sa.Row) -> User:
        user = row[0]
        user.is_following = None if viewer is None else bool(row[1]) and user.id != viewer.id
        return user

    return to_item


def _username_key(username: str) -> str:
    # A path segment that cannot be a username (too long, NUL, "/") is simply not found.
    if not USERNAME.fullmatch(username):
        raise NotFound("User not found.")
    return username.lower()


def find_user(*, username: str) -> User:
    """The account of ``username`` (without regard to case), or 404."""
    user = db.session.scalar(sa.select(User).where(User.username_key == _username_key(username)))
    if user is None:
        raise NotFound("User not found.")
    return user


def get_profile(*, viewer: User | None, username: str) -> User:
    stmt = _with_is_following(sa.select(User), viewer).where(User.username_key == _username_key(username))
    row = db.session.execute(stmt).first()
    if row is None:
        raise NotFound("User not found.")
    return _user_with_flag(viewer)(row)


def _user_page(
    stmt: sa.Select,
    keys: Sequence[Key],
    args: Mapping[str, Any],
    *,
    viewer: User | None,
    list_name: str,
    ascending: bool = False,
) -> Page:
    return paginate(
        _with_is_following(stmt, viewer),
        keys,
        args,
        list_name=list_name,
        ascending=ascending,
        to_item=_user_with_flag(viewer),
    )


def search_users(*, viewer: User | None, args: Mapping[str, Any]) -> Page:
    stmt = sa.select(User)
    if args["q"]:
        stmt = stmt.where(User.username_key.startswith(args["q"].lower(), autoescape=True))
    return _user_page(stmt, [User.username_key], args, viewer=viewer, list_name="users", ascending=True)


def list_followers(*, viewer: User | None, username: str, args: Mapping[str, Any]) -> Page:
    user = find_user(username=username)
    stmt = sa.select(User).join(Follow, Follow.follower_id == User.id).where(Follow.followee_id == user.id)
    keys = [Follow.created_at, Follow.follower_id]
    return _user_page(stmt, keys, args, viewer=viewer, list_name="followers")


def list_following(*, viewer: User | None, username: str, args: Mapping[str, Any]) -> Page:
    user = find_user(username=username)
    stmt = sa.select(User).join(Follow, Follow.followee_id == User.id).where(Follow.follower_id == user.id)
    keys = [Follow.created_at, Follow.followee_id]
    return _user_page(stmt, keys, args, viewer=viewer, list_name="following-users")


def suggestion_allowed(viewer: User, candidate_id: Any) -> sa.ColumnElement[bool]:
    """VISIBILITY HOOK: which accounts may be suggested to the viewer. Today: anyone
    (self and accounts already followed are excluded by the query itself). The trust &
    safety rule excludes here accounts blocked or muted either way, and suspended ones."""
    return sa.true()


def list_suggested(*, viewer: User, args: Mapping[str, Any]) -> Page:
    """Accounts followed by the accounts the viewer follows, most such followers first.

    Bounded: only the viewer's SUGGESTED_FOLLOWS_SCANNED (500) most recent follows are
    read (ix_follows_follower_recent), then whom each of those follows (the same index);
    a candidate's score is how many of them follow it (README, "Suggested accounts").
    """
    scanned = current_app.config["SUGGESTED_FOLLOWS_SCANNED"]
    mine = so.aliased(Follow)
    recent = (
        sa.select(mine.followee_id)
        .where(mine.follower_id == viewer.id)
        .order_by(mine.created_at.desc(), mine.followee_id.desc())
        .limit(scanned)
        .subquery("recent")
    )
    followed = so.aliased(Follow)
    already = sa.select(followed.followee_id).where(followed.follower_id == viewer.id)
    scores = (
        sa.select(Follow.followee_id.label("user_id"), sa.func.count().label("followed_by"))
        .where(
            Follow.follower_id.in_(sa.select(recent.c.followee_id)),
            Follow.followee_id != viewer.id,
            Follow.followee_id.not_in(already),
            suggestion_allowed(viewer, Follow.followee_id),
        )
        .group_by(Follow.followee_id)
        .subquery("scores")
    )
    stmt = sa.select(User).join(scores, scores.c.user_id == User.id)
    keys = [scores.c.followed_by, scores.c.user_id]
    return _user_page(stmt, keys, args, viewer=viewer, list_name="suggested-users")

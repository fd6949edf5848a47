"""Reads of /api/users: a profile, the username search, followers and following, and the
viewer's own blocks, mutes and follow requests.

User lists are ORM rows (their schema reads the model's attributes) with the viewer's
relation to each (``is_following``, ``follows_you``, ``is_blocking``, ``is_muting``,
``follow_requested``) as per-row flags. Who appears is app/visibility.py's rule.
"""

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from app.errors import Forbidden, NotFound
from app.extensions import db
from app.models import Block, Follow, FollowRequest, Mute, User
from app.pagination import Key, Page, paginate
from app.sql import prepared
from app.visibility import (
    RELATION_FLAGS,
    VIEWER_ID,
    content_open,
    not_blocked_either_way,
    not_muting,
    profile_visible,
    relation_flags,
    user_visible,
    viewer_params,
)

USERNAME = re.compile(r"[\w.]{1,24}")


def _with_flags(stmt: sa.Select, viewer: User | None) -> sa.Select:
    return stmt if viewer is None else stmt.add_columns(*relation_flags(User))


def _user_with_flags(viewer: User | None):
    """Turns a row of ``_with_flags`` into its user, the flags set (None when anonymous;
    ``is_following`` and ``follows_you`` never True for the viewer themselves)."""

    def to_item(row: sa.Row) -> User:
        user = row[0]
        for index, name in enumerate(RELATION_FLAGS, start=1):
            value = None if viewer is None else bool(row[index]) and user.id != viewer.id
            setattr(user, name, value)
        return user

    return to_item


def _username_key(username: str) -> str:
    # A path segment that cannot be a username (too long, NUL, "/") is simply not found.
    if not USERNAME.fullmatch(username):
        raise NotFound("User not found.")
    return username.lower()


def find_user(*, username: str) -> User:
    """The account of ``username`` (without regard to case), or 404, whoever asks: for
    writes that only remove the viewer's own rows (unblock, unmute)."""
    user = db.session.scalar(sa.select(User).where(User.username_key == _username_key(username)))
    if user is None:
        raise NotFound("User not found.")
    return user


@functools.cache
def _profile_statement(signed_in: bool) -> sa.Select:
    stmt = sa.select(User).where(
        User.username_key == sa.bindparam("username_key", type_=User.username_key.type),
        profile_visible(User, signed_in=signed_in),
    )
    if not signed_in:
        flags = [sa.null().label(name) for name in RELATION_FLAGS]
        return prepared(stmt.add_columns(*flags, (~User.is_private).label("content_open")))
    return prepared(stmt.add_columns(*relation_flags(User), content_open(User).label("content_open")))


def find_visible_user(*, viewer: User | None, username: str) -> User:
    """The profile of ``username`` if the viewer may see it (404 otherwise: suspended, or
    blocking the viewer), with the relation flags and ``content_open`` (may the viewer
    page through its videos and likes) set. One statement."""
    params = {**viewer_params(viewer), "username_key": _username_key(username)}
    row = db.session.execute(_profile_statement(viewer is not None), params).first()
    if row is None:
        raise NotFound("User not found.")
    user = _user_with_flags(viewer)(row)
    setattr(user, "content_open", bool(row[-1]))  # noqa: B010 (not a column)
    return user


def get_profile(*, viewer: User | None, username: str) -> User:
    return find_visible_user(viewer=viewer, username=username)


def find_open_user(*, viewer: User | None, username: str) -> User:
    """As ``find_visible_user``; a private account the viewer does not follow is a 403."""
    user = find_visible_user(viewer=viewer, username=username)
    if not getattr(user, "content_open"):  # noqa: B009
        raise Forbidden("This account is private.")
    return user


NOTHING: Page = {"items": [], "next_cursor": None}


def shows_nothing_to(viewer: User | None, owner: User) -> bool:
    """A blocker sees the profile of the account they block and nothing else of it: its
    lists (likes, followers, following) are empty for them (its videos already are)."""
    return viewer is not None and bool(getattr(owner, "is_blocking"))  # noqa: B009


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
        _with_flags(stmt.where(user_visible(User, signed_in=viewer is not None)), viewer),
        keys,
        args,
        list_name=list_name,
        ascending=ascending,
        params=viewer_params(viewer),
        to_item=_user_with_flags(viewer),
    )


def search_users(*, viewer: User | None, args: Mapping[str, Any]) -> Page:
    stmt = sa.select(User)
    if args["q"]:
        stmt = stmt.where(User.username_key.startswith(args["q"].lower(), autoescape=True))
    return _user_page(stmt, [User.username_key], args, viewer=viewer, list_name="users", ascending=True)


def list_followers(*, viewer: User | None, username: str, args: Mapping[str, Any]) -> Page:
    user = find_visible_user(viewer=viewer, username=username)
    if shows_nothing_to(viewer, user):
        return NOTHING
    stmt = sa.select(User).join(Follow, Follow.follower_id == User.id).where(Follow.followee_id == user.id)
    keys = [Follow.created_at, Follow.follower_id]
    return _user_page(stmt, keys, args, viewer=viewer, list_name="followers")


def list_following(*, viewer: User | None, username: str, args: Mapping[str, Any]) -> Page:
    user = find_visible_user(viewer=viewer, username=username)
    if shows_nothing_to(viewer, user):
        return NOTHING
    stmt = sa.select(User).join(Follow, Follow.followee_id == User.id).where(Follow.follower_id == user.id)
    keys = [Follow.created_at, Follow.followee_id]
    return _user_page(stmt, keys, args, viewer=viewer, list_name="following-users")


# --- the viewer's own lists (UserSummary items) --------------------------------------------


def _summary_page(
    stmt: sa.Select, keys: Sequence[Key], args, *, viewer: User, list_name, ascending=False
) -> Page:
    return paginate(
        stmt,
        keys,
        args,
        list_name=list_name,
        ascending=ascending,
        params=viewer_params(viewer),
        to_item=lambda row: row[0],
    )


def list_blocks(*, viewer: User, args: Mapping[str, Any]) -> Page:
    """Accounts the viewer blocks, most recent first (suspended ones too: the viewer may
    still want to unblock them)."""
    stmt = sa.select(User).join(Block, Block.blocked_id == User.id).where(Block.blocker_id == VIEWER_ID)
    return _summary_page(stmt, [Block.created_at, Block.blocked_id], args, viewer=viewer, list_name="blocks")


def list_mutes(*, viewer: User, args: Mapping[str, Any]) -> Page:
    stmt = sa.select(User).join(Mute, Mute.muted_id == User.id).where(Mute.muter_id == VIEWER_ID)
    return _summary_page(stmt, [Mute.created_at, Mute.muted_id], args, viewer=viewer, list_name="mutes")


def list_follow_requests(*, viewer: User, args: Mapping[str, Any]) -> Page:
    """Who asked to follow the viewer, oldest first (accounts the viewer may see)."""
    stmt = (
        sa.select(User)
        .join(FollowRequest, FollowRequest.requester_id == User.id)
        .where(FollowRequest.target_id == VIEWER_ID, user_visible(User, signed_in=True))
    )
    keys = [FollowRequest.created_at, FollowRequest.requester_id]
    return _summary_page(stmt, keys, args, viewer=viewer, list_name="follow-requests", ascending=True)


def suggestion_allowed(viewer: User, candidate_id: Any) -> sa.ColumnElement[bool]:
    """Which accounts may be suggested to the viewer (self and accounts already followed
    are left out by the query itself): none blocked or muted either way; suspended and
    hidden ones go by the list's own user rule (``_user_page``)."""
    return sa.and_(
        not_blocked_either_way(VIEWER_ID, candidate_id),
        not_muting(VIEWER_ID, candidate_id),
        not_muting(candidate_id, VIEWER_ID),
    )


def list_suggested(*, viewer: User, args: Mapping[str, Any]) -> Page:
    """Accounts followed by the accounts the viewer follows, most such followers first.

    Bounded at both hops (README, "Suggested accounts"): the viewer's
    SUGGESTED_FOLLOWS_SCANNED (500) most recent follows are read, then of each of those
    accounts its SUGGESTED_FOLLOWS_PER_ACCOUNT (100) most recent follows, both as ranges of
    ix_follows_follower_recent; a candidate's score is how many of those follows name it.
    """
    scanned = current_app.config["SUGGESTED_FOLLOWS_SCANNED"]
    per_account = current_app.config["SUGGESTED_FOLLOWS_PER_ACCOUNT"]
    mine = so.aliased(Follow)
    recent = (
        sa.select(mine.followee_id)
        .where(mine.follower_id == viewer.id)
        .order_by(mine.created_at.desc(), mine.followee_id.desc())
        .limit(scanned)
        .subquery("recent")
    )
    # The oldest follow of each such account that counts: its per_account-th most recent,
    # by the index's order (NULL when it has fewer: all of them count). The second hop is
    # then the range from the newest down to it, whatever the account follows in all.
    nth = so.aliased(Follow)

    def oldest_counted(column: Any) -> Any:
        return (
            sa.select(column)
            .where(nth.follower_id == recent.c.followee_id)
            .order_by(nth.created_at.desc(), nth.followee_id.desc())
            .offset(per_account - 1)
            .limit(1)
            .scalar_subquery()
        )

    friends = sa.select(
        recent.c.followee_id.label("friend_id"),
        oldest_counted(nth.created_at).label("since_at"),
        oldest_counted(nth.followee_id).label("since_id"),
    ).subquery("friends")
    followed = so.aliased(Follow)
    already = sa.select(followed.followee_id).where(followed.follower_id == viewer.id)
    scores = (
        sa.select(Follow.followee_id.label("user_id"), sa.func.count().label("followed_by"))
        .select_from(friends)
        .join(
            Follow,
            sa.and_(
                Follow.follower_id == friends.c.friend_id,
                sa.or_(
                    friends.c.since_at.is_(None),
                    sa.tuple_(Follow.created_at, Follow.followee_id)
                    >= sa.tuple_(friends.c.since_at, friends.c.since_id),
                ),
            ),
        )
        .where(
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

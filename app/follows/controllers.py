"""Profiles and follows: one row per pair; both users' counters move with it."""

import re

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.counters import add_to, insert_ignoring_conflicts
from app.database import has_row, retry_transaction
from app.errors import Invalid, NotFound
from app.extensions import db
from app.models import Follow, User
from app.models.base import utcnow
from app.pagination import paginate

USERNAME = re.compile(r"[\w.]{1,24}")


def _is_following_column(viewer):
    # Aliased so it never correlates with a Follow the list itself joins.
    mine = so.aliased(Follow)
    return has_row(mine.follower_id == viewer.id, mine.followee_id == User.id).label("is_following")


def _with_is_following(stmt, viewer):
    return stmt if viewer is None else stmt.add_columns(_is_following_column(viewer))


def _fill_is_following(rows, viewer):
    users = []
    for row in rows:
        user = row[0]
        user.is_following = None if viewer is None else bool(row[1]) and user.id != viewer.id
        users.append(user)
    return users


def _username_key(username):
    # A path segment that cannot be a username (too long, NUL, "/") is simply not found.
    if not USERNAME.fullmatch(username):
        raise NotFound("User not found.")
    return username.lower()


def find_user(username):
    user = db.session.scalar(sa.select(User).where(User.username_key == _username_key(username)))
    if user is None:
        raise NotFound("User not found.")
    return user


def get_profile(username, viewer):
    stmt = _with_is_following(sa.select(User), viewer).where(User.username_key == _username_key(username))
    row = db.session.execute(stmt).first()
    if row is None:
        raise NotFound("User not found.")
    return _fill_is_following([row], viewer)[0]


def _user_page(stmt, keys, args, viewer, list_name, ascending=False):
    rows, cursor = paginate(
        db.session, _with_is_following(stmt, viewer), keys, args, list_name=list_name, ascending=ascending
    )
    return {"items": _fill_is_following(rows, viewer), "next_cursor": cursor}


def search_users(args, viewer):
    stmt = sa.select(User)
    if args["q"]:
        stmt = stmt.where(User.username_key.startswith(args["q"].lower(), autoescape=True))
    return _user_page(stmt, [User.username_key], args, viewer, "users", ascending=True)


def list_followers(username, args, viewer):
    user = find_user(username)
    stmt = sa.select(User).join(Follow, Follow.follower_id == User.id).where(Follow.followee_id == user.id)
    return _user_page(stmt, [Follow.created_at, Follow.follower_id], args, viewer, "followers")


def list_following(username, args, viewer):
    user = find_user(username)
    stmt = sa.select(User).join(Follow, Follow.followee_id == User.id).where(Follow.follower_id == user.id)
    return _user_page(stmt, [Follow.created_at, Follow.followee_id], args, viewer, "following-users")


def _followers_count(user_id):
    return db.session.scalar(sa.select(User.followers_count).where(User.id == user_id))


def _lock_pair(viewer_id, target_id):
    """Lock both accounts by id before the follow row (app/counters.py, LOCK ORDER): the
    foreign key would otherwise take them in whichever order the row names them."""
    db.session.execute(
        sa.select(User.id)
        .where(User.id.in_([viewer_id, target_id]))
        .order_by(User.id)
        .with_for_update(key_share=True)
    )


def _move_counters(follower_id, followee_id, delta):
    add_to(db.session, User, follower_id, following_count=delta)
    add_to(db.session, User, followee_id, followers_count=delta)


@retry_transaction
def follow(viewer, username):
    """Returns ``(created, followers_count)``; following twice keeps one follow."""
    target = find_user(username)
    if target.id == viewer.id:
        raise Invalid.field("path", "username", "You cannot follow yourself.")
    _lock_pair(viewer.id, target.id)
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Follow)
        .values(follower_id=viewer.id, followee_id=target.id, created_at=utcnow())
        .returning(Follow.followee_id)
    ).first()
    if inserted is not None:
        _move_counters(viewer.id, target.id, 1)
    count = _followers_count(target.id)
    db.session.commit()
    return inserted is not None, count


@retry_transaction
def unfollow(viewer, username):
    target = find_user(username)
    _lock_pair(viewer.id, target.id)
    removed = db.session.execute(
        sa.delete(Follow)
        .where(Follow.follower_id == viewer.id, Follow.followee_id == target.id)
        .returning(Follow.followee_id)
    ).first()
    if removed is not None:
        _move_counters(viewer.id, target.id, -1)
    count = _followers_count(target.id)
    db.session.commit()
    return count

"""Follows: one row per pair; both users' counters move with it, in one transaction."""

from typing import NamedTuple

import sqlalchemy as sa

from app.counters import add_to
from app.database import retry_transaction
from app.errors import Invalid
from app.extensions import db
from app.models import Follow, User
from app.models.base import utcnow
from app.models.notification import FOLLOW
from app.notifications.producer import notify
from app.sql import for_no_key_update, insert_ignoring_conflicts
from app.users.queries import find_user


class FollowResult(NamedTuple):
    created: bool  # False when the viewer already followed them
    followers_count: int | None


def _followers_count(user_id: int) -> int | None:
    return db.session.scalar(sa.select(User.followers_count).where(User.id == user_id))


def _lock_pair(viewer_id: int, target_id: int) -> None:
    """Lock both accounts by id before the follow row (app/counters.py, LOCK ORDER): the
    foreign key would otherwise take them in whichever order the row names them."""
    db.session.execute(
        for_no_key_update(sa.select(User.id).where(User.id.in_([viewer_id, target_id])).order_by(User.id))
    )


def _move_counters(follower_id: int, followee_id: int, delta: int) -> None:
    add_to(db.session, User, follower_id, following_count=delta)
    add_to(db.session, User, followee_id, followers_count=delta)


@retry_transaction
def follow(*, viewer: User, username: str) -> FollowResult:
    """Following twice keeps one follow (``created`` is then False)."""
    target = find_user(username=username)
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
        notify(db.session, target.id, FOLLOW, viewer.id)
    count = _followers_count(target.id)
    db.session.commit()
    return FollowResult(inserted is not None, count)


@retry_transaction
def unfollow(*, viewer: User, username: str) -> int | None:
    """Returns the target's followers_count; unfollowing someone not followed is a no-op."""
    target = find_user(username=username)
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

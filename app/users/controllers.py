"""Follows, follow requests, blocks and mutes: one row per pair; follow counters move
with the rows, in one transaction.

LOCK ORDER (app/counters.py): every writer here locks both accounts' rows by id first,
so a block, a follow, an approval and an unfollow of the same pair run one after the
other, and each re-reads the state (privacy, blocks) once it holds the locks.

A ``follow_request`` notification exists while its request is pending: every statement
that deletes a request, in the same transaction, retracts its notification (withdrawn,
declined, ended by a block) or turns it into the ``follow`` it led to (approved, one by
one or by going public).
"""

from enum import Enum
from typing import NamedTuple

import sqlalchemy as sa

from app.counters import add_to
from app.database import retry_transaction
from app.errors import Forbidden, Invalid, NotFound
from app.extensions import db
from app.models import Block, Follow, FollowRequest, Mute, User
from app.models.base import utcnow
from app.models.notification import FOLLOW, FOLLOW_ACCEPTED, FOLLOW_REQUEST
from app.notifications.producer import notify, notify_many, retract, retype
from app.sql import for_no_key_update, insert_ignoring_conflicts
from app.users.queries import find_user, find_visible_user


class FollowState(Enum):
    FOLLOWING = "following"  # a new follow (201)
    ALREADY_FOLLOWING = "already"  # (200)
    REQUESTED = "requested"  # a private account: a request is pending (202)


class FollowResult(NamedTuple):
    state: FollowState
    followers_count: int | None


def _followers_count(user_id: int) -> int | None:
    return db.session.scalar(sa.select(User.followers_count).where(User.id == user_id))


def _lock_pair(viewer_id: int, target_id: int) -> bool:
    """Lock both accounts by id before any row between them (app/counters.py, LOCK
    ORDER): the foreign key would otherwise take them in whichever order the row names
    them. Returns whether the target is private, as it is now that it is locked."""
    rows = db.session.execute(
        for_no_key_update(
            sa.select(User.id, User.is_private).where(User.id.in_([viewer_id, target_id])).order_by(User.id)
        )
    ).all()
    return any(row.id == target_id and row.is_private for row in rows)


def _move_counters(follower_id: int, followee_id: int, delta: int) -> None:
    add_to(db.session, User, follower_id, following_count=delta)
    add_to(db.session, User, followee_id, followers_count=delta)


def _not_self(viewer: User, target: User, verb: str) -> None:
    if target.id == viewer.id:
        raise Invalid.field("path", "username", f"You cannot {verb} yourself.")


def _block_between(viewer_id: int, target_id: int) -> sa.Row | None:
    return db.session.execute(
        sa.select(Block.blocker_id).where(
            sa.or_(
                sa.and_(Block.blocker_id == viewer_id, Block.blocked_id == target_id),
                sa.and_(Block.blocker_id == target_id, Block.blocked_id == viewer_id),
            )
        )
    ).first()


@retry_transaction
def follow(*, viewer: User, username: str) -> FollowResult:
    """Follow an account, or ask to when it is private; following twice keeps one follow.

    404 if it blocks the viewer (it does not exist for them), 403 while the viewer blocks it.
    """
    target = find_visible_user(viewer=viewer, username=username)
    _not_self(viewer, target, "follow")
    is_private = _lock_pair(viewer.id, target.id)
    block = _block_between(viewer.id, target.id)  # read again under the locks
    if block is not None:
        if block.blocker_id == target.id:
            raise NotFound("User not found.")
        raise Forbidden("You block this account; unblock it to follow it.")
    state = FollowState.ALREADY_FOLLOWING
    already = db.session.scalar(
        sa.select(Follow.follower_id).where(Follow.follower_id == viewer.id, Follow.followee_id == target.id)
    )
    if already is None and is_private:
        db.session.execute(
            insert_ignoring_conflicts(db.session, FollowRequest).values(
                requester_id=viewer.id, target_id=target.id, created_at=utcnow()
            )
        )
        state = FollowState.REQUESTED
        notify(db.session, target.id, FOLLOW_REQUEST, viewer.id)
    elif already is None:
        db.session.execute(
            insert_ignoring_conflicts(db.session, Follow).values(
                follower_id=viewer.id, followee_id=target.id, created_at=utcnow()
            )
        )
        _move_counters(viewer.id, target.id, 1)
        state = FollowState.FOLLOWING
        notify(db.session, target.id, FOLLOW, viewer.id)
    count = _followers_count(target.id)
    db.session.commit()
    return FollowResult(state, count)


@retry_transaction
def unfollow(*, viewer: User, username: str) -> int | None:
    """Stop following, or withdraw a follow request; returns the target's followers_count.
    Unfollowing someone not followed is a no-op."""
    target = find_visible_user(viewer=viewer, username=username)
    _lock_pair(viewer.id, target.id)
    removed = db.session.execute(
        sa.delete(Follow)
        .where(Follow.follower_id == viewer.id, Follow.followee_id == target.id)
        .returning(Follow.followee_id)
    ).first()
    if removed is not None:
        _move_counters(viewer.id, target.id, -1)
    db.session.execute(
        sa.delete(FollowRequest).where(
            FollowRequest.requester_id == viewer.id, FollowRequest.target_id == target.id
        )
    )
    retract(db.session, target.id, FOLLOW_REQUEST, viewer.id)  # withdrawn
    count = _followers_count(target.id)
    db.session.commit()
    return count


def end_follows_between(a: int, b: int) -> None:
    """Delete every follow and follow request between two locked accounts, both ways,
    with the counters (a block; the caller commits)."""
    pair = sa.or_(
        sa.and_(Follow.follower_id == a, Follow.followee_id == b),
        sa.and_(Follow.follower_id == b, Follow.followee_id == a),
    )
    for follower_id, followee_id in db.session.execute(
        sa.delete(Follow).where(pair).returning(Follow.follower_id, Follow.followee_id)
    ).all():
        _move_counters(follower_id, followee_id, -1)
    db.session.execute(
        sa.delete(FollowRequest).where(
            sa.or_(
                sa.and_(FollowRequest.requester_id == a, FollowRequest.target_id == b),
                sa.and_(FollowRequest.requester_id == b, FollowRequest.target_id == a),
            )
        )
    )
    # Hidden by the block already, but it would come back with an unblock.
    retract(db.session, b, FOLLOW_REQUEST, a)
    retract(db.session, a, FOLLOW_REQUEST, b)


@retry_transaction
def block(*, viewer: User, username: str) -> bool:
    """Block an account: every follow and request between the two ends, both ways, in the
    same transaction. Returns False when it was already blocked."""
    target = find_visible_user(viewer=viewer, username=username)
    _not_self(viewer, target, "block")
    return block_user(viewer=viewer, target_id=target.id)


def block_user(*, viewer: User, target_id: int) -> bool:
    """``block`` for an account already found (a report with ``block: true``)."""
    _lock_pair(viewer.id, target_id)
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Block)
        .values(blocker_id=viewer.id, blocked_id=target_id, created_at=utcnow())
        .returning(Block.blocked_id)
    ).first()
    end_follows_between(viewer.id, target_id)
    db.session.commit()
    return inserted is not None


def unblock(*, viewer: User, username: str) -> None:
    """Visibility comes back; follows do not."""
    target = find_user(username=username)
    db.session.execute(sa.delete(Block).where(Block.blocker_id == viewer.id, Block.blocked_id == target.id))
    db.session.commit()


def mute(*, viewer: User, username: str) -> bool:
    """Returns False when it was already muted."""
    target = find_visible_user(viewer=viewer, username=username)
    _not_self(viewer, target, "mute")
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Mute)
        .values(muter_id=viewer.id, muted_id=target.id, created_at=utcnow())
        .returning(Mute.muted_id)
    ).first()
    db.session.commit()
    return inserted is not None


def unmute(*, viewer: User, username: str) -> None:
    target = find_user(username=username)
    db.session.execute(sa.delete(Mute).where(Mute.muter_id == viewer.id, Mute.muted_id == target.id))
    db.session.commit()


@retry_transaction
def approve_request(*, viewer: User, username: str) -> None:
    """The requester now follows the viewer; 404 if they had not asked."""
    requester = find_user(username=username)
    _lock_pair(viewer.id, requester.id)
    request = db.session.execute(
        sa.delete(FollowRequest)
        .where(FollowRequest.requester_id == requester.id, FollowRequest.target_id == viewer.id)
        .returning(FollowRequest.requester_id)
    ).first()
    if request is None:
        db.session.rollback()
        raise NotFound("No follow request from this account.")
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Follow)
        .values(follower_id=requester.id, followee_id=viewer.id, created_at=utcnow())
        .returning(Follow.follower_id)
    ).first()
    if inserted is not None:
        _move_counters(requester.id, viewer.id, 1)
    # The request notification becomes the follow it led to, in place (its time and read
    # state kept): the inbox then says "follows you", as a public account's would, instead
    # of offering an approval that is now a 404, and no new unread item arrives for what
    # the viewer just did. The requester is told.
    retype(db.session, viewer.id, FOLLOW_REQUEST, FOLLOW, [requester.id])
    notify(db.session, requester.id, FOLLOW_ACCEPTED, viewer.id)
    db.session.commit()


def decline_request(*, viewer: User, username: str) -> None:
    """The request goes, and its notification with it; the requester is not told."""
    requester = find_user(username=username)
    db.session.execute(
        sa.delete(FollowRequest).where(
            FollowRequest.requester_id == requester.id, FollowRequest.target_id == viewer.id
        )
    )
    retract(db.session, viewer.id, FOLLOW_REQUEST, requester.id)
    db.session.commit()


def approve_every_request(*, target_id: int) -> None:
    """An account going public: every pending request becomes a follow, with the counters
    (the caller commits). The account and its requesters are locked by id first."""
    requesters = sa.select(FollowRequest.requester_id).where(FollowRequest.target_id == target_id)
    db.session.execute(
        for_no_key_update(
            sa.select(User.id).where(sa.or_(User.id == target_id, User.id.in_(requesters))).order_by(User.id)
        )
    )
    approved = db.session.scalars(
        sa.delete(FollowRequest)
        .where(FollowRequest.target_id == target_id)
        .returning(FollowRequest.requester_id)
    ).all()
    if not approved:
        return
    retype(db.session, target_id, FOLLOW_REQUEST, FOLLOW)  # as in approve_request
    # Each requester is told, as by approve_request: may_notify costs one statement per
    # requester (an account goes public once; its pending requests are its backlog).
    notify_many(db.session, approved, FOLLOW_ACCEPTED, target_id)
    now = utcnow()
    inserted = db.session.scalars(
        insert_ignoring_conflicts(db.session, Follow)
        .values(
            [
                {"follower_id": requester, "followee_id": target_id, "created_at": now}
                for requester in approved
            ]
        )
        .returning(Follow.follower_id)
    ).all()
    if inserted:
        db.session.execute(
            sa.update(User).where(User.id.in_(inserted)).values(following_count=User.following_count + 1)
        )
        add_to(db.session, User, target_id, followers_count=len(inserted))

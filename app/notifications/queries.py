"""Reads of a user's notifications: the inbox (all, or unread only) and the unread count.

The inbox is one statement: the page of notifications with their actor, video and
comment joined, newest first, from ix_notifications_inbox (or ix_notifications_unread).
The unread count reads the partial index ix_notifications_unread, which holds unread rows
only, and stops at UNREAD_COUNT_MAX: its cost is bounded whatever the history.
"""

import functools
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app import storage
from app.extensions import db
from app.models import Comment, Notification, User, Video
from app.models.notification import ABOUT_OWN_VIDEO
from app.pagination import Page, paginate
from app.sql import constant, prepared
from app.visibility import (
    VIEWER_ID,
    comment_visible,
    is_shielded,
    not_blocked_either_way,
    not_muting,
    video_visible,
    viewer_params,
)

NEWEST = [Notification.created_at, Notification.id]
UNREAD = Notification.read_at.is_(None)
# The largest unread count reported; clients show it as "99+", as app badges do. The count
# walks at most this many unread rows (each with the visibility rule), so its cost is the
# same for a user with 100,000 notifications as for one with 100.
UNREAD_COUNT_MAX = 99
_ACTOR = so.aliased(User)


def _of_video(column: Any) -> Any:
    """A column of the notification's video, as a primary-key probe per row of the page.
    Not a join: the visibility filter makes PostgreSQL expect one row, and it then joined
    videos and comments by scanning them (8 s for a page of 21; bench/RESULTS.md)."""
    return sa.select(column).where(Video.id == Notification.video_id).scalar_subquery()


def visible_to_recipient(shielded: bool = True) -> sa.ColumnElement[bool]:
    """Which stored notifications the recipient (``viewer_id``) is shown: what changed
    after they were written counts too (the actor blocked or muted since, the video
    removed or made private, the comment removed: its body is in the item;
    app/visibility.py). The inbox and the count both use it; ``shielded=False`` is the
    rule of a recipient with no blocks or mutes (``is_shielded``)."""
    actor_ok = sa.or_(
        Notification.actor_id.is_(None),
        sa.and_(
            not_blocked_either_way(VIEWER_ID, Notification.actor_id),
            not_muting(VIEWER_ID, Notification.actor_id),
        ),
    )
    if not shielded:
        actor_ok = sa.true()
    video, author = so.aliased(Video), so.aliased(User)
    video_ok = sa.or_(
        Notification.video_id.is_(None),
        # Written by the producer about the recipient's own video, which they always see:
        # a like is then no probe at all, and the unread count of a creator whose inbox is
        # likes costs what a small inbox does (bench/OPTIMISATIONS.md).
        Notification.type.in_([constant(type_) for type_ in ABOUT_OWN_VIDEO]),
        sa.exists(
            sa.select(1)
            .select_from(video)
            .join(author, author.id == video.author_id)
            .where(
                video.id == Notification.video_id,
                video_visible(video, author, signed_in=True, include_own=True, shielded=shielded),
            )
        ),
    )
    comment, commenter = so.aliased(Comment), so.aliased(User)
    comment_ok = sa.or_(
        Notification.comment_id.is_(None),
        sa.exists(
            sa.select(1)
            .select_from(comment)
            .join(commenter, commenter.id == comment.author_id)
            .where(
                comment.id == Notification.comment_id,
                comment_visible(comment, commenter, signed_in=True, shielded=shielded),
            )
        ),
    )
    return sa.and_(actor_ok, video_ok, comment_ok)


def _to_item(row: sa.Row) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": row.type,
        "actor": None
        if row.actor_id is None
        else {
            "id": row.actor_id,
            "username": row.actor_username,
            "display_name": row.actor_display_name,
            "avatar_url": row.actor_avatar_url,
        },
        "video": None
        if row.video_id is None
        else {
            "id": row.video_id,
            "caption": row.video_caption,
            "thumbnail_url": storage.url(row.video_thumbnail_key) if row.video_thumbnail_key else None,
        },
        "comment": None if row.comment_id is None else {"id": row.comment_id, "body": row.comment_body},
        "read": row.read_at is not None,
        "created_at": row.created_at,
    }


def list_notifications(*, viewer: User, args: Mapping[str, Any]) -> Page:
    """The viewer's notifications, newest first; ``unread`` keeps the unread ones only."""
    unread = bool(args.get("unread"))
    return paginate(
        _inbox_statement(unread, is_shielded(viewer)),
        NEWEST,
        args,
        list_name="notifications-unread" if unread else "notifications",
        params=viewer_params(viewer),
        to_item=_to_item,
    )


# The inbox and the unread count are built once, the recipient the bound ``viewer_id``:
# with the visibility rule in them, SQLAlchemy's cache key of a statement built per request
# cost more than running it (the key is memoised on the statement object).
@functools.cache
def _inbox_statement(unread: bool, shielded: bool) -> sa.Select:
    stmt = (
        sa.select(
            Notification.id,
            Notification.type,
            Notification.read_at,
            Notification.created_at,
            Notification.actor_id,
            _ACTOR.username.label("actor_username"),
            _ACTOR.display_name.label("actor_display_name"),
            _ACTOR.avatar_url.label("actor_avatar_url"),
            Notification.video_id,
            _of_video(Video.caption).label("video_caption"),
            _of_video(Video.thumbnail_key).label("video_thumbnail_key"),
            Notification.comment_id,
            sa.select(Comment.body)
            .where(Comment.id == Notification.comment_id)
            .scalar_subquery()
            .label("comment_body"),
        )
        .outerjoin(_ACTOR, _ACTOR.id == Notification.actor_id)
        .where(Notification.recipient_id == VIEWER_ID, visible_to_recipient(shielded))
    )
    return prepared(stmt.where(UNREAD) if unread else stmt)


def unread_count(*, viewer: User) -> int:
    """Unread notifications, up to UNREAD_COUNT_MAX: one range of the partial index."""
    return db.session.scalar(_unread_count_statement(is_shielded(viewer)), viewer_params(viewer)) or 0


@functools.cache
def _unread_count_statement(shielded: bool) -> sa.Select:
    capped = (
        sa.select(Notification.id)
        .where(Notification.recipient_id == VIEWER_ID, UNREAD, visible_to_recipient(shielded))
        # In index order, so the scan stops at the cap (a bitmap scan would read them all).
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        # A number in the SQL, not a parameter: the prepared plan must know it.
        .limit(constant(UNREAD_COUNT_MAX))
        .subquery()
    )
    return prepared(sa.select(sa.func.count()).select_from(capped))

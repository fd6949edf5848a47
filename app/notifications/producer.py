"""The one way a notification is written: ``notify()``, in the caller's transaction.

Each notification has a cause (its type, actor, video and comment); a recipient gets a
cause once (``uq_notifications_recipient_cause``), so liking again after an unlike, or a
task finishing twice, adds nothing. Its actor, video and comment are foreign keys with
ON DELETE CASCADE: deleting any of them takes the notifications it caused with it.

Producers today: likes, comments and replies, follows, comment likes, mentions
(app/notifications/mentions.py) and media processing (app/videos/tasks.py). Moderation
(``content_removed``, ``report_resolved``) and follow requests call ``notify()`` the same
way when they land.
"""

from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models import Comment, Notification, User, Video
from app.models.base import utcnow
from app.sql import AnySession, insert_ignoring_conflicts
from app.visibility import VIEWER_ID, blocked_either_way, comment_visible, mutes, video_visible


def may_notify(
    session: AnySession,
    recipient_ids: Iterable[int],
    *,
    actor_id: int | None,
    video_id: int | None,
    comment_id: int | None,
) -> list[int]:
    """The recipients who may be told of this cause, by the visibility rule
    (app/visibility.py), once for every producer: nobody of their own actions, nothing
    from an account the recipient blocked or muted (or that blocked them), nothing about
    a video or comment the recipient cannot see. One statement per recipient (a cause has
    one or two, a text's mentions a few)."""
    return [
        recipient
        for recipient in dict.fromkeys(recipient_ids)
        if recipient is not None
        and recipient != actor_id
        and _may_see(session, recipient, actor_id=actor_id, video_id=video_id, comment_id=comment_id)
    ]


def _may_see(
    session: AnySession, recipient: int, *, actor_id: int | None, video_id: int | None, comment_id: int | None
) -> bool:
    conditions: list[sa.ColumnElement[bool]] = []
    if actor_id is not None:
        conditions += [~blocked_either_way(VIEWER_ID, actor_id), ~mutes(VIEWER_ID, actor_id)]
    if video_id is not None:
        video, author = so.aliased(Video), so.aliased(User)
        conditions.append(
            sa.exists(
                sa.select(1)
                .select_from(video)
                .join(author, author.id == video.author_id)
                .where(video.id == video_id, video_visible(video, author, signed_in=True, include_own=True))
            )
        )
    if comment_id is not None:
        comment, author = so.aliased(Comment), so.aliased(User)
        conditions.append(
            sa.exists(
                sa.select(1)
                .select_from(comment)
                .join(author, author.id == comment.author_id)
                .where(comment.id == comment_id, comment_visible(comment, author, signed_in=True))
            )
        )
    if not conditions:
        return True
    return bool(session.scalar(sa.select(sa.and_(*conditions)), {"viewer_id": recipient}))


def cause_of(type_: str, actor_id: int | None, video_id: int | None, comment_id: int | None) -> str:
    return ":".join(
        [type_, *("" if part is None else str(part) for part in (actor_id, video_id, comment_id))]
    )


def notify(
    session: AnySession,
    recipient_id: int | None,
    type: str,  # noqa: A002 - the API's name for it
    actor_id: int | None,
    video_id: int | None = None,
    comment_id: int | None = None,
) -> None:
    """Notify ``recipient_id`` of a cause, once; nothing when they are the actor."""
    if recipient_id is not None:
        notify_many(session, [recipient_id], type, actor_id, video_id=video_id, comment_id=comment_id)


def notify_many(
    session: AnySession,
    recipient_ids: Iterable[int],
    type: str,  # noqa: A002
    actor_id: int | None,
    video_id: int | None = None,
    comment_id: int | None = None,
) -> None:
    """``notify()`` for several recipients in one statement (the users of a mention)."""
    recipients = may_notify(
        session, recipient_ids, actor_id=actor_id, video_id=video_id, comment_id=comment_id
    )
    if not recipients:
        return
    cause = cause_of(type, actor_id, video_id, comment_id)
    now = utcnow()
    session.execute(
        insert_ignoring_conflicts(session, Notification),
        [
            {
                "recipient_id": recipient,
                "type": type,
                "actor_id": actor_id,
                "video_id": video_id,
                "comment_id": comment_id,
                "cause": cause,
                "created_at": now,
            }
            for recipient in recipients
        ],
    )

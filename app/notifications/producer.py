"""The one way a notification is written: ``notify()``, in the caller's transaction.

Each notification has a cause (its type, actor, video and comment); a recipient gets a
cause once (``uq_notifications_recipient_cause``), so liking again after an unlike, or a
task finishing twice, adds nothing. Its actor, video and comment are foreign keys with
ON DELETE CASCADE: deleting any of them takes the notifications it caused with it.

Producers: likes, comments and replies, follows, follow requests and their approval
(app/users/controllers.py), comment likes, mentions (app/notifications/mentions.py), media
processing (app/videos/tasks.py) and moderation (``content_removed``, ``report_resolved``,
app/moderation/controllers.py). A notification that stops being true (a withdrawn or
declined follow request, a restored removal) is taken back with ``retract()``.
"""

from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models import Comment, Notification, User, Video
from app.models.base import utcnow
from app.sql import AnySession, insert_ignoring_conflicts
from app.visibility import VIEWER_ID, comment_visible, not_blocked_either_way, not_muting, video_visible


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
        conditions += [not_blocked_either_way(VIEWER_ID, actor_id), not_muting(VIEWER_ID, actor_id)]
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


def cause_of(
    type_: str, actor_id: int | None, video_id: int | None, comment_id: int | None, about: str | None = None
) -> str:
    """The unique key of a cause. ``about`` names what the cause is about when the actor,
    video and comment do not tell causes apart (``report_resolved`` has none of them: each
    report is its own cause, ``report:<id>``)."""
    parts = [type_, *("" if part is None else str(part) for part in (actor_id, video_id, comment_id))]
    return ":".join(parts if about is None else [*parts, about])


def notify(
    session: AnySession,
    recipient_id: int | None,
    type: str,  # noqa: A002 - the API's name for it
    actor_id: int | None,
    video_id: int | None = None,
    comment_id: int | None = None,
    about: str | None = None,
) -> None:
    """Notify ``recipient_id`` of a cause, once; nothing when they are the actor."""
    if recipient_id is not None:
        notify_many(
            session, [recipient_id], type, actor_id, video_id=video_id, comment_id=comment_id, about=about
        )


def notify_many(
    session: AnySession,
    recipient_ids: Iterable[int],
    type: str,  # noqa: A002
    actor_id: int | None,
    video_id: int | None = None,
    comment_id: int | None = None,
    about: str | None = None,
) -> None:
    """``notify()`` for several recipients in one statement (the users of a mention)."""
    recipients = may_notify(
        session, recipient_ids, actor_id=actor_id, video_id=video_id, comment_id=comment_id
    )
    if not recipients:
        return
    cause = cause_of(type, actor_id, video_id, comment_id, about)
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


def retract(
    session: AnySession,
    recipient_id: int,
    type: str,  # noqa: A002
    actor_id: int | None,
    video_id: int | None = None,
    comment_id: int | None = None,
) -> None:
    """Take back the notification of a cause that is no longer true (one statement, by the
    unique key of the cause). Notifying the same cause later is then a new notification."""
    session.execute(
        sa.delete(Notification).where(
            Notification.recipient_id == recipient_id,
            Notification.cause == cause_of(type, actor_id, video_id, comment_id),
        )
    )


def retype(
    session: AnySession,
    recipient_id: int,
    old: str,
    new: str,
    actor_ids: Iterable[int] | None = None,
) -> None:
    """Turn the recipient's ``old`` notifications of an actor alone (from ``actor_ids``, or
    all) into ``new`` ones in place, keeping when they came and whether they were read (an
    approved ``follow_request`` becomes the ``follow`` it led to). Where the recipient
    already has the ``new`` cause, that one stays and the ``old`` one goes. Two statements."""
    mine = [
        Notification.recipient_id == recipient_id,
        Notification.type == old,
        Notification.video_id.is_(None),
        Notification.comment_id.is_(None),
    ]
    if actor_ids is not None:
        mine.append(Notification.actor_id.in_(list(actor_ids)))
    # cause_of(new, actor_id, None, None), in SQL.
    new_cause = sa.literal(f"{new}:") + sa.cast(Notification.actor_id, sa.String) + sa.literal("::")
    other = so.aliased(Notification)
    already = sa.exists(
        sa.select(1).select_from(other).where(other.recipient_id == recipient_id, other.cause == new_cause)
    )
    session.execute(sa.update(Notification).where(*mine, ~already).values(type=new, cause=new_cause))
    session.execute(sa.delete(Notification).where(*mine))

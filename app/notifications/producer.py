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

from app.models import Notification
from app.models.base import utcnow
from app.sql import AnySession, insert_ignoring_conflicts


def may_notify(
    session: AnySession,
    recipient_ids: Iterable[int],
    *,
    actor_id: int | None,
    video_id: int | None,
    comment_id: int | None,
) -> list[int]:
    """VISIBILITY HOOK: the recipients who may be told of this cause.

    The trust & safety rule plugs in here, once for every producer: nothing from an
    account the recipient blocked or muted (or that blocked them), nothing about a video
    or comment the recipient cannot see (a private video, removed content, a suspended
    author). Today every recipient may be told; nobody is told of their own actions.
    """
    return [recipient for recipient in dict.fromkeys(recipient_ids) if recipient != actor_id]


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

"""Mentions: "@username" in a caption or a comment notifies that user, once per text."""

import sqlalchemy as sa

from app.models import User
from app.models.notification import MENTION
from app.models.video import parse_mentions
from app.notifications.producer import notify_many
from app.sql import AnySession


def notify_mentions(
    session: AnySession,
    *,
    text: str,
    actor_id: int,
    video_id: int,
    comment_id: int | None = None,
    told: tuple[int | None, ...] = (),
) -> None:
    """Notify the accounts ``text`` mentions (without regard to case), in the caller's
    transaction, except those ``told`` of the same text already (the video's author of a
    comment on it). Who may see the text is the producer's rule (``may_notify``)."""
    names = parse_mentions(text)
    if not names:
        return
    mentioned = session.scalars(sa.select(User.id).where(User.username_key.in_(names)).order_by(User.id))
    recipients = [user_id for user_id in mentioned if user_id not in told]
    notify_many(session, recipients, MENTION, actor_id, video_id=video_id, comment_id=comment_id)

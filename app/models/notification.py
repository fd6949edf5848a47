"""In-app notifications (API.md, "Notifications"), written by app/notifications/producer.py."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, utcnow

LIKE, COMMENT, REPLY, MENTION, COMMENT_LIKE, FOLLOW = (
    "like",
    "comment",
    "reply",
    "mention",
    "comment_like",
    "follow",
)
FOLLOW_REQUEST, FOLLOW_ACCEPTED = "follow_request", "follow_accepted"
VIDEO_READY, VIDEO_FAILED = "video_ready", "video_failed"
CONTENT_REMOVED, REPORT_RESOLVED = "content_removed", "report_resolved"
TYPES = (
    LIKE,
    COMMENT,
    REPLY,
    MENTION,
    COMMENT_LIKE,
    FOLLOW,
    FOLLOW_REQUEST,
    FOLLOW_ACCEPTED,
    VIDEO_READY,
    VIDEO_FAILED,
    CONTENT_REMOVED,
    REPORT_RESOLVED,
)

# The types whose video, when they name one, is always the recipient's own (a like of it, a
# comment on it, its processing, its removal): the recipient sees their own videos in
# every status (app/visibility.py, ``include_own``), so such a notification needs no probe
# of its video to be shown (app/notifications/queries.py).
ABOUT_OWN_VIDEO = (LIKE, COMMENT, VIDEO_READY, VIDEO_FAILED, CONTENT_REMOVED)


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        sa.CheckConstraint(f"type IN {TYPES!r}", name="known_type"),
        # The cause, once per recipient: liking again after an unlike adds nothing.
        sa.UniqueConstraint("recipient_id", "cause", name="uq_notifications_recipient_cause"),
        # The inbox, newest first.
        sa.Index("ix_notifications_inbox", "recipient_id", "created_at", "id"),
        # The unread inbox and the unread count: only unread rows are in this index, so its
        # size is the unread backlog, not the history.
        sa.Index(
            "ix_notifications_unread",
            "recipient_id",
            "created_at",
            "id",
            postgresql_where=sa.text("read_at IS NULL"),
            sqlite_where=sa.text("read_at IS NULL"),
        ),
        # The cascades when an actor, a video or a comment goes; the retention prune.
        sa.Index("ix_notifications_actor", "actor_id"),
        sa.Index("ix_notifications_video", "video_id"),
        sa.Index("ix_notifications_comment", "comment_id"),
        sa.Index("ix_notifications_read", "read_at", postgresql_where=sa.text("read_at IS NOT NULL")),
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    recipient_id: so.Mapped[int] = so.mapped_column(BigId, sa.ForeignKey("users.id", ondelete="CASCADE"))
    type: so.Mapped[str] = so.mapped_column(sa.String(20))
    # What caused it; each goes with the notification when deleted (API.md).
    actor_id: so.Mapped[int | None] = so.mapped_column(BigId, sa.ForeignKey("users.id", ondelete="CASCADE"))
    video_id: so.Mapped[int | None] = so.mapped_column(BigId, sa.ForeignKey("videos.id", ondelete="CASCADE"))
    comment_id: so.Mapped[int | None] = so.mapped_column(
        BigId, sa.ForeignKey("comments.id", ondelete="CASCADE")
    )
    # "<type>:<actor>:<video>:<comment>", the unique key of the cause (NULLs are distinct
    # in a unique constraint, so the columns themselves cannot be it).
    cause: so.Mapped[str] = so.mapped_column(sa.String(100))
    read_at: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

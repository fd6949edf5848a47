"""Reports, the moderators' audit log and the blocked terms (API.md, "Reports and
moderation")."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, utcnow

# What can be reported, and how a report ends.
VIDEO, COMMENT, USER_TARGET = "video", "comment", "user"
TARGET_TYPES = (VIDEO, COMMENT, USER_TARGET)
REASONS = (
    "spam",
    "harassment",
    "hate",
    "violence",
    "sexual",
    "minor_safety",
    "self_harm",
    "illegal",
    "misinformation",
    "intellectual_property",
    "impersonation",
    "other",
)
OPEN, RESOLVED = "open", "resolved"
DISMISS, REMOVE_CONTENT, SUSPEND_AUTHOR = "dismiss", "remove_content", "suspend_author"
ACTIONS = (DISMISS, REMOVE_CONTENT, SUSPEND_AUTHOR)


class Report(Base):
    """A user's report of a video, a comment or an account.

    The target is named by type and id without a foreign key, and its text is copied
    (``snapshot_*``): a report outlives an edit or a deletion of what it reports.
    """

    __tablename__ = "reports"
    __table_args__ = (
        sa.CheckConstraint(f"target_type IN {TARGET_TYPES!r}", name="known_target"),
        sa.CheckConstraint(f"reason IN {REASONS!r}", name="known_reason"),
        sa.CheckConstraint("status IN ('open', 'resolved')", name="known_status"),
        sa.CheckConstraint(f"action IS NULL OR action IN {ACTIONS!r}", name="known_action"),
        # One open report per reporter and target: reporting again answers the open one.
        sa.Index(
            "ix_reports_open_per_reporter",
            "reporter_id",
            "target_type",
            "target_id",
            unique=True,
            postgresql_where=sa.text("status = 'open'"),
            sqlite_where=sa.text("status = 'open'"),
        ),
        # The queue, oldest first, by status.
        sa.Index("ix_reports_status_created", "status", "created_at", "id"),
        # A reporter's own reports, newest first.
        sa.Index("ix_reports_reporter_created", "reporter_id", "created_at", "id"),
        # Every open report of one target is resolved together.
        sa.Index("ix_reports_target", "target_type", "target_id", "status"),
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    reporter_id: so.Mapped[int] = so.mapped_column(BigId, sa.ForeignKey("users.id", ondelete="CASCADE"))
    target_type: so.Mapped[str] = so.mapped_column(sa.String(10))
    target_id: so.Mapped[int] = so.mapped_column(BigId)
    # The account behind the target (the video's or comment's author, or the user).
    target_author_id: so.Mapped[int | None] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    snapshot_text: so.Mapped[str] = so.mapped_column(sa.String(2200))
    snapshot_author_username: so.Mapped[str] = so.mapped_column(sa.String(24))
    reason: so.Mapped[str] = so.mapped_column(sa.String(30))
    details: so.Mapped[str] = so.mapped_column(sa.String(1000), default="", server_default="")
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default=OPEN, server_default=OPEN)
    action: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    note: so.Mapped[str | None] = so.mapped_column(sa.String(1000))
    resolved_by_id: so.Mapped[int | None] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    resolved_at: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime(timezone=True))


class ModerationAction(Base):
    """The audit log: every action a moderator or admin took, newest first."""

    __tablename__ = "moderation_actions"
    __table_args__ = (
        sa.Index("ix_moderation_actions_created", "created_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    moderator_id: so.Mapped[int | None] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: so.Mapped[str] = so.mapped_column(sa.String(40))
    target_type: so.Mapped[str] = so.mapped_column(sa.String(20))
    target_id: so.Mapped[int | None] = so.mapped_column(BigId)
    # Usernames never change, so a user target is shown by the name it had.
    target_username: so.Mapped[str | None] = so.mapped_column(sa.String(24))
    note: so.Mapped[str] = so.mapped_column(sa.String(1000), default="", server_default="")
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)


class BlockedTerm(Base):
    """A word or phrase no user text may contain (whole words, without regard to case)."""

    __tablename__ = "blocked_terms"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    term: so.Mapped[str] = so.mapped_column(sa.String(100))
    # Lowercased: one term whatever its case.
    term_key: so.Mapped[str] = so.mapped_column(sa.String(100), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

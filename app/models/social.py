"""What users do to each other's videos and accounts: likes, comments, follows, and the
relations that limit them: follow requests, blocks, mutes."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, counter, utcnow

if TYPE_CHECKING:
    from app.models.user import User

COMMENT_MAX_LENGTH = 150


class Like(Base):
    __tablename__ = "likes"
    __table_args__ = (
        sa.Index("ix_likes_video_recent", "video_id", "created_at", "user_id"),
        sa.Index("ix_likes_user_recent", "user_id", "created_at", "video_id"),
    )

    user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    video_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Follow(Base):
    __tablename__ = "follows"
    __table_args__ = (
        sa.CheckConstraint("follower_id <> followee_id", name="not_self"),
        sa.Index("ix_follows_followee_recent", "followee_id", "created_at", "follower_id"),
        sa.Index("ix_follows_follower_recent", "follower_id", "created_at", "followee_id"),
    )

    follower_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    followee_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        sa.CheckConstraint("reply_count >= 0", name="reply_count_nonnegative"),
        sa.CheckConstraint("like_count >= 0", name="like_count_nonnegative"),
        sa.CheckConstraint("NOT pinned OR parent_id IS NULL", name="only_top_level_pinned"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        # Top-level comments of a video: the pinned one, then newest first.
        sa.Index(
            "ix_comments_video_top",
            "video_id",
            "pinned",
            "created_at",
            "id",
            postgresql_where=sa.text("parent_id IS NULL"),
            sqlite_where=sa.text("parent_id IS NULL"),
        ),
        # At most one pinned comment per video.
        sa.Index(
            "uq_comments_video_pinned",
            "video_id",
            unique=True,
            postgresql_where=sa.text("pinned"),
            sqlite_where=sa.text("pinned"),
        ),
        # Replies of a comment, oldest first.
        sa.Index("ix_comments_parent", "parent_id", "created_at", "id"),
        sa.Index("ix_comments_author", "author_id"),
        # Every comment of a video: recounts, and the cascade when a video is deleted.
        sa.Index("ix_comments_video", "video_id"),
        {"sqlite_autoincrement": True},  # ids are never reused (see User)
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    video_id: so.Mapped[int] = so.mapped_column(BigId, sa.ForeignKey("videos.id", ondelete="CASCADE"))
    author_id: so.Mapped[int] = so.mapped_column(BigId, sa.ForeignKey("users.id", ondelete="CASCADE"))
    # One level of replies: a reply's parent is always a top-level comment (controllers).
    parent_id: so.Mapped[int | None] = so.mapped_column(
        BigId, sa.ForeignKey("comments.id", ondelete="CASCADE")
    )
    body: so.Mapped[str] = so.mapped_column(sa.String(COMMENT_MAX_LENGTH))
    # Set when a moderator removes it: hidden from everyone but its author.
    removed_at: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    reply_count: so.Mapped[int] = counter()
    like_count: so.Mapped[int] = counter()
    pinned: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    author: so.Mapped["User"] = so.relationship(lazy="raise")


class FollowRequest(Base):
    """A pending request to follow a private account (approved, it becomes a Follow)."""

    __tablename__ = "follow_requests"
    __table_args__ = (
        sa.CheckConstraint("requester_id <> target_id", name="not_self"),
        # A private account's requests, oldest first.
        sa.Index("ix_follow_requests_target_created", "target_id", "created_at", "requester_id"),
    )

    requester_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Block(Base):
    """``blocker_id`` blocks ``blocked_id``: neither sees the other's content.

    The primary key serves "does the viewer block them", the reverse index "do they
    block the viewer": both are one-row probes per listed item (app/visibility.py).
    """

    __tablename__ = "blocks"
    __table_args__ = (
        sa.CheckConstraint("blocker_id <> blocked_id", name="not_self"),
        sa.Index("ix_blocks_blocked", "blocked_id", "blocker_id"),
        sa.Index("ix_blocks_blocker_recent", "blocker_id", "created_at", "blocked_id"),
    )

    blocker_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Mute(Base):
    """``muter_id`` mutes ``muted_id``: the muted account's videos leave the muter's feeds."""

    __tablename__ = "mutes"
    __table_args__ = (
        sa.CheckConstraint("muter_id <> muted_id", name="not_self"),
        sa.Index("ix_mutes_muted", "muted_id"),
        sa.Index("ix_mutes_muter_recent", "muter_id", "created_at", "muted_id"),
    )

    muter_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    muted_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

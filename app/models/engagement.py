"""Engagement beyond likes: bookmarks, shares and comment likes (API.md, "Engagement")."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, utcnow


class Bookmark(Base):
    """A video saved for later: private to the user who saved it."""

    __tablename__ = "bookmarks"
    __table_args__ = (
        # GET /api/me/bookmarks: most recently bookmarked first.
        sa.Index("ix_bookmarks_user_recent", "user_id", "created_at", "video_id"),
        # Recounts, and the cascade when a video is deleted.
        sa.Index("ix_bookmarks_video", "video_id"),
    )

    user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    video_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Share(Base):
    """One share of a video: a row each, so ``share_count`` can be recounted. A deleted
    account's shares stay counted (their user becomes null)."""

    __tablename__ = "shares"
    __table_args__ = (
        sa.Index("ix_shares_video", "video_id"),
        sa.Index("ix_shares_user", "user_id"),
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    video_id: so.Mapped[int] = so.mapped_column(BigId, sa.ForeignKey("videos.id", ondelete="CASCADE"))
    user_id: so.Mapped[int | None] = so.mapped_column(BigId, sa.ForeignKey("users.id", ondelete="SET NULL"))
    channel: so.Mapped[str] = so.mapped_column(sa.String(30), default="", server_default="")
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)


class CommentLike(Base):
    __tablename__ = "comment_likes"
    __table_args__ = (sa.Index("ix_comment_likes_comment", "comment_id", "user_id"),)

    user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    comment_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

"""Data exports (GDPR article 20): an archive of an account's data, built in the background."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, utcnow

PENDING, READY, FAILED = "pending", "ready", "failed"


class Export(Base):
    __tablename__ = "exports"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'ready', 'failed')", name="known_status"),
        # The sweep finds the exports past their expiry.
        sa.Index("ix_exports_status_expiry", "status", "expires_at"),
    )

    # Random and unguessable: it names the archive's object and its download URL.
    id: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    # One export per account (the latest asked for), so at most one is ever pending.
    user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default=PENDING, server_default=PENDING)
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Set when the archive is ready: the object is deleted, and the URL stops working, then.
    expires_at: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    size: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)

    @staticmethod
    def object_key(export_id: str) -> str:
        """Where the archive is stored. Under a folder: the development media server and
        nginx serve top-level names only, so an archive is never reachable as media."""
        return f"{OBJECT_PREFIX}{export_id}.zip"


OBJECT_PREFIX = "exports/"

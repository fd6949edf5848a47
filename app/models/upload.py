"""Direct, resumable uploads: a file sent in parts straight to storage, then completed
into a video (API.md, "Direct, resumable uploads")."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, utcnow

OPEN, COMPLETED, ABORTED = "open", "completed", "aborted"


class Upload(Base):
    __tablename__ = "uploads"
    __table_args__ = (
        sa.CheckConstraint("status IN ('open', 'completed', 'aborted')", name="known_status"),
        sa.CheckConstraint("size > 0", name="size_positive"),
        # The sweep finds open uploads past their expiry.
        sa.Index("ix_uploads_open_expiry", "expires_at", postgresql_where=sa.text("status = 'open'")),
    )

    # Random and unguessable (it names the upload in part URLs too), not a sequence.
    id: so.Mapped[str] = so.mapped_column(sa.String(32), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    size: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    content_type: so.Mapped[str] = so.mapped_column(sa.String(32))
    part_size: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    # Where the assembled file will be stored, and the store's own multipart id (S3).
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(64))
    multipart_id: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default=OPEN, server_default=OPEN)
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True))

    @property
    def part_count(self) -> int:
        return -(-self.size // self.part_size)

    def part_length(self, number: int) -> int:
        """The exact size of part ``number`` (1-based): every part is full but the last."""
        if number < self.part_count:
            return self.part_size
        return self.size - self.part_size * (self.part_count - 1)

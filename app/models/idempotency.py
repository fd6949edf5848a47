"""Responses kept for ``Idempotency-Key`` retries (app/idempotency.py), when they live in
the database rather than in Redis."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"

    # Whose key: "user:<id>" for a signed-in request, "ip:<address>" otherwise.
    scope: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(255), primary_key=True)
    # The SHA-256 of the method, path and body the key was first used with.
    fingerprint: so.Mapped[str] = so.mapped_column(sa.String(64))
    # NULL while the first request runs; then its response.
    status_code: so.Mapped[int | None] = so.mapped_column(sa.SmallInteger)
    headers: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    body: so.Mapped[bytes | None] = so.mapped_column(sa.LargeBinary)
    # When the key was claimed: a claim whose request died is taken over after a lease,
    # and a record is forgotten after a day (the sweep at each claim; it is indexed).
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), index=True)

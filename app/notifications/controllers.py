"""Marking notifications read, and pruning old read ones."""

from datetime import timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult

from app.database import retry_transaction
from app.extensions import db
from app.models import Notification, User
from app.models.base import utcnow


@retry_transaction
def mark_read(*, viewer: User, ids: list[int] | None = None) -> None:
    """Mark the viewer's notifications ``ids`` (or, without ids, all of them) read; ids
    that are not theirs or already read are left alone."""
    stmt = sa.update(Notification).where(
        Notification.recipient_id == viewer.id, Notification.read_at.is_(None)
    )
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids))
    db.session.execute(stmt.values(read_at=utcnow()))
    db.session.commit()


def prune_read(*, days: int) -> int:
    """Delete the notifications read more than ``days`` ago; returns how many went."""
    before = utcnow() - timedelta(days=days)
    result = cast(
        CursorResult,
        db.session.execute(
            sa.delete(Notification).where(Notification.read_at.is_not(None), Notification.read_at < before)
        ),
    )
    db.session.commit()
    return result.rowcount

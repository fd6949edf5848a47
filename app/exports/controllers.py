"""Data exports (API.md, "Accounts and data rights"): asking for one, its state, its archive.

An account has at most one export, the latest asked for (a unique ``user_id``), so at
most one is ever pending; asking while one is pending answers that one. The archive is
built after the commit, by a worker or, without a task queue, right here.
"""

import contextlib
import uuid
from datetime import UTC, datetime
from typing import IO, NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app import storage
from app.errors import NotFound
from app.exports import links
from app.exports.tasks import build_export
from app.extensions import db
from app.models import Export, User
from app.models.base import utcnow
from app.models.export import PENDING, READY
from app.tasks import enqueue


class ExportState(NamedTuple):
    status: str
    url: str | None
    expires_at: datetime | None
    created_at: datetime


def request_export(*, viewer: User) -> ExportState:
    current = _export_of(viewer.id)
    if current is not None and current.status == PENDING:
        return _state(current)
    export = Export(id=uuid.uuid4().hex, user_id=viewer.id, status=PENDING, created_at=utcnow())
    if current is not None:
        db.session.delete(current)
        db.session.flush()
    db.session.add(export)
    try:
        db.session.commit()
    except IntegrityError:
        # A second request of the same account won the race: answer its export.
        db.session.rollback()
        raced = _export_of(viewer.id)
        if raced is None:
            raise
        return _state(raced)
    if current is not None:
        storage.delete_many([Export.object_key(current.id)])  # the previous archive
    answered = _state(export)  # as committed: pending (an inline build changes it below)
    enqueue(build_export, export.id)
    return answered


def get_export(*, viewer: User) -> ExportState:
    export = _export_of(viewer.id)
    if export is None or (export.expires_at is not None and _aware(export.expires_at) <= utcnow()):
        raise NotFound("No export was asked for (or it has expired); ask for one.")
    return _state(export)


def open_archive(*, export_id: str, token: str) -> tuple[contextlib.AbstractContextManager[IO[bytes]], str]:
    """The archive's bytes (to be opened, then streamed) and its file name, for the signed
    URL of local storage (on S3 the store serves it: presigned)."""
    links.check_token(token, export_id)
    export = db.session.get(Export, export_id)
    if (
        export is None
        or export.status != READY
        or not export.expires_at
        or _aware(export.expires_at) <= utcnow()
    ):
        raise NotFound("This export no longer exists.")
    return storage.open_object(Export.object_key(export.id)), links.filename(export)


def _export_of(user_id: int) -> Export | None:
    return db.session.scalar(sa.select(Export).where(Export.user_id == user_id))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def _state(export: Export) -> ExportState:
    expires_at = _aware(export.expires_at) if export.expires_at else None
    url = links.download_url(export, expires_at) if export.status == READY and expires_at else None
    return ExportState(
        status=export.status,
        url=url,
        expires_at=expires_at if export.status == READY else None,
        created_at=_aware(export.created_at),
    )

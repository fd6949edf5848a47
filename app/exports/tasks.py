"""Background work of data exports: building an archive, and removing expired ones.

Idempotent: the build loads the export by id and works only on one still ``pending``; its
object's key comes from the export's id, so a second run replaces it, and the result is
recorded only on an export still pending (an account deleted, or an export replaced,
meanwhile: the new object is deleted again).
"""

import logging
import tempfile
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from celery import shared_task
from flask import current_app

from app import storage
from app.exports.archive import write_archive
from app.extensions import db
from app.models import Export
from app.models.base import utcnow
from app.models.export import FAILED, PENDING, READY

log = logging.getLogger(__name__)


@shared_task(bind=True, name="exports.build", max_retries=5)
def build_export(self, export_id: str) -> str | None:
    """Build the archive of a pending export; returns the status it ended in (None:
    nothing to do)."""
    user_id = db.session.scalar(
        sa.select(Export.user_id).where(Export.id == export_id, Export.status == PENDING)
    )
    if user_id is None:
        db.session.rollback()
        return None
    key = Export.object_key(export_id)
    try:
        with tempfile.TemporaryDirectory(prefix="export-") as workdir:
            archive = Path(workdir) / "export.zip"
            write_archive(archive, user_id=user_id)
            db.session.rollback()  # the reads' transaction is not held open during the upload
            size = archive.stat().st_size
            storage.put_file(archive, key)
    except (storage.StorageUnavailable, sa.exc.OperationalError) as error:
        db.session.rollback()
        if not self.request.called_directly and self.request.retries < self.max_retries:
            raise self.retry(exc=error, countdown=30 * 2**self.request.retries)
        log.warning("Export %s failed: %s", export_id, error)
        return _finish(export_id, status=FAILED)
    except Exception:
        db.session.rollback()
        log.exception("Export %s failed", export_id)
        storage.delete_many([key])
        return _finish(export_id, status=FAILED)
    ended = _finish(export_id, status=READY, size=size)
    if ended is None:
        storage.delete_many([key])
    return ended


def _finish(export_id: str, **values) -> str | None:
    expires = utcnow() + timedelta(days=current_app.config["EXPORT_EXPIRES_DAYS"])
    landed = db.session.execute(
        sa.update(Export)
        .where(Export.id == export_id, Export.status == PENDING)
        .values(expires_at=expires, **values)
        .returning(Export.status)
    ).scalar()
    db.session.commit()
    if landed is not None:
        log.info("Export %s is %s", export_id, landed)
    return landed


@shared_task(name="exports.sweep_expired")
def sweep_expired_exports() -> dict[str, int]:
    """Delete the exports past their expiry with their archives, and fail the ones pending
    for longer than EXPORT_STUCK_MINUTES (their task was lost), so that they can be asked
    for again."""
    now = utcnow()
    expired = db.session.scalars(
        sa.delete(Export).where(Export.status != PENDING, Export.expires_at <= now).returning(Export.id)
    ).all()
    stuck_before = now - timedelta(minutes=current_app.config["EXPORT_STUCK_MINUTES"])
    failed = db.session.scalars(
        sa.update(Export)
        .where(Export.status == PENDING, Export.created_at < stuck_before)
        .values(status=FAILED, expires_at=now + timedelta(days=current_app.config["EXPORT_EXPIRES_DAYS"]))
        .returning(Export.id)
    ).all()
    db.session.commit()
    storage.delete_many([Export.object_key(export_id) for export_id in expired])
    if expired or failed:
        log.info("Sweep: %d expired export(s) removed, %d stuck one(s) failed", len(expired), len(failed))
    return {"removed": len(expired), "failed": len(failed)}

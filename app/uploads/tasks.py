"""Background work of direct uploads: removing the ones that expired."""

import logging

import sqlalchemy as sa
from celery import shared_task

from app import storage
from app.extensions import db
from app.models import Upload
from app.models.base import utcnow
from app.models.upload import ABORTED, OPEN

log = logging.getLogger(__name__)


@shared_task(name="uploads.sweep_expired")
def sweep_expired_uploads() -> int:
    """Abort every open upload past its expiry and delete its parts; returns how many."""
    expired = db.session.execute(
        sa.update(Upload)
        .where(Upload.status == OPEN, Upload.expires_at < utcnow())
        .values(status=ABORTED)
        .returning(Upload.id, Upload.storage_key, Upload.multipart_id)
    ).all()
    db.session.commit()
    backend = storage.backend()
    for upload_id, key, multipart_id in expired:  # after the commit: never parts of a live upload
        backend.drop_parts(upload_id, key, multipart_id)
    if expired:
        log.info("Sweep: %d expired upload(s) removed", len(expired))
    return len(expired)

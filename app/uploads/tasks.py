"""Background work of direct uploads: removing the ones that expired."""

import logging

import sqlalchemy as sa
from celery import shared_task

from app.extensions import db
from app.models import Upload
from app.models.base import utcnow
from app.models.upload import ABORTED, OPEN
from app.uploads.controllers import drop_parts_of

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
    drop_parts_of(expired)
    if expired:
        log.info("Sweep: %d expired upload(s) removed", len(expired))
    return len(expired)

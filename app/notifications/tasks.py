"""The periodic prune of old read notifications (NOTIFICATION_RETENTION_DAYS)."""

import logging

from celery import shared_task
from flask import current_app

from app.notifications.controllers import prune_read

log = logging.getLogger(__name__)


@shared_task(name="notifications.prune")
def prune_notifications() -> int:
    """Delete notifications read more than NOTIFICATION_RETENTION_DAYS ago. Idempotent."""
    pruned = prune_read(days=current_app.config["NOTIFICATION_RETENTION_DAYS"])
    if pruned:
        log.info("Pruned %d read notification(s)", pruned)
    return pruned

"""The periodic hashtag sweep (SWEEP_SECONDS): suspensions that have ended, and tags no
video uses.

A suspension with an end lifts by itself for every read (app/visibility.py compares it
with the clock); the stored hashtag counts read rows only, so the sweep clears the ended
suspension and counts the account's videos again. Unused tags are pruned at each commit;
one skipped there because another transaction held it is pruned here.
"""

import logging

from celery import shared_task

from app.extensions import db
from app.hashtags.counts import clear_ended_suspensions, prune_unused

log = logging.getLogger(__name__)


@shared_task(name="hashtags.sweep")
def sweep_hashtags() -> dict[str, int]:
    """Clear the suspensions that have ended and delete unused tags. Idempotent."""
    cleared = clear_ended_suspensions(db.session)
    pruned = prune_unused(db.session)
    db.session.commit()
    if cleared or pruned:
        log.info("Cleared %d ended suspension(s), pruned %d unused tag(s)", cleared, pruned)
    return {"suspensions": cleared, "tags": pruned}

"""Processing an uploaded video: probe, thumbnail and rendition, then ``ready`` or ``failed``.

Idempotent: the task loads the video by id and does nothing unless it is ``processing``
(or ``ready`` without a rendition: an upload from before processing existed, which stays
listed while ``flask media reprocess`` makes one);
its objects have keys derived from the upload's, so a second run replaces them instead of
adding more. A video deleted while it was processed takes the new objects with it: the
final UPDATE only lands on a video still processing, and otherwise they are deleted.
"""

import logging
import tempfile
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from celery import shared_task
from flask import current_app

from app import metrics, storage
from app.extensions import db
from app.hashtags.counts import recount_tags
from app.models import Video
from app.models.base import utcnow
from app.models.notification import VIDEO_FAILED, VIDEO_READY
from app.models.video import FAILED, PROCESSING, READY
from app.notifications.mentions import notify_mentions
from app.notifications.producer import notify
from app.tasks import enqueue
from app.videos import media

log = logging.getLogger(__name__)


# The videos this task works on, checked when it starts and again when it records the result.
PROCESSABLE = sa.and_(
    Video.storage_key.is_not(None),
    sa.or_(Video.status == PROCESSING, sa.and_(Video.status == READY, Video.rendition_key.is_(None))),
)


def derived_keys(storage_key: str) -> tuple[str, str]:
    """The rendition's and the thumbnail's keys, beside the upload's."""
    stem = storage_key.rsplit(".", 1)[0]
    return f"{stem}-rendition.mp4", f"{stem}-thumbnail.jpg"


@shared_task(
    bind=True,
    name="videos.process_video",
    # Object storage or the database away for a moment: try again, further apart each time.
    autoretry_for=(storage.StorageUnavailable, sa.exc.OperationalError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=6,
)
def process_video(self, video_id: int) -> str | None:
    """Process the video if it still needs it; returns the status it ended in (None: nothing done)."""
    with metrics.processing_timer() as outcome:
        ended = _process(video_id)
        outcome["value"] = ended or "skipped"
    return ended


def _process(video_id: int) -> str | None:
    row = db.session.execute(sa.select(Video.storage_key).where(Video.id == video_id, PROCESSABLE)).first()
    db.session.rollback()  # no transaction held open while ffmpeg runs
    if row is None:
        return None
    config = current_app.config
    with tempfile.TemporaryDirectory(prefix="process-") as workdir:
        folder = Path(workdir)
        source = folder / "source"
        storage.download(row.storage_key, source)
        try:
            probed = media.probe(source)
            if probed.duration > config["VIDEO_MAX_SECONDS"]:
                raise media.NotPlayable(f"The video is longer than {config['VIDEO_MAX_SECONDS']} seconds.")
            rendition, thumbnail = folder / "rendition.mp4", folder / "thumbnail.jpg"
            media.thumbnail(
                source, thumbnail, duration=probed.duration, max_width=config["THUMBNAIL_MAX_WIDTH"]
            )
            media.transcode(source, rendition, max_short_side=config["RENDITION_MAX_SHORT_SIDE"])
            played = media.probe(rendition)
        except media.NotPlayable as error:
            return _finish(video_id, status=FAILED, processing_error=str(error)[:200])
        rendition_key, thumbnail_key = derived_keys(row.storage_key)
        storage.put_file(rendition, rendition_key)
        storage.put_file(thumbnail, thumbnail_key)
    ended = _finish(
        video_id,
        status=READY,
        duration=round(played.duration, 3),
        width=played.width,
        height=played.height,
        rendition_key=rendition_key,
        thumbnail_key=thumbnail_key,
        processing_error=None,
    )
    if ended is None:  # deleted (or processed by another run) meanwhile
        current = db.session.scalar(sa.select(Video.rendition_key).where(Video.id == video_id))
        if current != rendition_key:
            storage.delete_many([rendition_key, thumbnail_key])
    return ended


def _finish(video_id: int, **values) -> str | None:
    """Record the outcome on a video that still needs it; None if it no longer does."""
    row = db.session.execute(
        sa.update(Video)
        .where(Video.id == video_id, PROCESSABLE)
        .values(**values)
        .returning(Video.status, Video.author_id, Video.caption)
    ).first()
    landed = None if row is None else row.status
    if row is not None:
        recount_tags(db.session, video_ids=[video_id])
        # In the same transaction: the author learns the outcome exactly once (the cause
        # is unique), and the users the caption mentions once others can see it.
        notify(
            db.session,
            row.author_id,
            VIDEO_READY if landed == READY else VIDEO_FAILED,
            None,
            video_id=video_id,
        )
        if landed == READY:
            notify_mentions(db.session, text=row.caption, actor_id=row.author_id, video_id=video_id)
    db.session.commit()
    if landed is not None:
        log.info("Video %s is %s", video_id, landed)
    return landed


@shared_task(name="videos.sweep_stuck")
def sweep_stuck_videos() -> dict[str, int]:
    """Queue again every video processing for longer than PROCESSING_STUCK_MINUTES (its
    task was lost: a broker outage, a worker gone for good), and fail the ones that have
    had PROCESSING_MAX_ATTEMPTS already, so no video stays processing forever."""
    config = current_app.config
    stuck_before = utcnow() - timedelta(minutes=config["PROCESSING_STUCK_MINUTES"])
    stuck = sa.and_(Video.status == PROCESSING, Video.processing_since < stuck_before)
    exhausted = Video.processing_attempts >= config["PROCESSING_MAX_ATTEMPTS"]
    failed = db.session.execute(
        sa.update(Video)
        .where(stuck, exhausted)
        .values(status=FAILED, processing_error="Processing did not finish; upload the video again.")
        .returning(Video.id, Video.author_id)
    ).all()
    for row in failed:
        notify(db.session, row.author_id, VIDEO_FAILED, None, video_id=row.id)
    requeued = db.session.scalars(
        sa.update(Video)
        .where(stuck, sa.not_(exhausted))
        .values(processing_since=utcnow(), processing_attempts=Video.processing_attempts + 1)
        .returning(Video.id)
    ).all()
    db.session.commit()
    for video_id in requeued:
        enqueue(process_video, video_id)
    if failed or requeued:
        log.warning("Sweep: %d stuck video(s) queued again, %d failed", len(requeued), len(failed))
    return {"requeued": len(requeued), "failed": len(failed)}

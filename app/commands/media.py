"""``flask media``: process videos again, and check storage against the database."""

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from app import storage
from app.auth.tasks import sweep_expired_tokens
from app.commands.seed_data import SAMPLE_CLIPS
from app.exports.tasks import sweep_expired_exports
from app.extensions import db
from app.hashtags.counts import recount_tags
from app.hashtags.tasks import sweep_hashtags
from app.models import Video
from app.models.base import utcnow
from app.models.export import OBJECT_PREFIX as EXPORTS_PREFIX
from app.models.video import FAILED, PROCESSING, READY
from app.tasks import enqueue
from app.uploads.tasks import sweep_expired_uploads
from app.videos.tasks import derived_keys, process_video, sweep_stuck_videos


@click.group("media")
def media():
    """Media processing and storage upkeep."""


@media.command("reprocess")
@click.option("--failed", is_flag=True, help="Every video whose processing failed.")
@click.argument("video_ids", nargs=-1, type=int)
@with_appcontext
def reprocess(failed, video_ids):
    """Queue processing again for VIDEO_IDS, or --failed ones, or (with neither) every
    upload that has no rendition yet (videos from before processing existed, and stuck ones).

    Chosen videos are processing again (hidden from lists until done), except ready ones
    without a rendition, which stay listed while theirs is made. Without a task queue the
    processing runs here, one video after another.
    """
    uploads = sa.select(Video.id).where(Video.storage_key.is_not(None))
    if video_ids:
        chosen = uploads.where(Video.id.in_(video_ids))
    elif failed:
        chosen = uploads.where(Video.status == FAILED)
    else:
        chosen = uploads.where(Video.rendition_key.is_(None), Video.status.in_([READY, PROCESSING]))
    ids = db.session.scalars(chosen.order_by(Video.id)).all()
    if video_ids and len(ids) != len(set(video_ids)):
        missing = sorted(set(video_ids) - set(ids))
        raise click.ClickException(f"No uploaded video with id {', '.join(map(str, missing))}.")
    hidden_again = sa.or_(Video.status != READY, Video.rendition_key.is_not(None))
    db.session.execute(
        sa.update(Video)
        .where(Video.id.in_(ids), hidden_again)
        .values(status=PROCESSING, processing_error=None, processing_since=utcnow(), processing_attempts=1)
    )
    recount_tags(db.session, video_ids=ids)
    db.session.commit()
    queued = 0
    with click.progressbar(ids, label="Queueing" if _queued() else "Processing", show_pos=True) as bar:
        for video_id in bar:
            queued += enqueue(process_video, video_id)
    click.echo(f"{queued} of {len(ids)} video(s) {'queued' if _queued() else 'processed'}.")
    if queued != len(ids):
        raise SystemExit(1)


def _queued():
    return bool(current_app.config["CELERY_BROKER_URL"])


@media.command("sweep")
@with_appcontext
def sweep():
    """Queue again the videos stuck processing (failing those out of attempts), remove
    expired direct uploads, expired data exports (with their archives) and expired reset
    and verification tokens, clear suspensions that have ended and delete unused hashtags:
    what a worker's beat
    does every SWEEP_SECONDS. For cron when there is no task queue."""
    videos = sweep_stuck_videos.run()
    uploads = sweep_expired_uploads.run()
    exports = sweep_expired_exports.run()
    tokens = sweep_expired_tokens.run()
    hashtags = sweep_hashtags.run()
    click.echo(
        f"{videos['requeued']} stuck video(s) queued again, {videos['failed']} failed; "
        f"{uploads} expired upload(s) removed; {exports['removed']} expired export(s) removed, "
        f"{exports['failed']} stuck one(s) failed; {tokens} expired account token(s) removed; "
        f"{hashtags['suspensions']} ended suspension(s) cleared, {hashtags['tags']} unused tag(s) removed."
    )


@media.command("check")
@click.option("--fix", is_flag=True, help="Delete the objects no video refers to.")
@with_appcontext
def check(fix):
    """Find stored objects that no video refers to, and videos whose objects are missing.

    Exit 1 when any is found (after --fix, when a video's object is still missing).
    """
    referenced = {key for row in db.session.execute(sa.select(*Video.OBJECT_KEYS)) for key in row if key}
    # A video still processing may be writing its rendition and thumbnail right now.
    in_progress = {
        key
        for (key,) in db.session.execute(sa.select(Video.storage_key).where(Video.status == PROCESSING))
        if key
    }
    # Export archives are not media: the sweep removes them (app/exports/tasks.py).
    stored = {key for key in storage.backend().list_keys() if not key.startswith(EXPORTS_PREFIX)}
    shipped = set(SAMPLE_CLIPS)  # the seed's sample clips, linked by URL, not uploads
    orphans = sorted(stored - referenced - shipped - _derived(in_progress))
    missing = sorted(referenced - stored)
    for key in orphans:
        click.echo(f"orphan object   {key}")
    for key in missing:
        click.echo(f"missing object  {key}")
    if fix and orphans:
        storage.delete_many(orphans)
        click.echo(f"Deleted {len(orphans)} orphan object(s).")
        orphans = []
    if not orphans and not missing:
        click.echo(f"Storage agrees with the database ({len(referenced)} object(s)).")
        return
    raise SystemExit(1)


def _derived(storage_keys):
    return {key for storage_key in storage_keys for key in derived_keys(storage_key)}

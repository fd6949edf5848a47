"""Videos: the writes. Creation (link or upload), caption edits, deletion, views.

Hashtags are derived from the caption and linked in the same transaction. Reads are in
app/videos/queries.py; each write answers with the read model's row.
"""

import sqlalchemy as sa

from app import storage
from app.counters import add_engagement, add_to, delete_video_counted
from app.database import retry_transaction
from app.errors import Forbidden, NotFound, UnsupportedMedia
from app.extensions import db
from app.hashtags.counts import prune_later, recount_tags, uncount_tags
from app.models import Hashtag, User, Video, VideoHashtag
from app.models.base import utcnow
from app.models.video import PROCESSING, PUBLIC, READY
from app.moderation.terms import check_text
from app.notifications.mentions import notify_mentions
from app.sql import insert_ignoring_conflicts
from app.tasks import enqueue
from app.videos.formats import HEAD_BYTES, sniff
from app.videos.queries import VideoRow, get_video, require_visible_video
from app.videos.tasks import process_video


def create_linked_video(*, viewer: User, video_url: str, caption: str, visibility: str = PUBLIC) -> VideoRow:
    check_text("json", caption=caption)
    video = Video(author_id=viewer.id, caption=caption, video_url=video_url, visibility=visibility)
    return _publish(viewer, video)


def create_uploaded_video(
    *, viewer: User, upload, caption: str, max_bytes: int, visibility: str = PUBLIC
) -> VideoRow:
    """Store an uploaded file (recognised by its first bytes) and publish it."""
    check_text("form", caption=caption)
    head = upload.stream.read(HEAD_BYTES)
    extension = sniff(head)
    if extension is None:
        raise UnsupportedMedia()
    upload.stream.seek(0)
    key = storage.save(upload.stream, extension, max_bytes)
    return publish_stored_file(viewer=viewer, storage_key=key, caption=caption, visibility=visibility)


def publish_stored_file(
    *, viewer: User, storage_key: str, caption: str, visibility: str = PUBLIC
) -> VideoRow:
    """Publish a file already in storage as a video that is processing, then queue its
    processing. Whatever else the session holds (a completed upload) commits with it."""
    video = Video(
        author_id=viewer.id,
        caption=caption,
        storage_key=storage_key,
        visibility=visibility,
        status=PROCESSING,
        processing_since=utcnow(),
        processing_attempts=1,
    )
    try:
        row = _publish(viewer, video)
    except BaseException:
        # The row never landed, so neither may the file.
        db.session.rollback()
        storage.delete_many([storage_key])
        raise
    # Answered as it is now (processing); the rendition is made after the commit, by a
    # worker or, without a task queue, right here.
    enqueue(process_video, row.id)
    return row


def _publish(author: User, video: Video) -> VideoRow:
    now = utcnow()
    video.created_at = video.updated_at = now
    video.hot_score = Video.initial_hot_score(now)
    db.session.add(video)
    db.session.flush()
    _link_hashtags(video)
    add_to(db.session, User, author.id, video_count=1)
    _notify_mentions(video)
    video_id = video.id  # read before the commit expires it
    db.session.commit()
    return get_video(viewer=author, video_id=video_id)


def _link_hashtags(video: Video) -> None:
    """Link the video to its caption's tags, counted in them when the rule says so."""
    tags = video.hashtags
    uncount_tags(db.session, video_ids=[video.id])  # out of the tags it may be leaving
    unlinked = db.session.scalars(
        sa.delete(VideoHashtag).where(VideoHashtag.video_id == video.id).returning(VideoHashtag.hashtag_id)
    ).all()
    tag_ids: list[int] = []
    if tags:
        db.session.execute(insert_ignoring_conflicts(db.session, Hashtag), [{"name": tag} for tag in tags])
        tag_ids = list(db.session.scalars(sa.select(Hashtag.id).where(Hashtag.name.in_(tags))))
        db.session.execute(
            sa.insert(VideoHashtag),
            [
                {"video_id": video.id, "hashtag_id": tag_id, "created_at": video.created_at}
                for tag_id in tag_ids
            ],
        )
    recount_tags(db.session, video_ids=[video.id])
    prune_later(db.session, set(unlinked) - set(tag_ids))


def _notify_mentions(video: Video) -> None:
    # A video still processing is seen by its author only: its mentions are notified when
    # it is ready (app/videos/tasks.py).
    if video.status == READY:
        notify_mentions(db.session, text=video.caption, actor_id=video.author_id, video_id=video.id)


def hashtags_of(*, video_ids=None, author_id: int | None = None) -> list[int]:
    """The hashtags used by these videos (or by this author's), before deleting them."""
    query = sa.select(VideoHashtag.hashtag_id).distinct()
    if author_id is not None:
        query = query.join(Video, Video.id == VideoHashtag.video_id).where(Video.author_id == author_id)
    else:
        query = query.where(VideoHashtag.video_id.in_(video_ids))
    return list(db.session.scalars(query))


def _owned_video(viewer: User, video_id: int) -> Video:
    """The video, locked FOR UPDATE (it may be deleted); 404 if absent or not visible to
    the viewer, 403 if not theirs."""
    video = db.session.scalar(sa.select(Video).where(Video.id == video_id).with_for_update())
    if video is None:
        raise NotFound("Video not found.")
    if video.author_id != viewer.id:
        require_visible_video(viewer=viewer, video_id=video_id)  # 404 for what they cannot see
        raise Forbidden("Only the author can change this video.")
    return video


def update_video(
    *, viewer: User, video_id: int, caption: str | None = None, visibility: str | None = None
) -> VideoRow:
    """Change the caption (hashtags follow it), the visibility, or both."""
    if caption is not None:
        check_text("json", caption=caption)
    video = _owned_video(viewer, video_id)
    if caption is not None:
        video.caption = caption
        _link_hashtags(video)
        _notify_mentions(video)  # the users newly mentioned; the others were told already
    if visibility is not None:
        video.visibility = visibility
        db.session.flush()
        recount_tags(db.session, video_ids=[video.id])
    video.updated_at = utcnow()
    db.session.commit()
    return get_video(viewer=viewer, video_id=video_id)


@retry_transaction
def delete_video(*, viewer: User, video_id: int) -> None:
    _owned_video(viewer, video_id)
    tag_ids = hashtags_of(video_ids=[video_id])
    object_keys = delete_video_counted(db.session, video_id)
    prune_later(db.session, tag_ids)
    # Inside the transaction: with the store down this is a 503 and the video stays as it
    # was. A commit failing after the purge leaves a row without files, which a retry of
    # the DELETE removes (purging missing keys succeeds) and `flask media check` reports.
    storage.purge(object_keys)
    db.session.commit()


@retry_transaction
def record_view(*, viewer: User | None, video_id: int) -> None:
    require_visible_video(viewer=viewer, video_id=video_id)
    if add_engagement(db.session, video_id, views=1) is None:
        raise NotFound("Video not found.")
    db.session.commit()

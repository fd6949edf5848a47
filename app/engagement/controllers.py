"""Bookmarking and sharing videos: one row each; the video's counter moves in the same
transaction (app/counters.py)."""

from typing import NamedTuple

import sqlalchemy as sa

from app.counters import add_to
from app.database import retry_transaction
from app.errors import NotFound
from app.extensions import db
from app.models import Bookmark, Share, User, Video
from app.models.base import utcnow
from app.sql import insert_ignoring_conflicts
from app.videos.queries import require_visible_video


class BookmarkResult(NamedTuple):
    created: bool  # False when the viewer had already bookmarked it
    bookmark_count: int


def _lock_video(viewer: User | None, video_id: int) -> int:
    """Lock the video's row (LOCK ORDER, app/counters.py) and return its bookmark count,
    which only this transaction can change while the lock is held. The video is found by
    the shared read (``require_visible_video``): what the viewer may not see is a 404."""
    require_visible_video(viewer=viewer, video_id=video_id, lock=True)
    count = db.session.scalar(sa.select(Video.bookmark_count).where(Video.id == video_id))
    if count is None:
        raise NotFound("Video not found.")
    return count


@retry_transaction
def bookmark_video(*, viewer: User, video_id: int) -> BookmarkResult:
    """Bookmarking twice keeps one bookmark (``created`` is then False)."""
    count = _lock_video(viewer, video_id)
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Bookmark)
        .values(user_id=viewer.id, video_id=video_id, created_at=utcnow())
        .returning(Bookmark.video_id)
    ).first()
    if inserted is not None:
        add_to(db.session, Video, video_id, bookmark_count=1)
        count += 1
    db.session.commit()
    return BookmarkResult(inserted is not None, count)


@retry_transaction
def unbookmark_video(*, viewer: User, video_id: int) -> int:
    """Returns the video's bookmark_count; removing a bookmark never made is a no-op."""
    count = _lock_video(viewer, video_id)
    removed = db.session.execute(
        sa.delete(Bookmark)
        .where(Bookmark.user_id == viewer.id, Bookmark.video_id == video_id)
        .returning(Bookmark.video_id)
    ).first()
    if removed is not None:
        add_to(db.session, Video, video_id, bookmark_count=-1)
        count -= 1
    db.session.commit()
    return count


@retry_transaction
def share_video(*, viewer: User | None, video_id: int, channel: str) -> None:
    """Record one share (anonymous ones too); ``share_count`` grows by one."""
    _lock_video(viewer, video_id)
    db.session.add(Share(video_id=video_id, user_id=None if viewer is None else viewer.id, channel=channel))
    add_to(db.session, Video, video_id, share_count=1)
    db.session.commit()

"""Liking and unliking: one row per user and video; counters move in the same transaction."""

from typing import NamedTuple

import sqlalchemy as sa

from app.counters import add_engagement, add_to
from app.database import retry_transaction
from app.extensions import db
from app.models import Like, User
from app.models.base import utcnow
from app.models.notification import LIKE
from app.notifications.producer import notify
from app.sql import insert_ignoring_conflicts
from app.videos.queries import require_visible_video


class LikeResult(NamedTuple):
    created: bool  # False when the viewer had already liked it
    like_count: int


def _lock_video(viewer: User, video_id: int) -> int:
    """Lock the video's row and return its like count; 404 unless the viewer may see it
    (app/visibility.py).

    Every writer locks the video, then the like, then the author (LOCK ORDER in
    app/counters.py), so a like racing a video deletion cannot deadlock; and while the
    lock is held the count can only change by this transaction's own like or unlike.
    """
    return require_visible_video(viewer=viewer, video_id=video_id, lock=True).like_count


def _author_id(author_id: int | None) -> int:
    # add_engagement finds no video only when it is gone, and ours is locked.
    assert author_id is not None, "the locked video vanished"
    return author_id


@retry_transaction
def like_video(*, viewer: User, video_id: int) -> LikeResult:
    """Liking twice keeps one like (``created`` is then False)."""
    like_count = _lock_video(viewer, video_id)
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Like)
        .values(user_id=viewer.id, video_id=video_id, created_at=utcnow())
        .returning(Like.video_id)
    ).first()
    if inserted is not None:
        author_id = _author_id(add_engagement(db.session, video_id, likes=1))
        add_to(db.session, User, author_id, like_count=1)
        notify(db.session, author_id, LIKE, viewer.id, video_id=video_id)
        like_count += 1
    db.session.commit()
    return LikeResult(inserted is not None, like_count)


@retry_transaction
def unlike_video(*, viewer: User, video_id: int) -> int:
    """Returns the video's like_count; unliking a video not liked is a no-op."""
    like_count = _lock_video(viewer, video_id)
    removed = db.session.execute(
        sa.delete(Like).where(Like.user_id == viewer.id, Like.video_id == video_id).returning(Like.video_id)
    ).first()
    if removed is not None:
        add_to(db.session, User, _author_id(add_engagement(db.session, video_id, likes=-1)), like_count=-1)
        like_count -= 1
    db.session.commit()
    return like_count

"""Likes: one row per user and video; counters move in the same transaction."""

import sqlalchemy as sa

from app.counters import add_engagement, add_to, insert_ignoring_conflicts
from app.database import retry_transaction
from app.errors import NotFound
from app.extensions import db
from app.models import Like, User, Video
from app.models.base import utcnow
from app.pagination import paginate
from app.videos.controllers import require_video


def _lock_video(video_id):
    """Lock the video's row and return its like count.

    Every writer locks the video, then the like, then the author (LOCK ORDER in
    app/counters.py), so a like racing a video deletion cannot deadlock; and while the
    lock is held the count can only change by this transaction's own like or unlike.
    """
    like_count = db.session.scalar(
        sa.select(Video.like_count).where(Video.id == video_id).with_for_update(key_share=True)
    )
    if like_count is None:
        raise NotFound("Video not found.")
    return like_count


@retry_transaction
def like_video(user, video_id):
    """Returns ``(created, like_count)``; liking twice keeps one like."""
    like_count = _lock_video(video_id)
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, Like)
        .values(user_id=user.id, video_id=video_id, created_at=utcnow())
        .returning(Like.video_id)
    ).first()
    if inserted is not None:
        author_id = add_engagement(db.session, video_id, likes=1)
        add_to(db.session, User, author_id, like_count=1)
        like_count += 1
    db.session.commit()
    return inserted is not None, like_count


@retry_transaction
def unlike_video(user, video_id):
    like_count = _lock_video(video_id)
    removed = db.session.execute(
        sa.delete(Like).where(Like.user_id == user.id, Like.video_id == video_id).returning(Like.video_id)
    ).first()
    if removed is not None:
        author_id = add_engagement(db.session, video_id, likes=-1)
        add_to(db.session, User, author_id, like_count=-1)
        like_count -= 1
    db.session.commit()
    return like_count


def list_likers(video_id, args):
    require_video(video_id)
    stmt = sa.select(User).join(Like, Like.user_id == User.id).where(Like.video_id == video_id)
    rows, cursor = paginate(db.session, stmt, [Like.created_at, Like.user_id], args, list_name="likers")
    return {"items": [row[0] for row in rows], "next_cursor": cursor}

"""Comments with one level of replies; counts move in the same transaction."""

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.counters import add_engagement, add_to, discount_comment
from app.database import retry_transaction
from app.errors import Forbidden, Invalid, NotFound
from app.extensions import db
from app.models import Comment, User, Video
from app.pagination import paginate
from app.videos.controllers import require_video


def _with_author(stmt):
    return stmt.join(User, User.id == Comment.author_id).options(so.contains_eager(Comment.author))


def _page(stmt, keys, args, list_name, ascending=False):
    rows, cursor = paginate(
        db.session, _with_author(stmt), keys, args, list_name=list_name, ascending=ascending
    )
    return {"items": [row[0] for row in rows], "next_cursor": cursor}


def list_comments(video_id, args):
    require_video(video_id)
    stmt = sa.select(Comment).where(Comment.video_id == video_id, Comment.parent_id.is_(None))
    return _page(stmt, [Comment.created_at, Comment.id], args, "comments")


def list_replies(comment_id, args):
    if db.session.scalar(sa.select(Comment.id).where(Comment.id == comment_id)) is None:
        raise NotFound("Comment not found.")
    stmt = sa.select(Comment).where(Comment.parent_id == comment_id)
    return _page(stmt, [Comment.created_at, Comment.id], args, "replies", ascending=True)


@retry_transaction
def add_comment(user, video_id, body, parent_id=None):
    require_video(video_id, lock=True)
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.video_id != video_id or parent.parent_id is not None:
            raise Invalid.field("json", "parent_id", "Must be a top-level comment of the same video.")
    comment = Comment(video_id=video_id, author_id=user.id, body=body, parent_id=parent_id)
    db.session.add(comment)
    db.session.flush()
    add_engagement(db.session, video_id, comments=1)
    if parent_id is not None:
        add_to(db.session, Comment, parent_id, reply_count=1)
    comment_id = comment.id  # read before the commit expires it
    db.session.commit()
    created = db.session.execute(
        _with_author(sa.select(Comment)).where(Comment.id == comment_id)
    ).scalar_one_or_none()
    if created is None:  # its parent (and so the reply) was deleted right after it landed
        raise NotFound("The comment was deleted meanwhile.")
    return created


@retry_transaction
def delete_comment(user, comment_id):
    """The comment's author or the video's owner may delete it, replies included."""
    video_id = db.session.scalar(sa.select(Comment.video_id).where(Comment.id == comment_id))
    if video_id is None:
        raise NotFound("Comment not found.")
    require_video(video_id, lock=True)
    # Locking the comment waits for replies being added right now, so the delete below
    # sees them and the video's count drops by every comment that goes.
    row = db.session.execute(
        sa.select(Comment, Video.author_id)
        .join(Video, Video.id == Comment.video_id)
        .where(Comment.id == comment_id)
        .with_for_update(of=Comment)
    ).first()
    if row is None:
        raise NotFound("Comment not found.")
    comment, video_owner_id = row
    if user.id not in (comment.author_id, video_owner_id):
        raise Forbidden("Only the comment's author or the video's owner can delete it.")
    discount_comment(db.session, comment)
    db.session.commit()

"""Adding, deleting, liking and pinning comments (one level of replies); counts move in
the same transaction."""

from typing import NamedTuple

import sqlalchemy as sa

from app.comments.queries import find_visible_comment, get_comment, require_visible_comment
from app.counters import add_engagement, add_to, delete_comment_counted
from app.database import retry_transaction
from app.errors import Forbidden, Invalid, NotFound
from app.extensions import db
from app.models import Comment, CommentLike, User, Video
from app.models.base import utcnow
from app.models.notification import COMMENT, COMMENT_LIKE, REPLY
from app.moderation.terms import check_text
from app.notifications.mentions import notify_mentions
from app.notifications.producer import notify
from app.sql import for_no_key_update, insert_ignoring_conflicts
from app.videos.queries import require_visible_video


class CommentLikeResult(NamedTuple):
    created: bool  # False when the viewer had already liked it
    like_count: int


@retry_transaction
def add_comment(*, viewer: User, video_id: int, body: str, parent_id: int | None = None) -> Comment:
    """A comment on a video the viewer may see, or a reply to one of its top-level
    comments (one the viewer may see)."""
    check_text("json", body=body)
    require_visible_video(viewer=viewer, video_id=video_id, lock=True)
    replied_to = None  # the author of the comment replied to
    if parent_id is not None:
        parent = find_visible_comment(viewer=viewer, comment_id=parent_id)
        if parent is None or parent.video_id != video_id or parent.parent_id is not None:
            raise Invalid.field("json", "parent_id", "Must be a top-level comment of the same video.")
        replied_to = parent.author_id
    comment = Comment(video_id=video_id, author_id=viewer.id, body=body, parent_id=parent_id)
    db.session.add(comment)
    db.session.flush()
    comment_id = comment.id  # read before the commit expires it
    video_author_id = add_engagement(db.session, video_id, comments=1)
    if parent_id is not None:
        add_to(db.session, Comment, parent_id, reply_count=1)
        notify(db.session, replied_to, REPLY, viewer.id, video_id=video_id, comment_id=comment_id)
    if video_author_id != replied_to:  # the parent's author, told of a reply, not twice
        notify(db.session, video_author_id, COMMENT, viewer.id, video_id=video_id, comment_id=comment_id)
    notify_mentions(
        db.session,
        text=body,
        actor_id=viewer.id,
        video_id=video_id,
        comment_id=comment_id,
        told=(replied_to, video_author_id),
    )
    db.session.commit()
    created = get_comment(viewer=viewer, comment_id=comment_id)
    if created is None:  # its parent (and so the reply) was deleted right after it landed
        raise NotFound("The comment was deleted meanwhile.")
    return created


@retry_transaction
def delete_comment(*, viewer: User, comment_id: int) -> None:
    """The comment's author or the video's owner may delete it, replies included."""
    video_id = db.session.scalar(sa.select(Comment.video_id).where(Comment.id == comment_id))
    if video_id is None:
        raise NotFound("Comment not found.")
    # Ownership decides here, not visibility: an author may delete their own comment, and
    # an owner any comment on their video, even one by an account they block.
    db.session.execute(for_no_key_update(sa.select(Video.id).where(Video.id == video_id)))
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
    if viewer.id not in (comment.author_id, video_owner_id):
        if find_visible_comment(viewer=viewer, comment_id=comment_id) is None:
            raise NotFound("Comment not found.")
        raise Forbidden("Only the comment's author or the video's owner can delete it.")
    delete_comment_counted(db.session, comment)
    db.session.commit()


def _lock_comment(viewer: User, comment_id: int) -> sa.Row:
    """Lock the comment's row and return its ``like_count``, ``author_id`` and
    ``video_id``; 404 unless the viewer may see it and its video (app/visibility.py).

    Its video is share-locked first (LOCK ORDER, app/counters.py: videos before comments):
    the like's notification refers to the video, and a deletion of the video then waits
    for the like, or the like for the deletion, never each other in a cycle.
    """
    video_id = require_visible_comment(viewer=viewer, comment_id=comment_id).video_id
    db.session.execute(
        sa.select(Video.id).where(Video.id == video_id).with_for_update(read=True, key_share=True)
    )
    row = db.session.execute(
        for_no_key_update(
            sa.select(Comment.like_count, Comment.author_id, Comment.video_id).where(Comment.id == comment_id)
        )
    ).first()
    if row is None:
        raise NotFound("Comment not found.")
    return row


@retry_transaction
def like_comment(*, viewer: User, comment_id: int) -> CommentLikeResult:
    """Liking twice keeps one like (``created`` is then False)."""
    comment = _lock_comment(viewer, comment_id)
    inserted = db.session.execute(
        insert_ignoring_conflicts(db.session, CommentLike)
        .values(user_id=viewer.id, comment_id=comment_id, created_at=utcnow())
        .returning(CommentLike.comment_id)
    ).first()
    like_count = comment.like_count
    if inserted is not None:
        add_to(db.session, Comment, comment_id, like_count=1)
        notify(
            db.session,
            comment.author_id,
            COMMENT_LIKE,
            viewer.id,
            video_id=comment.video_id,
            comment_id=comment_id,
        )
        like_count += 1
    db.session.commit()
    return CommentLikeResult(inserted is not None, like_count)


@retry_transaction
def unlike_comment(*, viewer: User, comment_id: int) -> int:
    """Returns the comment's like_count; unliking a comment not liked is a no-op."""
    like_count = _lock_comment(viewer, comment_id).like_count
    removed = db.session.execute(
        sa.delete(CommentLike)
        .where(CommentLike.user_id == viewer.id, CommentLike.comment_id == comment_id)
        .returning(CommentLike.comment_id)
    ).first()
    if removed is not None:
        add_to(db.session, Comment, comment_id, like_count=-1)
        like_count -= 1
    db.session.commit()
    return like_count


def _owned_comment(viewer: User, comment_id: int) -> Comment:
    """The comment, its video locked first (pins of one video then run one at a time);
    404 if absent (or not visible to the viewer), 403 unless the viewer owns the video."""
    video_id = require_visible_comment(viewer=viewer, comment_id=comment_id).video_id
    owner_id = db.session.scalar(for_no_key_update(sa.select(Video.author_id).where(Video.id == video_id)))
    comment = db.session.get(Comment, comment_id)
    if owner_id is None or comment is None:
        raise NotFound("Comment not found.")
    if owner_id != viewer.id:
        raise Forbidden("Only the video's owner can pin its comments.")
    return comment


@retry_transaction
def pin_comment(*, viewer: User, comment_id: int) -> Comment:
    """Pin a top-level comment of the viewer's video; the one pinned before is unpinned."""
    comment = _owned_comment(viewer, comment_id)
    if comment.parent_id is not None:
        raise Invalid.field("path", "comment_id", "Only top-level comments can be pinned.")
    db.session.execute(
        sa.update(Comment)
        .where(Comment.video_id == comment.video_id, Comment.pinned, Comment.id != comment_id)
        .values(pinned=False)
    )
    db.session.execute(sa.update(Comment).where(Comment.id == comment_id).values(pinned=True))
    db.session.commit()
    return _reread(viewer, comment_id)


@retry_transaction
def unpin_comment(*, viewer: User, comment_id: int) -> Comment:
    _owned_comment(viewer, comment_id)
    db.session.execute(sa.update(Comment).where(Comment.id == comment_id).values(pinned=False))
    db.session.commit()
    return _reread(viewer, comment_id)


def _reread(viewer: User, comment_id: int) -> Comment:
    comment = get_comment(viewer=viewer, comment_id=comment_id)
    if comment is None:
        raise NotFound("The comment was deleted meanwhile.")
    return comment

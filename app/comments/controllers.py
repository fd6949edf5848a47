"""Adding and deleting comments (one level of replies); counts move in the same transaction."""

import sqlalchemy as sa

from app.comments.queries import find_visible_comment, get_comment
from app.counters import add_engagement, add_to, delete_comment_counted
from app.database import retry_transaction
from app.errors import Forbidden, Invalid, NotFound
from app.extensions import db
from app.models import Comment, User, Video
from app.moderation.terms import check_text
from app.sql import for_no_key_update
from app.videos.queries import require_visible_video


@retry_transaction
def add_comment(*, viewer: User, video_id: int, body: str, parent_id: int | None = None) -> Comment:
    """A comment on a video the viewer may see, or a reply to one of its top-level
    comments (one the viewer may see)."""
    check_text("json", body=body)
    require_visible_video(viewer=viewer, video_id=video_id, lock=True)
    if parent_id is not None:
        parent = find_visible_comment(viewer=viewer, comment_id=parent_id)
        if parent is None or parent.video_id != video_id or parent.parent_id is not None:
            raise Invalid.field("json", "parent_id", "Must be a top-level comment of the same video.")
    comment = Comment(video_id=video_id, author_id=viewer.id, body=body, parent_id=parent_id)
    db.session.add(comment)
    db.session.flush()
    add_engagement(db.session, video_id, comments=1)
    if parent_id is not None:
        add_to(db.session, Comment, parent_id, reply_count=1)
    comment_id = comment.id  # read before the commit expires it
    db.session.commit()
    created = get_comment(comment_id=comment_id)
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

"""Reads of comments: a video's top-level comments, a comment's replies, one comment.

Comments are ORM rows with their author loaded in the same statement (``with_author``).
Lists and by-id reads show only what the viewer may see (app/visibility.py): the video
first (404 otherwise), then each comment.
"""

import functools
from collections.abc import Mapping
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.errors import NotFound
from app.extensions import db
from app.models import Comment, User, Video
from app.pagination import Page, paginate
from app.videos.queries import require_visible_video
from app.visibility import comment_visible, video_visible, viewer_params

# Both lists walk (created_at, id): comments newest first, replies oldest first.
BY_TIME = [Comment.created_at, Comment.id]


def with_author(stmt: sa.Select) -> sa.Select:
    return stmt.join(User, User.id == Comment.author_id).options(so.contains_eager(Comment.author))


def _comment_page(
    stmt: sa.Select, args: Mapping[str, Any], *, viewer: User | None, list_name: str, ascending: bool = False
) -> Page:
    visible = comment_visible(Comment, User, signed_in=viewer is not None)
    return paginate(
        with_author(stmt).where(visible),
        BY_TIME,
        args,
        list_name=list_name,
        ascending=ascending,
        params=viewer_params(viewer),
        to_item=itemgetter(0),
    )


def list_comments(*, viewer: User | None, video_id: int, args: Mapping[str, Any]) -> Page:
    """Top-level comments of a video, newest first (404 unless the viewer may see the video)."""
    require_visible_video(viewer=viewer, video_id=video_id)
    stmt = sa.select(Comment).where(Comment.video_id == video_id, Comment.parent_id.is_(None))
    return _comment_page(stmt, args, viewer=viewer, list_name="comments")


@functools.cache
def _visible_comment_stmt(signed_in: bool) -> sa.Select:
    """A comment with its video's id and its parent's, if the viewer may see both the
    comment and its video."""
    author, video, video_author = so.aliased(User), so.aliased(Video), so.aliased(User)
    return (
        sa.select(
            Comment.id,
            Comment.video_id,
            Comment.parent_id,
            Comment.author_id,
            Comment.body,
            author.username.label("author_username"),
        )
        .join(author, author.id == Comment.author_id)
        .join(video, video.id == Comment.video_id)
        .join(video_author, video_author.id == video.author_id)
        .where(
            Comment.id == sa.bindparam("comment_id", type_=Comment.id.type),
            comment_visible(Comment, author, signed_in=signed_in),
            video_visible(video, video_author, signed_in=signed_in, include_own=True),
        )
    )


def find_visible_comment(*, viewer: User | None, comment_id: int) -> sa.Row | None:
    """``(id, video_id, parent_id, author_id, body, author_username)`` of a comment the
    viewer may see, or None."""
    return db.session.execute(
        _visible_comment_stmt(viewer is not None), {**viewer_params(viewer), "comment_id": comment_id}
    ).first()


def list_replies(*, viewer: User | None, comment_id: int, args: Mapping[str, Any]) -> Page:
    """Replies to a comment, oldest first (404 unless the viewer may see the comment)."""
    if find_visible_comment(viewer=viewer, comment_id=comment_id) is None:
        raise NotFound("Comment not found.")
    stmt = sa.select(Comment).where(Comment.parent_id == comment_id)
    return _comment_page(stmt, args, viewer=viewer, list_name="replies", ascending=True)


def get_comment(*, comment_id: int) -> Comment | None:
    """One comment with its author, or None."""
    return db.session.execute(
        with_author(sa.select(Comment)).where(Comment.id == comment_id)
    ).scalar_one_or_none()

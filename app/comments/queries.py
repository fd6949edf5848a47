"""Reads of comments: a video's top-level comments, a comment's replies, one comment.

Comments are ORM rows with their author loaded in the same statement (``with_author``).
"""

from collections.abc import Mapping
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.errors import NotFound
from app.extensions import db
from app.models import Comment, User
from app.pagination import Page, paginate
from app.videos.queries import require_video

# Both lists walk (created_at, id): comments newest first, replies oldest first.
BY_TIME = [Comment.created_at, Comment.id]


def with_author(stmt: sa.Select) -> sa.Select:
    return stmt.join(User, User.id == Comment.author_id).options(so.contains_eager(Comment.author))


def _comment_page(
    stmt: sa.Select, args: Mapping[str, Any], *, list_name: str, ascending: bool = False
) -> Page:
    return paginate(
        with_author(stmt), BY_TIME, args, list_name=list_name, ascending=ascending, to_item=itemgetter(0)
    )


def list_comments(*, video_id: int, args: Mapping[str, Any]) -> Page:
    """Top-level comments of a video, newest first (404 if the video does not exist)."""
    require_video(video_id=video_id)
    stmt = sa.select(Comment).where(Comment.video_id == video_id, Comment.parent_id.is_(None))
    return _comment_page(stmt, args, list_name="comments")


def list_replies(*, comment_id: int, args: Mapping[str, Any]) -> Page:
    """Replies to a comment, oldest first (404 if the comment does not exist)."""
    if db.session.scalar(sa.select(Comment.id).where(Comment.id == comment_id)) is None:
        raise NotFound("Comment not found.")
    stmt = sa.select(Comment).where(Comment.parent_id == comment_id)
    return _comment_page(stmt, args, list_name="replies", ascending=True)


def get_comment(*, comment_id: int) -> Comment | None:
    """One comment with its author, or None."""
    return db.session.execute(
        with_author(sa.select(Comment)).where(Comment.id == comment_id)
    ).scalar_one_or_none()

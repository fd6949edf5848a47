"""Reads of comments: a video's top-level comments, a comment's replies, one comment.

Comments are ORM rows with their author loaded in the same statement (``with_author``)
and the viewer's like as a per-row flag (``liked_by_me``, None when anonymous).
"""

from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.errors import NotFound
from app.extensions import db
from app.models import Comment, CommentLike, User
from app.pagination import Page, paginate
from app.sql import has_row
from app.videos.queries import require_video

# Both lists walk (created_at, id): comments newest first, replies oldest first. A video's
# top-level comments put the pinned one first (pinned sorts above the rest), so it leads
# the first page and is never repeated on a later one.
BY_TIME = [Comment.created_at, Comment.id]
PINNED_THEN_NEWEST = [Comment.pinned, *BY_TIME]
# The viewer's like, aliased so it never correlates with a CommentLike a list joins.
_MINE = so.aliased(CommentLike)


def with_author(stmt: sa.Select) -> sa.Select:
    return stmt.join(User, User.id == Comment.author_id).options(so.contains_eager(Comment.author))


def _with_liked_by_me(stmt: sa.Select, viewer: User | None) -> sa.Select:
    if viewer is None:
        return stmt.add_columns(sa.null().label("liked_by_me"))
    liked = has_row(_MINE.user_id == viewer.id, _MINE.comment_id == Comment.id)
    return stmt.add_columns(liked.label("liked_by_me"))


def _to_comment(row: sa.Row) -> Comment:
    """A row of ``_select_comments`` as its comment, ``liked_by_me`` set on it."""
    comment = row[0]
    comment.liked_by_me = None if row[1] is None else bool(row[1])
    return comment


def _select_comments(viewer: User | None) -> sa.Select:
    return _with_liked_by_me(with_author(sa.select(Comment)), viewer)


def _comment_page(
    stmt: sa.Select,
    args: Mapping[str, Any],
    *,
    keys=BY_TIME,
    list_name: str,
    ascending: bool = False,
    to_item: Callable[[sa.Row], Any] = _to_comment,
) -> Page:
    return paginate(stmt, keys, args, list_name=list_name, ascending=ascending, to_item=to_item)


def list_comments(*, viewer: User | None = None, video_id: int, args: Mapping[str, Any]) -> Page:
    """Top-level comments of a video, the pinned one first, then newest first (404 if the
    video does not exist)."""
    require_video(video_id=video_id)
    stmt = _select_comments(viewer).where(Comment.video_id == video_id, Comment.parent_id.is_(None))
    return _comment_page(stmt, args, keys=PINNED_THEN_NEWEST, list_name="comments")


def list_replies(*, viewer: User | None = None, comment_id: int, args: Mapping[str, Any]) -> Page:
    """Replies to a comment, oldest first (404 if the comment does not exist)."""
    require_comment(comment_id=comment_id)
    stmt = _select_comments(viewer).where(Comment.parent_id == comment_id)
    return _comment_page(stmt, args, list_name="replies", ascending=True)


def require_comment(*, comment_id: int) -> None:
    """404 unless the comment exists."""
    if db.session.scalar(sa.select(Comment.id).where(Comment.id == comment_id)) is None:
        raise NotFound("Comment not found.")


def get_comment(*, viewer: User | None = None, comment_id: int) -> Comment | None:
    """One comment with its author and the viewer's like, or None."""
    row = db.session.execute(_select_comments(viewer).where(Comment.id == comment_id)).first()
    return None if row is None else _to_comment(row)


def find_comment(*, viewer: User | None, comment_id: int) -> Comment:
    """GET /api/comments/{id}: the comment, or 404."""
    comment = get_comment(viewer=viewer, comment_id=comment_id)
    if comment is None:
        raise NotFound("Comment not found.")
    return comment

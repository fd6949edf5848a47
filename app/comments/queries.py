"""Reads of comments: a video's top-level comments, a comment's replies, one comment.

Comments are ORM rows with their author loaded in the same statement (``with_author``)
and the viewer's like as a per-row flag (``liked_by_me``, None when anonymous). Lists and
by-id reads show only what the viewer may see (app/visibility.py): the video first (404
otherwise), then each comment.
"""

import functools
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.errors import NotFound
from app.extensions import db
from app.models import Comment, CommentLike, User, Video
from app.pagination import Page, paginate
from app.sql import has_row, prepared
from app.videos.queries import require_visible_video
from app.visibility import VIEWER_ID, comment_visible, video_visible, viewer_params

# Both lists walk (created_at, id): comments newest first, replies oldest first. A video's
# top-level comments put the pinned one first (pinned sorts above the rest), so it leads
# the first page and is never repeated on a later one.
BY_TIME = [Comment.created_at, Comment.id]
PINNED_THEN_NEWEST = [Comment.pinned, *BY_TIME]
# The viewer's like, aliased so it never correlates with a CommentLike a list joins.
_MINE = so.aliased(CommentLike)


def with_author(stmt: sa.Select) -> sa.Select:
    return stmt.join(User, User.id == Comment.author_id).options(so.contains_eager(Comment.author))


# Every read below is a statement built once per viewer kind, its ids bound parameters:
# with the visibility rule in it, SQLAlchemy's cache key of a statement built per request
# cost more than running it (the key is memoised on the statement object;
# bench/OPTIMISATIONS.md).
VIDEO_ID = sa.bindparam("video_id", type_=Comment.video_id.type)
PARENT_ID = sa.bindparam("parent_id", type_=Comment.id.type)
COMMENT_ID = sa.bindparam("comment_id", type_=Comment.id.type)


@functools.cache
def _select_comments(signed_in: bool) -> sa.Select:
    """Comments with their author and the viewer's like, visible to the viewer."""
    if not signed_in:
        liked: sa.ColumnElement[Any] = sa.null()
    else:
        liked = has_row(_MINE.user_id == VIEWER_ID, _MINE.comment_id == Comment.id)
    stmt = with_author(sa.select(Comment)).add_columns(liked.label("liked_by_me"))
    return prepared(stmt.where(comment_visible(Comment, User, signed_in=signed_in)))


def _to_comment(row: sa.Row) -> Comment:
    """A row of ``_select_comments`` as its comment, ``liked_by_me`` set on it."""
    comment = row[0]
    comment.liked_by_me = None if row[1] is None else bool(row[1])
    return comment


def _comment_page(
    stmt: sa.Select,
    args: Mapping[str, Any],
    *,
    viewer: User | None,
    params: Mapping[str, Any],
    keys=BY_TIME,
    list_name: str,
    ascending: bool = False,
) -> Page:
    return paginate(
        stmt,
        keys,
        args,
        list_name=list_name,
        ascending=ascending,
        params={**viewer_params(viewer), **params},
        to_item=_to_comment,
    )


def list_comments(*, viewer: User | None, video_id: int, args: Mapping[str, Any]) -> Page:
    """Top-level comments of a video, the pinned one first, then newest first (404 unless
    the viewer may see the video)."""
    require_visible_video(viewer=viewer, video_id=video_id)
    return _comment_page(
        _top_level_stmt(viewer is not None),
        args,
        viewer=viewer,
        params={"video_id": video_id},
        keys=PINNED_THEN_NEWEST,
        list_name="comments",
    )


@functools.cache
def _top_level_stmt(signed_in: bool) -> sa.Select:
    return _select_comments(signed_in).where(Comment.video_id == VIDEO_ID, Comment.parent_id.is_(None))


@functools.cache
def _visible_comment_stmt(signed_in: bool) -> sa.Select:
    """A comment with its video's id and its parent's, if the viewer may see both the
    comment and its video."""
    author, video, video_author = so.aliased(User), so.aliased(Video), so.aliased(User)
    stmt = (
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
    return prepared(stmt)


def find_visible_comment(*, viewer: User | None, comment_id: int) -> sa.Row | None:
    """``(id, video_id, parent_id, author_id, body, author_username)`` of a comment the
    viewer may see, or None."""
    return db.session.execute(
        _visible_comment_stmt(viewer is not None), {**viewer_params(viewer), "comment_id": comment_id}
    ).first()


@functools.cache
def _found_comment_stmt(signed_in: bool) -> sa.Select:
    video, video_author = so.aliased(Video), so.aliased(User)
    return (
        _select_comments(signed_in)
        .join(video, video.id == Comment.video_id)
        .join(video_author, video_author.id == video.author_id)
        .where(
            Comment.id == COMMENT_ID,
            video_visible(video, video_author, signed_in=signed_in, include_own=True),
        )
    )


def require_visible_comment(*, viewer: User | None, comment_id: int) -> sa.Row:
    """``find_visible_comment``, or the 404 of a comment that does not exist."""
    found = find_visible_comment(viewer=viewer, comment_id=comment_id)
    if found is None:
        raise NotFound("Comment not found.")
    return found


def list_replies(*, viewer: User | None, comment_id: int, args: Mapping[str, Any]) -> Page:
    """Replies to a comment, oldest first (404 unless the viewer may see the comment)."""
    require_visible_comment(viewer=viewer, comment_id=comment_id)
    stmt = _replies_stmt(viewer is not None)
    return _comment_page(
        stmt, args, viewer=viewer, params={"parent_id": comment_id}, list_name="replies", ascending=True
    )


@functools.cache
def _replies_stmt(signed_in: bool) -> sa.Select:
    return _select_comments(signed_in).where(Comment.parent_id == PARENT_ID)


@functools.cache
def _comment_by_id_stmt(signed_in: bool) -> sa.Select:
    return _select_comments(signed_in).where(Comment.id == COMMENT_ID)


def get_comment(*, viewer: User | None, comment_id: int) -> Comment | None:
    """One comment with its author and the viewer's like, if the viewer may see it."""
    row = db.session.execute(
        _comment_by_id_stmt(viewer is not None), {**viewer_params(viewer), "comment_id": comment_id}
    ).first()
    return None if row is None else _to_comment(row)


def find_comment(*, viewer: User | None, comment_id: int) -> Comment:
    """GET /api/comments/{id}: the comment, or 404 (also when its video is not visible).
    One statement: the comment as ``get_comment`` reads it, its video's rule joined in."""
    stmt = _found_comment_stmt(viewer is not None)
    row = db.session.execute(stmt, {**viewer_params(viewer), "comment_id": comment_id}).first()
    if row is None:
        raise NotFound("Comment not found.")
    return _to_comment(row)

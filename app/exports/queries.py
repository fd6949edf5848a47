"""What an export contains: the account's data, read as streams of JSON-ready dicts.

Every list is one statement read in batches (``yield_per``: a server-side cursor on
PostgreSQL), so an account with a hundred thousand likes costs no more memory than one
with ten. Timestamps are ISO 8601 in UTC, as in the API.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import Bookmark, Comment, Follow, Like, User, Video
from app.models.video import parse_hashtags

BATCH = 500


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _rows(statement: sa.Select) -> Iterator[sa.Row]:
    yield from db.session.execute(statement.execution_options(yield_per=BATCH))


def original_name(video_id: int, storage_key: str) -> str:
    """The original file's name inside the archive."""
    return f"videos/{video_id}.{storage_key.rsplit('.', 1)[-1]}"


def profile(user_id: int) -> dict[str, Any]:
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(f"user {user_id} is gone")
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "email_verified": user.email_verified,
        "display_name": user.display_name,
        "bio": user.bio,
        "avatar_url": user.avatar_url,
        "created_at": iso(user.created_at),
        "followers_count": user.followers_count,
        "following_count": user.following_count,
        "video_count": user.video_count,
        "like_count": user.like_count,
        "exported_at": iso(datetime.now(UTC)),
    }


def videos(user_id: int) -> Iterator[dict[str, Any]]:
    statement = (
        sa.select(
            Video.id,
            Video.caption,
            Video.video_url,
            Video.storage_key,
            Video.status,
            Video.duration,
            Video.width,
            Video.height,
            Video.like_count,
            Video.comment_count,
            Video.view_count,
            Video.created_at,
            Video.updated_at,
        )
        .where(Video.author_id == user_id)
        .order_by(Video.id)
    )
    for row in _rows(statement):
        yield {
            "id": row.id,
            "caption": row.caption,
            "hashtags": parse_hashtags(row.caption),
            "status": row.status,
            # An uploaded video's original file is in the archive; a linked one is a URL.
            "file": original_name(row.id, row.storage_key) if row.storage_key else None,
            "video_url": row.video_url,
            "duration": row.duration,
            "width": row.width,
            "height": row.height,
            "like_count": row.like_count,
            "comment_count": row.comment_count,
            "view_count": row.view_count,
            "created_at": iso(row.created_at),
            "updated_at": iso(row.updated_at),
        }


def originals(user_id: int) -> Iterator[tuple[str, str]]:
    """(name in the archive, storage key) of every uploaded original of the account."""
    statement = (
        sa.select(Video.id, Video.storage_key)
        .where(Video.author_id == user_id, Video.storage_key.is_not(None))
        .order_by(Video.id)
    )
    for row in _rows(statement):
        yield original_name(row.id, row.storage_key), row.storage_key


def comments(user_id: int) -> Iterator[dict[str, Any]]:
    statement = (
        sa.select(Comment.id, Comment.video_id, Comment.parent_id, Comment.body, Comment.created_at)
        .where(Comment.author_id == user_id)
        .order_by(Comment.id)
    )
    for row in _rows(statement):
        yield {
            "id": row.id,
            "video_id": row.video_id,
            "parent_id": row.parent_id,
            "body": row.body,
            "created_at": iso(row.created_at),
        }


def likes(user_id: int) -> Iterator[dict[str, Any]]:
    statement = (
        sa.select(Like.video_id, Like.created_at)
        .where(Like.user_id == user_id)
        .order_by(Like.created_at, Like.video_id)
    )
    for row in _rows(statement):
        yield {"video_id": row.video_id, "created_at": iso(row.created_at)}


def follows(user_id: int) -> Iterator[dict[str, Any]]:
    """Both directions: the accounts this one follows, and those following it."""
    other = so.aliased(User)
    for direction, mine, theirs in (
        ("following", Follow.follower_id, Follow.followee_id),
        ("follower", Follow.followee_id, Follow.follower_id),
    ):
        statement = (
            sa.select(other.id, other.username, Follow.created_at)
            .join(other, other.id == theirs)
            .where(mine == user_id)
            .order_by(Follow.created_at, other.id)
        )
        for row in _rows(statement):
            yield {
                "direction": direction,
                "user_id": row.id,
                "username": row.username,
                "created_at": iso(row.created_at),
            }


def bookmarks(user_id: int) -> Iterator[dict[str, Any]]:
    statement = (
        sa.select(Bookmark.video_id, Bookmark.created_at)
        .where(Bookmark.user_id == user_id)
        .order_by(Bookmark.created_at, Bookmark.video_id)
    )
    for row in _rows(statement):
        yield {"video_id": row.video_id, "created_at": iso(row.created_at)}

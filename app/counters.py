"""Atomic counter changes, the deletes that take their rows out of the counters, and the
recount: the only way counters are touched.

Counters change by ``SET n = n + delta`` in SQL, in the same transaction as the rows
they count, never by read-modify-write in Python: PostgreSQL re-reads the row after a
concurrent update, so no increment is lost (docs/SECURITY.md §4).

LOCK ORDER. Every writer takes row locks in one order: videos, then users, then
comments, each in ascending id. A like locks its video, then its author; a follow locks
both users by id; a comment locks its video first; deleting an account locks everything
it will touch the same way. Transactions can then wait for each other but never in a
cycle; the rare deadlock left (see app/database.py) is retried.

Counter-only writers lock with ``app.sql.for_no_key_update`` (the reason is there).
"""

from typing import Any, cast

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.engine import CursorResult

from app.hashtags.counts import counted_now, tag_videos, uncount_tags
from app.models import (
    Block,
    Bookmark,
    Comment,
    CommentLike,
    Follow,
    FollowRequest,
    Hashtag,
    Like,
    Share,
    User,
    Video,
)
from app.sql import AnySession


def add_to(session: AnySession, model: Any, row_id: int, **deltas: int) -> None:
    """``UPDATE <model> SET name = name + delta, ... WHERE id = row_id``."""
    values = {name: getattr(model, name) + delta for name, delta in deltas.items() if delta}
    if values:
        session.execute(sa.update(model).where(model.id == row_id).values(values))


def add_engagement(
    session: AnySession, video_id: int, likes: int = 0, comments: int = 0, views: int = 0
) -> int | None:
    """Change a video's engagement counters and lift its for-you score with them.

    Returns the video's author id, or None when the video does not exist (any more).
    """
    values = {"hot_score": Video.hot_score_after(likes, comments, views)}
    for name, delta in (("like_count", likes), ("comment_count", comments), ("view_count", views)):
        if delta:
            values[name] = getattr(Video, name) + delta
    return session.execute(
        sa.update(Video).where(Video.id == video_id).values(values).returning(Video.author_id)
    ).scalar()


def delete_video_counted(session: AnySession, video_id: int) -> list[str]:
    """Delete a video (its likes and comments cascade) and take it out of its author's
    counters. Returns the keys of its stored objects (none for a link or a missing video)."""
    uncount_tags(session, video_ids=[video_id])
    row = session.execute(
        sa.delete(Video)
        .where(Video.id == video_id)
        .returning(Video.author_id, Video.like_count, *Video.OBJECT_KEYS)
    ).first()
    if row is None:
        return []
    add_to(session, User, row.author_id, video_count=-1, like_count=-row.like_count)
    return [key for key in row[2:] if key]


def delete_comment_counted(session: AnySession, comment: Comment) -> int:
    """Delete a comment with its replies and take them out of the video's and the parent's
    counters; returns how many comments went."""
    # Replies first: SQLite runs ON DELETE CASCADE inside the parent's DELETE and leaves
    # the cascaded rows out of RETURNING, so one statement would undercount.
    replies = session.execute(
        sa.delete(Comment).where(Comment.parent_id == comment.id).returning(Comment.id)
    ).all()
    parent = session.execute(sa.delete(Comment).where(Comment.id == comment.id).returning(Comment.id)).all()
    gone = len(replies) + len(parent)
    if not gone:
        return 0
    add_to(session, Video, comment.video_id, comment_count=-gone)
    if comment.parent_id is not None:
        add_to(session, Comment, comment.parent_id, reply_count=-1)
    return gone


def discount_user_before_delete(session: AnySession, user_id: int) -> None:
    """Take everything a user made out of other users' counters, just before the account
    is deleted in the same transaction (the rows themselves go by ON DELETE CASCADE).

    Every row this will change is locked first, in the project's one lock order (videos,
    then users, then comments, each by id; see LOCK ORDER above), so concurrent likes,
    follows and replies either finish first and are counted, or wait and then fail on
    the foreign key. Nothing is subtracted twice and no deadlock cycle can form.
    """
    liked = sa.select(Like.video_id).where(Like.user_id == user_id)
    commented = sa.select(Comment.video_id).where(Comment.author_id == user_id)
    bookmarked = sa.select(Bookmark.video_id).where(Bookmark.user_id == user_id)
    liked_comments = sa.select(CommentLike.comment_id).where(CommentLike.user_id == user_id)
    session.execute(
        sa.select(Video.id)
        .where(
            sa.or_(
                Video.author_id == user_id,
                Video.id.in_(liked),
                Video.id.in_(commented),
                Video.id.in_(bookmarked),
            )
        )
        .order_by(Video.id)
        .with_for_update()
    )
    liked_authors = (
        sa.select(Video.author_id).join(Like, Like.video_id == Video.id).where(Like.user_id == user_id)
    )
    followees = sa.select(Follow.followee_id).where(Follow.follower_id == user_id)
    followers = sa.select(Follow.follower_id).where(Follow.followee_id == user_id)
    session.execute(
        sa.select(User.id)
        .where(
            sa.or_(
                User.id == user_id,
                User.id.in_(liked_authors),
                User.id.in_(followees),
                User.id.in_(followers),
            )
        )
        .order_by(User.id)
        .with_for_update()
    )
    session.execute(
        sa.select(Comment.id)
        .where(sa.or_(Comment.author_id == user_id, Comment.id.in_(liked_comments)))
        .order_by(Comment.id)
        .with_for_update()
    )

    # Their videos leave their hashtags' counts (the videos are locked above).
    uncount_tags(session, author_id=user_id)

    # Their bookmarks and comment likes (their shares stay counted: the rows keep no user).
    session.execute(
        sa.update(Video).where(Video.id.in_(bookmarked)).values(bookmark_count=Video.bookmark_count - 1)
    )
    session.execute(
        sa.update(Comment).where(Comment.id.in_(liked_comments)).values(like_count=Comment.like_count - 1)
    )

    # Likes they gave: each liked video loses one, each liked author loses theirs.
    session.execute(sa.update(Video).where(Video.id.in_(liked)).values(like_count=Video.like_count - 1))
    given = (
        sa.select(sa.func.count())
        .select_from(Like)
        .join(Video, Video.id == Like.video_id)
        .where(Like.user_id == user_id, Video.author_id == User.id)
        .scalar_subquery()
    )
    session.execute(
        sa.update(User).where(User.id.in_(liked_authors)).values(like_count=User.like_count - given)
    )

    # Their comments, and other people's replies under them, leave each video's count.
    own = sa.select(Comment.id).where(Comment.author_id == user_id)
    doomed = so.aliased(Comment)
    doomed_per_video = (
        sa.select(sa.func.count())
        .select_from(doomed)
        .where(
            doomed.video_id == Video.id,
            sa.or_(doomed.author_id == user_id, doomed.parent_id.in_(own)),
        )
        .scalar_subquery()
    )
    session.execute(
        sa.update(Video)
        .where(Video.id.in_(commented))
        .values(comment_count=Video.comment_count - doomed_per_video)
    )
    # Their replies under other people's comments.
    reply = so.aliased(Comment)
    replies_per_parent = (
        sa.select(sa.func.count())
        .select_from(reply)
        .where(reply.parent_id == Comment.id, reply.author_id == user_id)
        .scalar_subquery()
    )
    parents = sa.select(reply.parent_id).where(reply.author_id == user_id, reply.parent_id.is_not(None))
    session.execute(
        sa.update(Comment)
        .where(Comment.id.in_(parents), Comment.author_id != user_id)
        .values(reply_count=Comment.reply_count - replies_per_parent)
    )

    # Follows in both directions.
    session.execute(
        sa.update(User).where(User.id.in_(followees)).values(followers_count=User.followers_count - 1)
    )
    session.execute(
        sa.update(User).where(User.id.in_(followers)).values(following_count=User.following_count - 1)
    )


def _counted():
    """Every stored counter with the SQL that counts its rows (view_count has no rows)."""
    reply = so.aliased(Comment)
    count = sa.func.count

    def rows(model, where):
        return sa.select(count()).select_from(model).where(where).scalar_subquery()

    likes_received = (
        sa.select(count())
        .select_from(Like)
        .join(Video, Video.id == Like.video_id)
        .where(Video.author_id == User.id)
        .scalar_subquery()
    )
    return [
        (User.followers_count, rows(Follow, Follow.followee_id == User.id)),
        (User.following_count, rows(Follow, Follow.follower_id == User.id)),
        (User.video_count, rows(Video, Video.author_id == User.id)),
        (User.like_count, likes_received),
        (Video.like_count, rows(Like, Like.video_id == Video.id)),
        (Video.comment_count, rows(Comment, Comment.video_id == Video.id)),
        (Comment.reply_count, rows(reply, reply.parent_id == Comment.id)),
        (Video.share_count, rows(Share, Share.video_id == Video.id)),
        (Video.bookmark_count, rows(Bookmark, Bookmark.video_id == Video.id)),
        (Comment.like_count, rows(CommentLike, CommentLike.comment_id == Comment.id)),
        (Video.tag_counted, counted_now()),
        (Hashtag.video_count, tag_videos()),
    ]


def _block_between(a: Any, b: Any) -> sa.ColumnElement[bool]:
    return (
        sa.select(Block.blocker_id)
        .where(
            sa.or_(
                sa.and_(Block.blocker_id == a, Block.blocked_id == b),
                sa.and_(Block.blocker_id == b, Block.blocked_id == a),
            )
        )
        .exists()
    )


def _forbidden_rows():
    """Rows that must not exist beside others (a block ends every follow and request
    between two accounts; a request is for a private account not yet followed), each as
    (name, model, condition)."""
    private = sa.select(User.is_private).where(User.id == FollowRequest.target_id).scalar_subquery()
    followed = (
        sa.select(Follow.follower_id)
        .where(
            Follow.follower_id == FollowRequest.requester_id, Follow.followee_id == FollowRequest.target_id
        )
        .exists()
    )
    return [
        ("follows.between_blocked", Follow, _block_between(Follow.follower_id, Follow.followee_id)),
        (
            "follow_requests.between_blocked",
            FollowRequest,
            _block_between(FollowRequest.requester_id, FollowRequest.target_id),
        ),
        ("follow_requests.already_following", FollowRequest, followed),
        ("follow_requests.to_public", FollowRequest, ~private),
    ]


def find_drift(session: AnySession) -> dict[str, int]:
    """``{"users.like_count": n, ...}``: how many rows disagree with a recount, and how
    many follows and follow requests a block or the account's privacy rules out.

    One SQL statement over every counter, so the answer is one consistent snapshot.
    """
    counted = _counted()
    wrong = [
        sa.select(sa.func.count()).select_from(column.class_).where(column != actual).scalar_subquery()
        for column, actual in counted
    ]
    forbidden = _forbidden_rows()
    stray = [
        sa.select(sa.func.count()).select_from(model).where(condition).scalar_subquery()
        for _, model, condition in forbidden
    ]
    row = session.execute(sa.select(*wrong, *stray)).one()
    names = [f"{column.class_.__tablename__}.{column.key}" for column, _ in counted]
    names += [name for name, _, _ in forbidden]
    return dict(zip(names, row, strict=True))


def fix_drift(session: AnySession) -> dict[str, int]:
    """Delete the follows and requests a block or privacy rules out, then set every
    counter to its recount; returns how many rows each fix changed."""
    fixed = {}
    for name, model, condition in _forbidden_rows():
        result = cast(CursorResult, session.execute(sa.delete(model).where(condition)))
        fixed[name] = result.rowcount
    for column, actual in _counted():
        result = cast(
            CursorResult,
            session.execute(sa.update(column.class_).where(column != actual).values({column.key: actual})),
        )
        fixed[f"{column.class_.__tablename__}.{column.key}"] = result.rowcount
    return fixed

"""The video read model: the columns every video list selects, the typed row they make,
the lists and the by-id read.

Every list is one SQL statement: the page of videos joined to their authors, with the
viewer's like as a per-row flag (``liked_by_me``), returned as rows that VideoSchema
dumps. The feeds (following, for-you) build on this in app/videos/feeds.py. What a
viewer may see is app/visibility.py's ``video_visible``, in every statement here.
"""

import functools
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.errors import NotFound
from app.extensions import db
from app.models import Bookmark, Follow, Hashtag, Like, User, Video, VideoHashtag
from app.pagination import Key, Page, paginate
from app.sql import caption_words, has_row, planned_per_execution, prepared
from app.visibility import VIEWER_ID, is_shielded, video_visible, viewer_params

NEWEST: list[Key] = [Video.created_at, Video.id]


# Every list selects plain columns and is served from rows, not ORM objects: for 20-100
# videos a page, SQLAlchemy's hydration and identity map were the largest Python cost of
# a feed (bench/OPTIMISATIONS.md). The author is joined in the same statement; the
# labels are what VideoRow names and VideoSchema reads.
VIDEO_COLUMNS = (
    Video.id,
    Video.caption,
    Video.video_url,
    Video.storage_key,
    Video.rendition_key,
    Video.thumbnail_key,
    Video.status,
    Video.visibility,
    Video.duration,
    Video.width,
    Video.height,
    Video.like_count,
    Video.comment_count,
    Video.view_count,
    Video.share_count,
    Video.bookmark_count,
    Video.created_at,
    Video.updated_at,
    User.id.label("author_id"),
    User.username.label("author_username"),
    User.display_name.label("author_display_name"),
    User.avatar_url.label("author_avatar_url"),
)


class VideoRow(Protocol):
    """A row of ``select_videos()``: VIDEO_COLUMNS, then ``processing_error`` (the
    author's only), ``liked_by_me``, ``bookmarked_by_me`` and ``is_following_author``
    (None when anonymous). ``dump_video`` in
    app/videos/schemas.py turns one into the Video JSON; tests/test_layout.py checks that
    these names are the statement's columns."""

    id: int
    caption: str
    video_url: str | None
    storage_key: str | None
    rendition_key: str | None
    thumbnail_key: str | None
    status: str
    visibility: str
    duration: float | None
    width: int | None
    height: int | None
    like_count: int
    comment_count: int
    view_count: int
    share_count: int
    bookmark_count: int
    created_at: datetime
    updated_at: datetime
    author_id: int
    author_username: str
    author_display_name: str
    author_avatar_url: str | None
    processing_error: str | None
    liked_by_me: bool | None
    bookmarked_by_me: bool | None
    is_following_author: bool | None


FOLLOWED_IDS = sa.select(Follow.followee_id).where(Follow.follower_id == VIEWER_ID)
# The viewer's own like, bookmark and follow, aliased so they never correlate with a row
# the list itself joins.
_MINE = so.aliased(Like)
_MY_BOOKMARK = so.aliased(Bookmark)
_MY_FOLLOW = so.aliased(Follow)


@functools.cache
def select_videos(
    signed_in: bool, *, include_own: bool = False, feed: bool = False, shielded: bool = True
) -> sa.Select:
    """``SELECT`` the columns of the videos visible to the viewer (app/visibility.py),
    the author, ``processing_error`` (the author's only) and ``liked_by_me`` (null when
    anonymous); ``include_own`` adds the viewer's own videos in every status, ``feed``
    leaves out muted accounts, ``shielded=False`` is the rule of a viewer with no blocks
    or mutes (``is_shielded``).

    Built once (per viewer kind) and extended per list; the viewer is the bound
    parameter ``viewer_id``.
    """
    visible = video_visible(
        Video, User, signed_in=signed_in, include_own=include_own, muted_hidden=feed, shielded=shielded
    )
    return video_columns(signed_in).where(visible)


@functools.cache
def video_columns(signed_in: bool) -> sa.Select:
    """``select_videos()`` without the visibility rule: for a statement that picked its
    page's ids under the rule already (the feeds' streams), so the page's rows are not
    checked twice.

    The like flag is a lookup of the (user_id, video_id) key (``has_row``); as a LEFT
    JOIN it took twice as long to plan (0.33 against 0.18 ms, more than running it).
    """
    stmt = sa.select(*VIDEO_COLUMNS).join_from(Video, User, User.id == Video.author_id)
    if not signed_in:
        return stmt.add_columns(
            sa.null().label("processing_error"),
            sa.null().label("liked_by_me"),
            sa.null().label("bookmarked_by_me"),
            sa.null().label("is_following_author"),
        )
    own_error = sa.case((Video.author_id == VIEWER_ID, Video.processing_error))
    liked = has_row(_MINE.user_id == VIEWER_ID, _MINE.video_id == Video.id)
    bookmarked = has_row(_MY_BOOKMARK.user_id == VIEWER_ID, _MY_BOOKMARK.video_id == Video.id)
    # False on the viewer's own videos: nobody follows themselves (ck_follows_not_self).
    following = has_row(_MY_FOLLOW.follower_id == VIEWER_ID, _MY_FOLLOW.followee_id == Video.author_id)
    return stmt.add_columns(
        own_error.label("processing_error"),
        liked.label("liked_by_me"),
        bookmarked.label("bookmarked_by_me"),
        following.label("is_following_author"),
    )


def video_page(
    stmt: sa.Select,
    keys: Sequence[Key],
    args: Mapping[str, Any],
    *,
    viewer: User | None,
    list_name: str,
    ascending: bool = False,
    params: Mapping[str, Any] | None = None,
) -> Page:
    """One page of a ``select_videos()`` statement, ordered by ``keys``; ``params`` binds
    the statement's own parameters besides the viewer."""
    bound = {**viewer_params(viewer), **(params or {})}
    return paginate(stmt, keys, args, list_name=list_name, ascending=ascending, params=bound)


@functools.cache
def _visible_video_stmt(signed_in: bool, lock: bool) -> sa.Select:
    stmt = (
        sa.select(Video.author_id, Video.like_count, Video.caption, User.username.label("author_username"))
        .join_from(Video, User, User.id == Video.author_id)
        .where(
            Video.id == sa.bindparam("video_id", type_=Video.id.type),
            video_visible(Video, User, signed_in=signed_in, include_own=True),
        )
    )
    # Only the video's row: the author's is locked later, in LOCK ORDER (app/counters.py).
    return prepared(stmt.with_for_update(key_share=True, of=Video) if lock else stmt)


def require_visible_video(*, viewer: User | None, video_id: int, lock: bool = False) -> sa.Row:
    """The video's ``(author_id, like_count, caption, author_username)`` if the viewer
    may see it, else 404 (as if it did not exist). Every read and write of one video by
    id goes through here or ``get_video``; ``lock`` takes its row first (FOR NO KEY UPDATE, app/sql.py)."""
    row = db.session.execute(
        _visible_video_stmt(viewer is not None, lock), {**viewer_params(viewer), "video_id": video_id}
    ).first()
    if row is None:
        raise NotFound("Video not found.")
    return row


@functools.cache
def _video_by_id_stmt(signed_in: bool, shielded: bool) -> sa.Select:
    # Built once, the id a bound parameter: with the visibility rule in it, SQLAlchemy's
    # cache key of a statement built per request cost more than running it (the key is
    # memoised on the statement object; bench/OPTIMISATIONS.md).
    video_id = sa.bindparam("video_id", type_=Video.id.type)
    return prepared(select_videos(signed_in, include_own=True, shielded=shielded).where(Video.id == video_id))


def get_video(*, viewer: User | None, video_id: int) -> VideoRow:
    stmt = _video_by_id_stmt(viewer is not None, is_shielded(viewer))
    row = db.session.execute(stmt, {**viewer_params(viewer), "video_id": video_id}).first()
    if row is None:
        raise NotFound("Video not found.")
    return row  # a Row with VideoRow's columns


def list_videos(
    *, viewer: User | None, args: Mapping[str, Any], author_id: int | None = None, list_name: str = "videos"
) -> Page:
    """Newest first, filtered by the query's ``author``, ``hashtag`` and ``q`` if given.

    ``author_id`` is a user's own list (/api/users/{username}/videos), paged with its own
    ``list_name`` so its cursors are not taken for the global list's.
    """
    own_list = viewer is not None and author_id == viewer.id
    # Mutes hide videos from the feeds (newest, hashtag, search), not from a profile.
    feed = author_id is None and not args.get("author")
    params: dict[str, Any] = {}
    if author_id is not None:
        params["author_id"] = author_id
    if args.get("author"):
        params["author_key"] = args["author"].lower()
    if args.get("hashtag"):
        params["tag"] = args["hashtag"].removeprefix("#").lower()
    stmt = _video_list_stmt(viewer is not None, own_list, feed, frozenset(params), is_shielded(viewer))
    if args.get("q"):  # the words vary in number: this one is built per request
        stmt = planned_per_execution(stmt.where(_caption_matches(args["q"])))
    return video_page(stmt, NEWEST, args, viewer=viewer, list_name=list_name, params=params)


@functools.cache
def _video_list_stmt(
    signed_in: bool, own_list: bool, feed: bool, filters: frozenset[str], shielded: bool
) -> sa.Select:
    """``list_videos``'s statement for one combination of filters, built once: its values
    are the bound parameters ``author_id``, ``author_key`` and ``tag`` (with the
    visibility rule in it, SQLAlchemy's cache key of a statement built per request cost
    more than running it)."""
    stmt = select_videos(signed_in, include_own=own_list, feed=feed, shielded=shielded)
    if "author_id" in filters:
        stmt = stmt.where(Video.author_id == sa.bindparam("author_id", type_=Video.author_id.type))
    if "author_key" in filters:
        by_name = sa.select(User.id).where(User.username_key == sa.bindparam("author_key", type_=sa.String))
        stmt = stmt.where(Video.author_id == by_name.scalar_subquery())
    if "tag" in filters:
        tagged = (
            sa.select(VideoHashtag.video_id)
            .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
            .where(Hashtag.name == sa.bindparam("tag", type_=sa.String))
        )
        stmt = stmt.where(Video.id.in_(tagged))
    # The newest and a profile's lists walk the same index for every viewer and author; a
    # hashtag's plan depends on how many videos carry it, so it is planned for its value.
    return stmt if "tag" in filters else prepared(stmt)


def _caption_matches(query: str) -> sa.ColumnElement[bool]:
    words = caption_words(query)
    if not words:
        return sa.false()
    if db.session.get_bind().dialect.name == "postgresql":
        # 'simple': whole words, lowercased, no stop words dropped; uses the GIN index.
        return sa.func.to_tsvector("simple", Video.caption).bool_op("@@")(
            sa.func.plainto_tsquery("simple", " ".join(sorted(words)))
        )
    return sa.and_(*(sa.func.has_word(Video.caption, word) for word in words))


def list_liked_videos(*, viewer: User | None, user_id: int, args: Mapping[str, Any]) -> Page:
    """The videos ``user_id`` liked, most recently liked first."""
    stmt = _liked_videos_stmt(viewer is not None, is_shielded(viewer))
    keys = [Like.created_at, Like.video_id]
    return video_page(stmt, keys, args, viewer=viewer, list_name="user-likes", params={"liker_id": user_id})


@functools.cache
def _liked_videos_stmt(signed_in: bool, shielded: bool) -> sa.Select:
    liker_id = sa.bindparam("liker_id", type_=Like.user_id.type)
    return (
        select_videos(signed_in, shielded=shielded)
        .join(Like, Like.video_id == Video.id)
        .where(Like.user_id == liker_id)
    )


def list_bookmarked_videos(*, viewer: User, args: Mapping[str, Any]) -> Page:
    """The viewer's bookmarks, most recently bookmarked first (private to them)."""
    return video_page(
        _bookmarked_videos_stmt(is_shielded(viewer)),
        [Bookmark.created_at, Bookmark.video_id],
        args,
        viewer=viewer,
        list_name="bookmarks",
    )


@functools.cache
def _bookmarked_videos_stmt(shielded: bool) -> sa.Select:
    return (
        select_videos(True, shielded=shielded)
        .join(Bookmark, Bookmark.video_id == Video.id)
        .where(Bookmark.user_id == VIEWER_ID)
    )

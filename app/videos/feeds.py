"""The feeds: following (newest by the accounts the viewer follows) and for-you (ranked by
the stored hot score, personalised when signed in). Both are video lists of the read
model (app/videos/queries.py), with statements built once per shape. Each stream a
feed walks filters with the visibility rule (app/visibility.py) before it is cut to a
page, so a page is never short of visible videos and its cursor stays exact.
"""

import enum
import functools
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import Follow, User, Video
from app.pagination import PAGE_ROWS, Key, Page, decode_cursor, encode_cursor, keyset_after
from app.sql import constant, prepared
from app.videos.queries import FOLLOWED_IDS, NEWEST, VIEWER_ID, select_videos, video_columns, video_page
from app.visibility import is_shielded, video_visible


def _visible_in_feed(stmt: sa.Select, shielded: bool) -> sa.Select:
    """A stream of videos (selected from ``Video``) cut to what the viewer may see in a
    feed: the author's row is joined for the rule, muted accounts are left out."""
    return stmt.join(User, User.id == Video.author_id).where(
        video_visible(Video, User, signed_in=True, muted_hidden=True, shielded=shielded)
    )


# For-you: videos by accounts the viewer follows rank as if they had ten times the
# engagement (log10 scale), i.e. as if posted 12.5 hours later.
FOLLOW_BOOST = 1.0
# How "by an author the viewer follows" is written (FollowedForm). From this many
# follows on, it stays a filter that PostgreSQL checks against a hashed set of the follows
# while it walks a feed's index in order (an IN under IS TRUE is not turned into a join):
# 0.2 ms for a viewer following 500, against 2.6 ms for the plan it picks for the plain
# IN, one follows-index probe per video walked. With fewer follows, each followed
# author's own index (ix_videos_author_created, ix_videos_author_hot) is read instead, at
# most one page per author (_top_per_followed_author).
MANY_FOLLOWS = 100


class FollowedForm(enum.Enum):
    """How a feed's SQL says "by an author the viewer follows" (see MANY_FOLLOWS)."""

    HASHED = "hashed"  # IN (the viewer's follows) IS TRUE: a hashed filter on an index walk
    PER_AUTHOR = "per-author"  # a LATERAL top-N per followed author (PostgreSQL)
    IN = "in"  # a plain IN (SQLite)


def followed_form(viewer: User) -> FollowedForm:
    if viewer.following_count >= MANY_FOLLOWS:
        return FollowedForm.HASHED
    if db.session.get_bind().dialect.name == "postgresql":
        return FollowedForm.PER_AUTHOR
    return FollowedForm.IN


def _by_followed(form: FollowedForm) -> sa.ColumnElement[bool]:
    condition = Video.author_id.in_(FOLLOWED_IDS)
    return condition.is_(sa.true()) if form is FollowedForm.HASHED else condition


def _top_per_followed_author(keys: list[Key], size, bound, shielded: bool) -> sa.Subquery:
    """The first ``size`` videos (ordered by ``keys``, after ``bound``) among the first
    ``size`` of each followed author: a LATERAL index scan per follow, so a page reads at
    most ``size`` rows per followed author, however many videos they have."""
    top_of_author = _visible_in_feed(sa.select(*keys).where(Video.author_id == Follow.followee_id), shielded)
    if bound is not None:
        top_of_author = top_of_author.where(bound)
    per_author = top_of_author.order_by(*(key.desc() for key in keys)).limit(size).lateral("per_author")
    columns = list(per_author.c)  # the keys, in order
    return (
        sa.select(*columns)
        .select_from(Follow)
        .join(per_author, sa.true())
        .where(Follow.follower_id == VIEWER_ID)
        .order_by(*(column.desc() for column in columns))
        .limit(size)
        .subquery("followed_top")
    )


# --- following ---------------------------------------------------------------------------


def following_feed(*, viewer: User, args: Mapping[str, Any]) -> Page:
    stmt = _following(followed_form(viewer), bool(args.get("cursor")), is_shielded(viewer))
    return video_page(stmt, NEWEST, args, viewer=viewer, list_name="following")


@functools.cache
def _following(form: FollowedForm, from_cursor: bool, shielded: bool) -> sa.Select:
    """Videos by the accounts ``viewer_id`` follows, in the given form."""
    if form is not FollowedForm.PER_AUTHOR:
        return prepared(select_videos(True, feed=True, shielded=shielded).where(_by_followed(form)))
    # The per-author top is cut after the cursor's position too (paginate binds it), and
    # applies the rule: the page's rows are not checked again.
    bound = keyset_after(NEWEST) if from_cursor else None
    top = _top_per_followed_author(NEWEST, PAGE_ROWS, bound, shielded)
    return prepared(video_columns(True).join(top, top.c.id == Video.id))


# --- for-you -------------------------------------------------------------------------------


def for_you_feed(*, viewer: User | None, args: Mapping[str, Any]) -> Page:
    """Videos by stored hot score; a signed-in viewer's followed authors get a boost."""
    if viewer is None:
        return video_page(select_videos(False), STREAM_KEYS, args, viewer=None, list_name="for-you")
    return _personal_for_you(viewer, args)


# The personal feed merges two streams, each walked by its own (hot_score, id) keyset:
# videos by followed authors (score + FOLLOW_BOOST) and everyone else's. Each stream is
# an index-ordered scan that stops after one page (ix_videos_ready_hot with a hashed follow
# filter, or a page per followed author from ix_videos_author_hot; see MANY_FOLLOWS), and
# the cursor records how far each one was consumed, so pages never repeat or skip a video.
PERSONAL_FEED = "for-you-personal"
STREAM_KEYS: list[Key] = [Video.hot_score, Video.id]
STREAMS = ("followed", "others")


def _personal_for_you(viewer: User, args: Mapping[str, Any]) -> Page:
    limit = args["limit"]
    bounds: list[Any] = [None] * 4
    if args.get("cursor"):
        bounds = decode_cursor(args["cursor"], PERSONAL_FEED, STREAM_KEYS * 2, nullable=True)
    consumed = {"followed": bounds[:2], "others": bounds[2:]}
    stmt = _personal_statement(
        consumed["followed"][0] is not None,
        consumed["others"][0] is not None,
        followed_form(viewer),
        is_shielded(viewer),
    )
    params = {"viewer_id": viewer.id, "size": limit + 1}
    for name in STREAMS:
        if consumed[name][0] is not None:
            params.update({f"{name}_{i}": value for i, value in enumerate(consumed[name])})
    rows = db.session.execute(stmt, params).all()
    for row in rows[:limit]:
        consumed[row.stream] = [row.hot_score, row.id]
    cursor = None
    if len(rows) > limit:
        cursor = encode_cursor([*consumed["followed"], *consumed["others"]], PERSONAL_FEED)
    return {"items": list(rows[:limit]), "next_cursor": cursor}


@functools.cache
def _personal_statement(
    followed_from_cursor: bool, others_from_cursor: bool, form: FollowedForm, shielded: bool
) -> sa.Select:
    """The personal feed's statement, built once per shape; values are bound parameters.

    Building this union per request (two streams, a join, a CASE) cost about as much
    Python as running it (bench/OPTIMISATIONS.md). Parameters: ``viewer_id``, ``size``
    (rows per stream and in all) and, for a stream resumed from a cursor, its position
    ``<stream>_0`` (score) and ``<stream>_1`` (id).
    """
    size = sa.bindparam("size", type_=sa.Integer, literal_execute=True)  # as PAGE_ROWS
    if form is FollowedForm.PER_AUTHOR:
        bound = keyset_after(STREAM_KEYS, prefix="followed") if followed_from_cursor else None
        top = _top_per_followed_author(STREAM_KEYS, size, bound, shielded)
        followed_stream = sa.select(
            top.c.id.label("video_id"), top.c.hot_score, constant("followed").label("stream")
        )
    else:
        followed_stream = _stream(_by_followed(form), followed_from_cursor, size, "followed", shielded)
    streams = sa.union_all(
        followed_stream,
        _stream(Video.author_id.not_in(FOLLOWED_IDS), others_from_cursor, size, "others", shielded),
    ).subquery("streams")
    # The page is chosen from the streams' (id, score) rows first, so only its videos are
    # joined to their rows, authors and likes; the streams applied the rule, so the
    # page's rows are not checked again.
    page = (
        sa.select(streams.c.video_id, streams.c.hot_score, streams.c.stream)
        .order_by(_boosted(streams).desc(), streams.c.video_id.desc())
        .limit(size)
        .subquery("page")
    )
    return prepared(
        video_columns(True)
        .join(page, page.c.video_id == Video.id)
        .add_columns(page.c.stream, page.c.hot_score)
        .order_by(_boosted(page).desc(), page.c.video_id.desc())
    )


def _boosted(streams: sa.Subquery) -> sa.ColumnElement[float]:
    """A stream row's rank: followed authors' videos get FOLLOW_BOOST."""
    followed = streams.c.stream == constant("followed")
    return sa.case((followed, streams.c.hot_score + constant(FOLLOW_BOOST)), else_=streams.c.hot_score)


def _stream(authors: sa.ColumnElement[bool], from_cursor: bool, size, name: str, shielded: bool) -> sa.Select:
    """One page of a (video_id, hot_score) stream, after ``<name>_0/_1`` if resumed."""
    stmt = _visible_in_feed(sa.select(Video.id, Video.hot_score).where(authors), shielded)
    if from_cursor:
        stmt = stmt.where(keyset_after(STREAM_KEYS, prefix=name))
    page = stmt.order_by(Video.hot_score.desc(), Video.id.desc()).limit(size).subquery()
    return sa.select(page.c.id.label("video_id"), page.c.hot_score, constant(name).label("stream"))

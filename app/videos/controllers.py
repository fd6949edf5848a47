"""Videos: creation (link or upload), edits, deletion, views, and every video list.

Every list is one SQL statement: the page of videos joined to their authors and to the
viewer's like (``liked_by_me``), returned as rows that VideoSchema dumps. Hashtags are
derived from the caption.
"""

import functools

import sqlalchemy as sa
import sqlalchemy.orm as so

from app import storage
from app.counters import add_engagement, add_to, discount_video, insert_ignoring_conflicts
from app.database import caption_words, has_row, retry_transaction
from app.errors import Forbidden, NotFound, UnsupportedMedia
from app.extensions import db
from app.models import Follow, Hashtag, Like, User, Video, VideoHashtag
from app.models.base import utcnow
from app.pagination import PAGE_ROWS, after_cursor, decode_cursor, encode_cursor, paginate
from app.videos.formats import HEAD_BYTES, sniff

# For-you: videos by accounts the viewer follows rank as if they had ten times the
# engagement (log10 scale), i.e. as if posted 12.5 hours later.
FOLLOW_BOOST = 1.0
# How "by an author the viewer follows" is written (_followed_form). From this many
# follows on, it stays a filter that PostgreSQL checks against a hashed set of the follows
# while it walks a feed's index in order (an IN under IS TRUE is not turned into a join):
# 0.2 ms for a viewer following 500, against 2.6 ms for the plan it picks for the plain
# IN, one follows-index probe per video walked. With fewer follows, each followed
# author's own index (ix_videos_author_created, ix_videos_author_hot) is read instead, at
# most one page per author (_top_per_followed_author).
MANY_FOLLOWS = 100
NEWEST = [Video.created_at, Video.id]


# Every list selects plain columns and is served from rows, not ORM objects: for 20-100
# videos a page, SQLAlchemy's hydration and identity map were the largest Python cost of
# a feed (bench/OPTIMISATIONS.md). The author is joined in the same statement; the
# labels are what VideoSchema reads.
VIDEO_COLUMNS = (
    Video.id,
    Video.caption,
    Video.video_url,
    Video.storage_key,
    Video.like_count,
    Video.comment_count,
    Video.view_count,
    Video.created_at,
    Video.updated_at,
    User.id.label("author_id"),
    User.username.label("author_username"),
    User.display_name.label("author_display_name"),
    User.avatar_url.label("author_avatar_url"),
)
VIEWER_ID = sa.bindparam("viewer_id", type_=Like.user_id.type)
_FOLLOWED_IDS = sa.select(Follow.followee_id).where(Follow.follower_id == VIEWER_ID)
# The viewer's own like, aliased so it never correlates with a Like the list joins.
_MINE = so.aliased(Like)


@functools.cache
def _videos(signed_in):
    """``SELECT`` the video columns, the author and ``liked_by_me`` (null when anonymous).

    Built once (per viewer kind) and extended per list; the viewer is the bound
    parameter ``viewer_id``.

    The like flag is a lookup of the (user_id, video_id) key (``has_row``); as a LEFT
    JOIN it took twice as long to plan (0.33 against 0.18 ms, more than running it).
    """
    stmt = sa.select(*VIDEO_COLUMNS).join_from(Video, User, User.id == Video.author_id)
    if not signed_in:
        return stmt.add_columns(sa.null().label("liked_by_me"))
    liked = has_row(_MINE.user_id == VIEWER_ID, _MINE.video_id == Video.id)
    return stmt.add_columns(liked.label("liked_by_me"))


def _viewer_params(viewer):
    return {"viewer_id": None if viewer is None else viewer.id}


def video_page(stmt, keys, args, viewer, list_name, ascending=False):
    """One page of a ``_videos()`` statement, ordered by ``keys``."""
    rows, cursor = paginate(
        db.session, stmt, keys, args, list_name=list_name, ascending=ascending, params=_viewer_params(viewer)
    )
    return {"items": rows, "next_cursor": cursor}


def require_video(video_id, lock=False):
    """404 unless the video exists; ``lock`` takes its row first (LOCK ORDER, app/counters.py)."""
    stmt = sa.select(Video.id).where(Video.id == video_id)
    if lock:
        stmt = stmt.with_for_update(key_share=True)
    if db.session.scalar(stmt) is None:
        raise NotFound("Video not found.")


def get_video(video_id, viewer):
    stmt = _videos(viewer is not None).where(Video.id == video_id)
    row = db.session.execute(stmt, _viewer_params(viewer)).first()
    if row is None:
        raise NotFound("Video not found.")
    return row


def list_videos(args, viewer):
    stmt = _videos(viewer is not None)
    if args.get("author"):
        author_id = sa.select(User.id).where(User.username_key == args["author"].lower())
        stmt = stmt.where(Video.author_id == author_id.scalar_subquery())
    if args.get("hashtag"):
        tag = args["hashtag"].removeprefix("#").lower()
        tagged = (
            sa.select(VideoHashtag.video_id)
            .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
            .where(Hashtag.name == tag)
        )
        stmt = stmt.where(Video.id.in_(tagged))
    if args.get("q"):
        stmt = stmt.where(_caption_matches(args["q"]))
    return video_page(stmt, NEWEST, args, viewer, "videos")


def _caption_matches(query):
    words = caption_words(query)
    if not words:
        return sa.false()
    if db.session.get_bind().dialect.name == "postgresql":
        # 'simple': whole words, lowercased, no stop words dropped; uses the GIN index.
        return sa.func.to_tsvector("simple", Video.caption).bool_op("@@")(
            sa.func.plainto_tsquery("simple", " ".join(sorted(words)))
        )
    return sa.and_(*(sa.func.has_word(Video.caption, word) for word in words))


def list_user_videos(user, args, viewer):
    stmt = _videos(viewer is not None).where(Video.author_id == user.id)
    return video_page(stmt, NEWEST, args, viewer, "user-videos")


def list_liked_videos(user, args, viewer):
    stmt = _videos(viewer is not None).join(Like, Like.video_id == Video.id).where(Like.user_id == user.id)
    return video_page(stmt, [Like.created_at, Like.video_id], args, viewer, "user-likes")


def following_feed(viewer, args):
    stmt = _following(_followed_form(viewer), bool(args.get("cursor")))
    return video_page(stmt, NEWEST, args, viewer, "following")


def _followed_form(viewer):
    """How "by an author the viewer follows" is written for this viewer (MANY_FOLLOWS)."""
    if viewer.following_count >= MANY_FOLLOWS:
        return "hashed"
    return "per-author" if db.session.get_bind().dialect.name == "postgresql" else "in"


def _by_followed(form):
    condition = Video.author_id.in_(_FOLLOWED_IDS)
    return condition.is_(sa.true()) if form == "hashed" else condition


def _top_per_followed_author(keys, size, bound):
    """The first ``size`` videos (ordered by ``keys``, after ``bound``) among the first
    ``size`` of each followed author: a LATERAL index scan per follow, so a page reads at
    most ``size`` rows per followed author, however many videos they have."""
    per_author = sa.select(*keys).where(Video.author_id == Follow.followee_id)
    if bound is not None:
        per_author = per_author.where(bound)
    per_author = per_author.order_by(*(key.desc() for key in keys)).limit(size).lateral("per_author")
    columns = [per_author.c[key.key] for key in keys]
    return (
        sa.select(*columns)
        .select_from(Follow)
        .join(per_author, sa.true())
        .where(Follow.follower_id == VIEWER_ID)
        .order_by(*(column.desc() for column in columns))
        .limit(size)
        .subquery("followed_top")
    )


@functools.cache
def _following(form, from_cursor):
    """Videos by the accounts ``viewer_id`` follows, in the given form (_followed_form)."""
    if form != "per-author":
        return _videos(True).where(_by_followed(form))
    bound = after_cursor(NEWEST) if from_cursor else None
    top = _top_per_followed_author(NEWEST, PAGE_ROWS, bound)
    return _videos(True).join(top, top.c.id == Video.id)


def for_you_feed(viewer, args):
    """Videos by stored hot score; a signed-in viewer's followed authors get a boost."""
    if viewer is None:
        return video_page(_videos(False), [Video.hot_score, Video.id], args, None, "for-you")
    return _personal_for_you(viewer, args)


# The personal feed merges two streams, each walked by its own (hot_score, id) keyset:
# videos by followed authors (score + FOLLOW_BOOST) and everyone else's. Each stream is
# an index-ordered scan that stops after one page (ix_videos_hot with a hashed follow
# filter, or a page per followed author from ix_videos_author_hot; see MANY_FOLLOWS), and
# the cursor records how far each one was consumed, so pages never repeat or skip a video.
PERSONAL_FEED = "for-you-personal"
STREAM_KEYS = [Video.hot_score, Video.id]


def _personal_for_you(viewer, args):
    limit = args["limit"]
    bounds = [None] * 4
    if args.get("cursor"):
        bounds = decode_cursor(args["cursor"], PERSONAL_FEED, STREAM_KEYS * 2, nullable=True)
    followed_bound, others_bound = bounds[:2], bounds[2:]
    stmt = _personal_statement(
        followed_bound[0] is not None, others_bound[0] is not None, _followed_form(viewer)
    )
    params = {"viewer_id": viewer.id, "size": limit + 1}
    for name, bound in (("followed", followed_bound), ("others", others_bound)):
        if bound[0] is not None:
            params.update({f"{name}_score": bound[0], f"{name}_id": bound[1]})
    rows = db.session.execute(stmt, params).all()
    for row in rows[:limit]:
        consumed = [row.hot_score, row.id]
        if row.stream == "followed":
            followed_bound = consumed
        else:
            others_bound = consumed
    cursor = None
    if len(rows) > limit:
        cursor = encode_cursor([*followed_bound, *others_bound], PERSONAL_FEED)
    return {"items": rows[:limit], "next_cursor": cursor}


@functools.cache
def _personal_statement(followed_from_cursor, others_from_cursor, followed_form):
    """The personal feed's statement, built once per shape; values are bound parameters.

    Building this union per request (two streams, a join, a CASE) cost about as much
    Python as running it (bench/OPTIMISATIONS.md). Parameters: ``viewer_id``, ``size``
    (rows per stream and in all) and, for a stream resumed from a cursor,
    ``<stream>_score`` and ``<stream>_id``.
    """
    size = sa.bindparam("size", type_=sa.Integer)
    if followed_form == "per-author":
        bound = _stream_bound("followed") if followed_from_cursor else None
        top = _top_per_followed_author(STREAM_KEYS, size, bound)
        followed_stream = sa.select(
            top.c.id.label("video_id"), top.c.hot_score, sa.literal("followed").label("stream")
        )
    else:
        followed_stream = _stream(_by_followed(followed_form), followed_from_cursor, size, "followed")
    streams = sa.union_all(
        followed_stream,
        _stream(Video.author_id.not_in(_FOLLOWED_IDS), others_from_cursor, size, "others"),
    ).subquery("streams")
    # The page is chosen from the streams' (id, score) rows first, so only its videos are
    # joined to their rows, authors and likes.
    page = (
        sa.select(streams.c.video_id, streams.c.hot_score, streams.c.stream)
        .order_by(_boosted(streams).desc(), streams.c.video_id.desc())
        .limit(size)
        .subquery("page")
    )
    return (
        _videos(True)
        .join(page, page.c.video_id == Video.id)
        .add_columns(page.c.stream, page.c.hot_score)
        .order_by(_boosted(page).desc(), page.c.video_id.desc())
    )


def _boosted(streams):
    """A stream row's rank: followed authors' videos get FOLLOW_BOOST."""
    followed = streams.c.stream == "followed"
    return sa.case((followed, streams.c.hot_score + FOLLOW_BOOST), else_=streams.c.hot_score)


def _stream_bound(name):
    """``(hot_score, id) < (<name>_score, <name>_id)``: where a resumed stream starts."""
    bound = [
        sa.bindparam(f"{name}_{part}", type_=key.type)
        for part, key in zip(("score", "id"), STREAM_KEYS, strict=True)
    ]
    return sa.tuple_(*STREAM_KEYS) < sa.tuple_(*bound)


def _stream(authors, from_cursor, size, name):
    """One page of a (video_id, hot_score) stream, after ``<name>_score/_id`` if resumed."""
    stmt = sa.select(Video.id, Video.hot_score).where(authors)
    if from_cursor:
        stmt = stmt.where(_stream_bound(name))
    page = stmt.order_by(Video.hot_score.desc(), Video.id.desc()).limit(size).subquery()
    return sa.select(page.c.id.label("video_id"), page.c.hot_score, sa.literal(name).label("stream"))


def create_linked_video(author, video_url, caption):
    video = Video(author_id=author.id, caption=caption, video_url=video_url)
    return _publish(author, video)


def create_uploaded_video(author, upload, caption, max_bytes):
    head = upload.stream.read(HEAD_BYTES)
    extension = sniff(head)
    if extension is None:
        raise UnsupportedMedia()
    upload.stream.seek(0)
    key = storage.save(upload.stream, extension, max_bytes)
    try:
        return _publish(author, Video(author_id=author.id, caption=caption, storage_key=key))
    except BaseException:
        # The row never landed, so neither may the file.
        db.session.rollback()
        storage.delete_many([key])
        raise


def _publish(author, video):
    now = utcnow()
    video.created_at = video.updated_at = now
    video.hot_score = Video.initial_hot_score(now)
    db.session.add(video)
    db.session.flush()
    _link_hashtags(video)
    add_to(db.session, User, author.id, video_count=1)
    video_id = video.id  # read before the commit expires it
    db.session.commit()
    return get_video(video_id, author)


def _link_hashtags(video):
    tags = video.hashtags
    db.session.execute(sa.delete(VideoHashtag).where(VideoHashtag.video_id == video.id))
    if not tags:
        return
    db.session.execute(insert_ignoring_conflicts(db.session, Hashtag), [{"name": tag} for tag in tags])
    tag_ids = db.session.scalars(sa.select(Hashtag.id).where(Hashtag.name.in_(tags))).all()
    db.session.execute(
        sa.insert(VideoHashtag), [{"video_id": video.id, "hashtag_id": tag_id} for tag_id in tag_ids]
    )


def _owned_video(video_id, user):
    video = db.session.scalar(sa.select(Video).where(Video.id == video_id).with_for_update())
    if video is None:
        raise NotFound("Video not found.")
    if video.author_id != user.id:
        raise Forbidden("Only the author can change this video.")
    return video


def update_caption(video_id, user, caption):
    video = _owned_video(video_id, user)
    video.caption = caption
    video.updated_at = utcnow()
    _link_hashtags(video)
    db.session.commit()
    return get_video(video_id, user)


@retry_transaction
def delete_video(video_id, user):
    _owned_video(video_id, user)
    storage_key = discount_video(db.session, video_id)
    db.session.commit()
    # Only once the row is gone for good: a failed commit keeps the file.
    storage.delete_many([storage_key])


@retry_transaction
def record_view(video_id):
    if add_engagement(db.session, video_id, views=1) is None:
        raise NotFound("Video not found.")
    db.session.commit()

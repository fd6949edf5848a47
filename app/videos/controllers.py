"""Videos: creation (link or upload), edits, deletion, views, and every video list.

Every list is one SQL statement: the page of videos joined to their authors, with the
viewer's ``liked_by_me`` as an EXISTS column. Hashtags are derived from the caption.
"""

import sqlalchemy as sa
import sqlalchemy.orm as so

from app import storage
from app.counters import add_engagement, add_to, discount_video, insert_ignoring_conflicts
from app.database import caption_words, retry_transaction
from app.errors import Forbidden, NotFound, UnsupportedMedia
from app.extensions import db
from app.models import Follow, Hashtag, Like, User, Video, VideoHashtag
from app.models.base import utcnow
from app.pagination import after, decode_cursor, encode_cursor, paginate
from app.videos.formats import HEAD_BYTES, sniff

# For-you: videos by accounts the viewer follows rank as if they had ten times the
# engagement (log10 scale), i.e. as if posted 12.5 hours later.
FOLLOW_BOOST = 1.0


# Built once: constructing the alias and the loader option on every request showed in
# profiles of the feeds. Authors load only the columns a Video shows (UserSummary), not
# the password hash, email and counters.
_AUTHOR = so.contains_eager(Video.author).load_only(
    User.id, User.username, User.display_name, User.avatar_url
)
# Aliased so it never correlates with a Like the list itself joins.
_MINE = so.aliased(Like)


def _with_viewer_columns(stmt, viewer):
    """Add the author (eager, same statement) and the viewer's like flag."""
    stmt = stmt.join(User, User.id == Video.author_id).options(_AUTHOR)
    if viewer is None:
        return stmt
    liked = sa.select(_MINE.user_id).where(_MINE.video_id == Video.id, _MINE.user_id == viewer.id).exists()
    return stmt.add_columns(liked.label("liked_by_me"))


def _fill_viewer_fields(rows, viewer):
    videos = []
    for row in rows:
        video = row[0]
        video.liked_by_me = bool(row[1]) if viewer is not None else None
        videos.append(video)
    return videos


def video_page(stmt, keys, args, viewer, list_name, ascending=False):
    """One page of a video list, with authors and ``liked_by_me``, in one statement."""
    rows, cursor = paginate(
        db.session, _with_viewer_columns(stmt, viewer), keys, args, list_name=list_name, ascending=ascending
    )
    return {"items": _fill_viewer_fields(rows, viewer), "next_cursor": cursor}


def require_video(video_id, lock=False):
    """404 unless the video exists; ``lock`` takes its row first (LOCK ORDER, app/counters.py)."""
    stmt = sa.select(Video.id).where(Video.id == video_id)
    if lock:
        stmt = stmt.with_for_update(key_share=True)
    if db.session.scalar(stmt) is None:
        raise NotFound("Video not found.")


def get_video(video_id, viewer):
    row = db.session.execute(
        _with_viewer_columns(sa.select(Video), viewer).where(Video.id == video_id)
    ).first()
    if row is None:
        raise NotFound("Video not found.")
    return _fill_viewer_fields([row], viewer)[0]


def list_videos(args, viewer):
    stmt = sa.select(Video)
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
    return video_page(stmt, [Video.created_at, Video.id], args, viewer, "videos")


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
    stmt = sa.select(Video).where(Video.author_id == user.id)
    return video_page(stmt, [Video.created_at, Video.id], args, viewer, "user-videos")


def list_liked_videos(user, args, viewer):
    stmt = sa.select(Video).join(Like, Like.video_id == Video.id).where(Like.user_id == user.id)
    return video_page(stmt, [Like.created_at, Like.video_id], args, viewer, "user-likes")


def following_feed(viewer, args):
    followed = sa.select(Follow.followee_id).where(Follow.follower_id == viewer.id)
    stmt = sa.select(Video).where(Video.author_id.in_(followed))
    return video_page(stmt, [Video.created_at, Video.id], args, viewer, "following")


def for_you_feed(viewer, args):
    """Videos by stored hot score; a signed-in viewer's followed authors get a boost."""
    if viewer is None:
        return video_page(sa.select(Video), [Video.hot_score, Video.id], args, None, "for-you")
    return _personal_for_you(viewer, args)


# The personal feed merges two streams, each walked by its own (hot_score, id) keyset:
# videos by followed authors (score + FOLLOW_BOOST) and everyone else's. Each stream is
# an index-ordered scan that stops after one page (PostgreSQL picks ix_videos_hot with a
# follow filter, or ix_videos_author_hot for viewers who follow few accounts), and the
# cursor records how far each one was consumed, so pages never repeat or skip a video.
PERSONAL_FEED = "for-you-personal"
STREAM_KEYS = [Video.hot_score, Video.id]


def _personal_for_you(viewer, args):
    limit = args["limit"]
    bounds = [None] * 4
    if args.get("cursor"):
        bounds = decode_cursor(args["cursor"], PERSONAL_FEED, STREAM_KEYS * 2, nullable=True)
    followed_bound, others_bound = bounds[:2], bounds[2:]
    followed = sa.select(Follow.followee_id).where(Follow.follower_id == viewer.id)

    streams = sa.union_all(
        _stream(Video.author_id.in_(followed), followed_bound, limit + 1, "followed"),
        _stream(Video.author_id.not_in(followed), others_bound, limit + 1, "others"),
    ).subquery("streams")
    score = sa.case(
        (streams.c.stream == "followed", streams.c.hot_score + FOLLOW_BOOST), else_=streams.c.hot_score
    )
    stmt = (
        _with_viewer_columns(sa.select(Video), viewer)
        .join(streams, streams.c.video_id == Video.id)
        .add_columns(streams.c.stream, streams.c.hot_score)
        .order_by(score.desc(), streams.c.video_id.desc())
        .limit(limit + 1)
    )
    rows = db.session.execute(stmt).all()
    for row in rows[:limit]:
        consumed = [row.hot_score, row[0].id]
        if row.stream == "followed":
            followed_bound = consumed
        else:
            others_bound = consumed
    cursor = None
    if len(rows) > limit:
        cursor = encode_cursor([*followed_bound, *others_bound], PERSONAL_FEED)
    return {"items": _fill_viewer_fields(rows[:limit], viewer), "next_cursor": cursor}


def _stream(authors, bound, size, name):
    """One page of a (video_id, hot_score) stream, starting after ``bound`` (None: the top)."""
    stmt = sa.select(Video.id, Video.hot_score).where(authors)
    if bound[0] is not None:
        stmt = stmt.where(after(STREAM_KEYS, bound))
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

"""Videos, hashtags and the ranking score of the for-you feed."""

import functools
import math
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, counter, utcnow
from app.sql import epoch_seconds, greatest
from app.text import hashtags_in, mentions_in, nfc

if TYPE_CHECKING:
    from app.models.user import User

# The for-you score (README, "Ranking"): log10 of weighted engagement plus a time bonus
# that grows by 1 every HOT_DECAY_SECONDS, so a post needs ten times the engagement to
# outrank one posted 12.5 hours later. The bonus is fixed at creation, so the stored score
# only changes on engagement and the feed stays an index scan.
HOT_DECAY_SECONDS = 45000.0
LIKE_WEIGHT, COMMENT_WEIGHT, VIEW_WEIGHT = 1.0, 2.0, 0.1

# A video's processing states (API.md, "Media pipeline").
PROCESSING, READY, FAILED, REMOVED = "processing", "ready", "failed", "removed"
STATUSES = (PROCESSING, READY, FAILED, REMOVED)
# Who may see a video (API.md, "Privacy, blocks and mutes"; app/visibility.py).
PUBLIC, FOLLOWERS, PRIVATE = "public", "followers", "private"
VISIBILITIES = (PUBLIC, FOLLOWERS, PRIVATE)
CAPTION_MAX_LENGTH = 2200

# "#" then up to 100 letters (any script), digits or "_"; the tag ends at anything else.


def parse_hashtags(caption):
    """Lowercase tags without "#", deduplicated, in order of first appearance."""
    return list(_hashtags_of(caption or ""))


# Every video a list returns has its caption parsed, and a feed's pages return the same
# videos to many viewers: the parse of a recent caption is kept (bounded, per process).
@functools.lru_cache(maxsize=4096)
def _hashtags_of(caption: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(nfc(tag).lower() for tag in hashtags_in(caption)))


def parse_mentions(text):
    """The lowercased usernames "@mentioned" in a caption or comment, once each, in order
    of first appearance (the keys usernames are matched on)."""
    return list(dict.fromkeys(name.lower() for name in mentions_in(text or "")))


def _partial_index(name: str, columns: list[str], where: str) -> sa.Index:
    """An index of the rows matching ``where`` only, on both databases."""
    return sa.Index(name, *columns, postgresql_where=sa.text(where), sqlite_where=sa.text(where))


class Video(Base):
    __tablename__ = "videos"
    __table_args__ = (
        sa.CheckConstraint("(video_url IS NULL) <> (storage_key IS NULL)", name="one_source"),
        sa.CheckConstraint("like_count >= 0", name="like_count_nonnegative"),
        sa.CheckConstraint("comment_count >= 0", name="comment_count_nonnegative"),
        sa.CheckConstraint("view_count >= 0", name="view_count_nonnegative"),
        sa.CheckConstraint("share_count >= 0", name="share_count_nonnegative"),
        sa.CheckConstraint("bookmark_count >= 0", name="bookmark_count_nonnegative"),
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="known_status"),
        sa.CheckConstraint(f"visibility IN {VISIBILITIES!r}", name="known_visibility"),
        # The feeds walk these in order; they list ready videos only, so failed, removed and
        # processing ones (which accumulate) are not in the walk at all.
        _partial_index("ix_videos_ready_created", ["created_at", "id"], "status = 'ready'"),
        sa.Index("ix_videos_author_created", "author_id", "created_at", "id"),
        _partial_index("ix_videos_ready_hot", ["hot_score", "id"], "status = 'ready'"),
        # The personal for-you feed takes the top of each followed author's videos.
        sa.Index("ix_videos_author_hot", "author_id", "hot_score", "id"),
        # The videos still processing, by age: the metrics gauge counts them and the sweep
        # for stuck ones reads the oldest, neither walking the (many) ready videos.
        _partial_index("ix_videos_processing", ["processing_since"], "status = 'processing'"),
        sa.Index(
            "ix_videos_caption_fts",
            sa.text("to_tsvector('simple', caption)"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
        {"sqlite_autoincrement": True},  # ids are never reused (see User)
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    author_id: so.Mapped[int] = so.mapped_column(BigId, sa.ForeignKey("users.id", ondelete="CASCADE"))
    caption: so.Mapped[str] = so.mapped_column(sa.String(CAPTION_MAX_LENGTH), default="", server_default="")
    # Exactly one of the two: an external URL given by the client, or the key of an
    # uploaded file in app/storage.py.
    video_url: so.Mapped[str | None] = so.mapped_column(sa.String(2048))
    storage_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # Processing (app/videos/tasks.py): an upload is "processing" until its rendition and
    # thumbnail are stored ("ready") or it turns out unplayable ("failed"); links are
    # "ready" at once. Only ready videos are listed (app/videos/queries.py).
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default=READY, server_default=READY)
    duration: so.Mapped[float | None] = so.mapped_column(sa.Float)  # seconds
    width: so.Mapped[int | None] = so.mapped_column(sa.Integer)  # of the playable rendition
    height: so.Mapped[int | None] = so.mapped_column(sa.Integer)
    rendition_key: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    thumbnail_key: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    processing_error: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # When processing was last queued, and how often: the sweep requeues a video stuck
    # processing and fails it after PROCESSING_MAX_ATTEMPTS.
    processing_since: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    processing_attempts: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    visibility: so.Mapped[str] = so.mapped_column(sa.String(10), default=PUBLIC, server_default=PUBLIC)
    like_count: so.Mapped[int] = counter()
    comment_count: so.Mapped[int] = counter()
    view_count: so.Mapped[int] = counter()
    share_count: so.Mapped[int] = counter()
    bookmark_count: so.Mapped[int] = counter()
    # Whether this video's hashtags count it now (app/hashtags/counts.py).
    tag_counted: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    hot_score: so.Mapped[float] = so.mapped_column(sa.Float, default=0.0, server_default="0")
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    author: so.Mapped["User"] = so.relationship(lazy="raise")

    # The columns naming this video's objects in storage: deleting it deletes them all.
    OBJECT_KEYS = (storage_key, rendition_key, thumbnail_key)

    @property
    def hashtags(self):
        return parse_hashtags(self.caption)

    @classmethod
    def hot_score_after(cls, likes=0, comments=0, views=0):
        """SQL for the score once the given deltas are applied.

        It never goes down (an unlike keeps the peak), so a video already seen in a
        for-you walk can never drop below the cursor and be served twice.
        """
        engagement = (
            (cls.like_count + likes) * LIKE_WEIGHT
            + (cls.comment_count + comments) * COMMENT_WEIGHT
            + (cls.view_count + views) * VIEW_WEIGHT
        )
        fresh = sa.func.log(1.0 + engagement) + epoch_seconds(cls.created_at) / HOT_DECAY_SECONDS
        return greatest(cls.hot_score, fresh)

    @staticmethod
    def initial_hot_score(created_at, likes=0, comments=0, views=0):
        engagement = likes * LIKE_WEIGHT + comments * COMMENT_WEIGHT + views * VIEW_WEIGHT
        return math.log10(1.0 + engagement) + created_at.timestamp() / HOT_DECAY_SECONDS


class Hashtag(Base):
    __tablename__ = "hashtags"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    # 100 letters may lowercase to more characters ("İ" becomes two).
    name: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    # The tag's public, ready videos (app/hashtags/counts.py keeps it exact).
    video_count: so.Mapped[int] = counter()


class VideoHashtag(Base):
    __tablename__ = "video_hashtags"
    __table_args__ = (
        sa.Index("ix_video_hashtags_hashtag", "hashtag_id", "video_id"),
        # Trending reads the links of the last TRENDING_HOURS only: a range of this index,
        # whatever the size of the table.
        sa.Index("ix_video_hashtags_recent", "created_at", "hashtag_id"),
    )

    video_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True
    )
    hashtag_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("hashtags.id", ondelete="CASCADE"), primary_key=True
    )
    # The video's creation time, copied so trending needs no join to find recent links.
    created_at: so.Mapped[datetime] = so.mapped_column(
        sa.DateTime(timezone=True), default=utcnow, server_default=sa.func.now()
    )

"""Reads of hashtags: one tag's page, and the tags trending over the last TRENDING_HOURS.

Both count the videos of app/hashtags/counts.py's rule (public, ready, by a public
account that is not suspended): the totals are the stored ``video_count``, the recent
counts read each video's ``tag_counted``.
"""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app.cache import ProcessCache
from app.errors import NotFound
from app.extensions import db
from app.models import Hashtag, Video, VideoHashtag
from app.models.base import utcnow
from app.models.video import parse_hashtags
from app.text import nfc


def _tag_name(tag: str) -> str:
    """The stored name of a tag as written in a path ("#Cats", "cats"); a segment that
    cannot be a hashtag (a NUL, a space, too long) is simply not found."""
    name = tag.removeprefix("#")
    if parse_hashtags(f"#{name}") != [nfc(name).lower()]:
        raise NotFound("Hashtag not found.")
    return nfc(name).lower()


def get_hashtag(*, tag: str) -> dict[str, Any]:
    """``{name, video_count}``; 404 if no video ever used the tag (unused tags are pruned)."""
    row = db.session.execute(
        sa.select(Hashtag.name, Hashtag.video_count).where(Hashtag.name == _tag_name(tag))
    ).first()
    if row is None:
        raise NotFound("Hashtag not found.")
    return {"name": row.name, "video_count": row.video_count}


# The most a trending page holds (TrendingArgs' limit): the cache keeps that many.
TRENDING_MAX = 50


def trending_hashtags(*, limit: int) -> dict[str, list[dict[str, Any]]]:
    """The tags on the most videos posted in the last TRENDING_HOURS, most first (then by
    name), as computed at most TRENDING_CACHE_SECONDS ago in this process: the same for
    every viewer, and its cost follows the window's links (27 ms for the bench's 7,000
    a day), so it is not paid by every request."""
    return {"items": _trending.get()[:limit]}


def _top_trending() -> list[dict[str, Any]]:
    """One statement: a range of ix_video_hashtags_recent (the links of the window only,
    whatever the table's size), grouped by tag, with each tag's stored total
    (app/hashtags/counts.py)."""
    since = utcnow() - timedelta(hours=current_app.config["TRENDING_HOURS"])
    recent = (
        sa.select(VideoHashtag.hashtag_id, sa.func.count().label("recent_count"))
        .join(Video, Video.id == VideoHashtag.video_id)
        .where(VideoHashtag.created_at >= since, Video.tag_counted)
        .group_by(VideoHashtag.hashtag_id)
        .subquery("recent")
    )
    stmt = (
        sa.select(Hashtag.name, recent.c.recent_count, Hashtag.video_count)
        .join(recent, recent.c.hashtag_id == Hashtag.id)
        .order_by(recent.c.recent_count.desc(), Hashtag.name)
        .limit(TRENDING_MAX)
    )
    return [
        {"name": row.name, "video_count": row.video_count, "recent_count": row.recent_count}
        for row in db.session.execute(stmt)
    ]


_trending: ProcessCache[list[dict[str, Any]]] = ProcessCache("TRENDING_CACHE_SECONDS", _top_trending)


def forget_cached_trending() -> None:
    """The next trending request computes the list again (tests)."""
    _trending.forget()

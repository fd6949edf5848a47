"""Reads of hashtags: one tag's page, and the tags trending over the last TRENDING_HOURS.

Both count only the videos anyone may see (``countable_videos``, app/visibility.py).
"""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from app.errors import NotFound
from app.extensions import db
from app.models import Hashtag, User, Video, VideoHashtag
from app.models.base import utcnow
from app.models.video import parse_hashtags
from app.text import nfc
from app.visibility import video_visible

# The author of a counted video (its privacy and suspension count too).
_AUTHOR = so.aliased(User)


def countable_videos() -> sa.ColumnElement[bool]:
    """Which videos a hashtag's counts include: the tag's public, ready videos, as an
    anonymous viewer sees them (app/visibility.py: not removed, author public and not
    suspended). The statement joins the video's author as ``_AUTHOR``."""
    return video_visible(Video, _AUTHOR, signed_in=False)


def _video_count(hashtag_id: Any) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.count())
        .select_from(VideoHashtag)
        .join(Video, Video.id == VideoHashtag.video_id)
        .join(_AUTHOR, _AUTHOR.id == Video.author_id)
        .where(VideoHashtag.hashtag_id == hashtag_id, countable_videos())
        .scalar_subquery()
    )


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
        sa.select(Hashtag.name, _video_count(Hashtag.id).label("video_count")).where(
            Hashtag.name == _tag_name(tag)
        )
    ).first()
    if row is None:
        raise NotFound("Hashtag not found.")
    return {"name": row.name, "video_count": row.video_count}


def trending_hashtags(*, limit: int) -> dict[str, list[dict[str, Any]]]:
    """The tags on the most videos posted in the last TRENDING_HOURS, most first (then by
    name). One statement: a range of ix_video_hashtags_recent (the links of the window
    only, whatever the table's size), grouped by tag; the totals are counted for the
    page's tags only."""
    since = utcnow() - timedelta(hours=current_app.config["TRENDING_HOURS"])
    recent = (
        sa.select(VideoHashtag.hashtag_id, sa.func.count().label("recent_count"))
        .join(Video, Video.id == VideoHashtag.video_id)
        .join(_AUTHOR, _AUTHOR.id == Video.author_id)
        .where(VideoHashtag.created_at >= since, countable_videos())
        .group_by(VideoHashtag.hashtag_id)
        .subquery("recent")
    )
    stmt = (
        sa.select(Hashtag.name, recent.c.recent_count, _video_count(Hashtag.id).label("video_count"))
        .join(recent, recent.c.hashtag_id == Hashtag.id)
        .order_by(recent.c.recent_count.desc(), Hashtag.name)
        .limit(limit)
    )
    rows = db.session.execute(stmt).all()
    return {
        "items": [
            {"name": row.name, "video_count": row.video_count, "recent_count": row.recent_count}
            for row in rows
        ]
    }

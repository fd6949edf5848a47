"""Reads of likes: who liked a video."""

from collections.abc import Mapping
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from app.models import Like, User
from app.pagination import Page, paginate
from app.videos.queries import require_video


def list_likers(*, video_id: int, args: Mapping[str, Any]) -> Page:
    """Who liked a video, most recent like first (404 if the video does not exist)."""
    require_video(video_id=video_id)
    stmt = sa.select(User).join(Like, Like.user_id == User.id).where(Like.video_id == video_id)
    return paginate(stmt, [Like.created_at, Like.user_id], args, list_name="likers", to_item=itemgetter(0))

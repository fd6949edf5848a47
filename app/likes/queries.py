"""Reads of likes: who liked a video."""

from collections.abc import Mapping
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from app.models import Like, User
from app.pagination import Page, paginate
from app.videos.queries import require_visible_video
from app.visibility import user_visible, viewer_params


def list_likers(*, viewer: User | None, video_id: int, args: Mapping[str, Any]) -> Page:
    """Who liked a video, most recent like first (404 unless the viewer may see it); only
    accounts visible to the viewer."""
    require_visible_video(viewer=viewer, video_id=video_id)
    stmt = (
        sa.select(User)
        .join(Like, Like.user_id == User.id)
        .where(Like.video_id == video_id, user_visible(User, signed_in=viewer is not None))
    )
    return paginate(
        stmt,
        [Like.created_at, Like.user_id],
        args,
        list_name="likers",
        params=viewer_params(viewer),
        to_item=itemgetter(0),
    )

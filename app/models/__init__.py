"""Every model, imported here so Alembic's autogenerate sees the whole schema."""

from app.models.account import AccountToken
from app.models.engagement import Bookmark, CommentLike, Share
from app.models.export import Export
from app.models.idempotency import IdempotencyRecord
from app.models.moderation import BlockedTerm, ModerationAction, Report
from app.models.notification import Notification
from app.models.social import Block, Comment, Follow, FollowRequest, Like, Mute
from app.models.upload import Upload
from app.models.user import RevokedToken, User
from app.models.video import Hashtag, Video, VideoHashtag

__all__ = [
    "AccountToken",
    "Block",
    "BlockedTerm",
    "Bookmark",
    "Comment",
    "CommentLike",
    "Export",
    "Follow",
    "FollowRequest",
    "Hashtag",
    "IdempotencyRecord",
    "Like",
    "ModerationAction",
    "Mute",
    "Report",
    "Notification",
    "RevokedToken",
    "Share",
    "Upload",
    "User",
    "Video",
    "VideoHashtag",
]

from datetime import UTC
from typing import TYPE_CHECKING

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app import storage
from app.models.video import CAPTION_MAX_LENGTH, PUBLIC, STATUSES, VISIBILITIES, parse_hashtags
from app.pagination import PageArgs
from app.schemas import HttpUrl, Text, UserSummarySchema, UtcDateTime

if TYPE_CHECKING:
    from app.videos.queries import VideoRow


def caption_field(**kwargs):
    return Text(validate=validate.Length(max=CAPTION_MAX_LENGTH), **kwargs)


def visibility_field(**kwargs):
    return fields.String(
        validate=validate.OneOf(VISIBILITIES),
        metadata={
            "description": "public: everyone (a private account's followers only); followers: the "
            "author's followers; private: the author only.",
            "example": "followers",
        },
        **kwargs,
    )


class VideoLinkSchema(Schema):
    """Create a video from a URL, which is stored and never fetched."""

    video_url = HttpUrl(required=True)
    caption = caption_field(load_default="")
    visibility = visibility_field(load_default=PUBLIC)


class VideoUploadSchema(Schema):
    """The non-file fields of a multipart upload."""

    caption = caption_field(load_default="", metadata={"example": "Sunset over the harbour #sunset"})
    visibility = visibility_field(load_default=PUBLIC)


class VideoUploadDocSchema(VideoUploadSchema):
    file = fields.Raw(
        required=True,
        metadata={"type": "string", "format": "binary", "description": "MP4, MOV or WebM."},
    )


class VideoUpdateSchema(Schema):
    """``caption``, ``visibility`` or both."""

    caption = caption_field(metadata={"example": "New caption #tag"})
    visibility = visibility_field()

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("Send caption, visibility or both.", field_name="caption")


class VideoListArgs(PageArgs):
    author = Text(validate=validate.Length(min=1, max=24), metadata={"description": "Username."})
    hashtag = Text(
        validate=validate.Length(min=1, max=101), metadata={"description": "Tag, with or without #."}
    )
    q = Text(
        validate=validate.Length(min=1, max=256),
        metadata={"description": "Words that must all appear in the caption."},
    )


class VideoSchema(Schema):
    """A video, dumped from a ``queries.VideoRow`` (author fields prefixed)."""

    id = fields.Integer(dump_only=True, metadata={"example": 42})
    author = fields.Nested(UserSummarySchema, dump_only=True)
    caption = fields.String(
        dump_only=True, metadata={"example": "Night market dumplings #streetfood #taipei"}
    )
    hashtags = fields.List(fields.String(), dump_only=True, metadata={"example": ["streetfood", "taipei"]})
    video_url = fields.Function(
        lambda video: _video_url(video),
        dump_only=True,
        metadata={
            "example": "https://cdn.example.com/media/5f2b9c1e.mp4",
            "type": "string",
            "format": "uri",
            "description": "Where the file can be fetched: the playable rendition once ready, "
            "the original upload while processing, or the linked URL.",
        },
    )
    thumbnail_url = fields.Function(
        lambda video: _thumbnail_url(video),
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "https://cdn.example.com/media/5f2b9c1e.jpg",
            "type": "string",
            "format": "uri",
            "description": "A JPEG; null until ready.",
        },
    )
    status = fields.String(
        dump_only=True,
        metadata={"enum": list(STATUSES), "description": "Only ready videos are listed."},
    )
    visibility = fields.String(dump_only=True, metadata={"enum": list(VISIBILITIES)})
    duration = fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={"example": 14.2, "description": "Seconds; null until known."},
    )
    width = fields.Integer(
        dump_only=True,
        allow_none=True,
        metadata={"example": 720, "description": "Of the playable rendition; null until known."},
    )
    height = fields.Integer(
        dump_only=True,
        allow_none=True,
        metadata={"example": 1280, "description": "Of the playable rendition; null until known."},
    )
    processing_error = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": None,
            "description": "Why processing failed; shown to the author only (null for everyone else).",
        },
    )
    like_count = fields.Integer(dump_only=True, metadata={"example": 311})
    comment_count = fields.Integer(dump_only=True, metadata={"example": 24})
    view_count = fields.Integer(dump_only=True, metadata={"example": 5120})
    share_count = fields.Integer(dump_only=True, metadata={"example": 9})
    bookmark_count = fields.Integer(dump_only=True, metadata={"example": 17})
    created_at = UtcDateTime(dump_only=True, metadata={"example": "2026-12-01T12:00:00+00:00"})
    updated_at = UtcDateTime(dump_only=True, metadata={"example": "2026-12-01T12:00:00+00:00"})
    liked_by_me = fields.Boolean(
        dump_only=True, allow_none=True, metadata={"example": False, "description": "null when anonymous."}
    )
    bookmarked_by_me = fields.Boolean(
        dump_only=True, allow_none=True, metadata={"example": False, "description": "null when anonymous."}
    )
    is_following_author = fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": True,
            "description": "Whether the viewer follows the author: false on your own videos, "
            "null when anonymous.",
        },
    )

    def get_attribute(self, obj, attr, default):
        # The two fields a row does not hold as such.
        if attr == "author":
            return _author(obj)
        if attr == "hashtags":
            return parse_hashtags(obj.caption)
        return super().get_attribute(obj, attr, default)

    def _serialize(self, obj, *, many=False):
        """The same dict as the declared fields, built directly.

        Every video list dumps 20-100 videos per request, and marshmallow's per-field
        machinery (accessor, field.serialize, nested schema) was the largest Python cost
        of a feed page (bench/RESULTS.md). The fields above still define the contract and
        the OpenAPI document; tests/test_videos.py checks that both paths give the same
        JSON.
        """
        if many or obj is None or self.only or self.exclude:
            # Lists come back here one video at a time.
            return super()._serialize(obj, many=many)
        return dump_video(obj)


def _utc_iso(value):
    # UtcDateTime: SQLite hands back naive UTC values.
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def _author(row: "VideoRow") -> dict:
    return {
        "id": row.author_id,
        "username": row.author_username,
        "display_name": row.author_display_name,
        "avatar_url": row.author_avatar_url,
    }


def _video_url(row: "VideoRow") -> str | None:
    if row.rendition_key:
        return storage.url(row.rendition_key)
    return storage.url(row.storage_key) if row.storage_key else row.video_url


def _thumbnail_url(row: "VideoRow") -> str | None:
    return storage.url(row.thumbnail_key) if row.thumbnail_key else None


def dump_video(row: "VideoRow") -> dict:
    """The Video JSON of a read-model row: the declared fields above, built directly."""
    return {
        "id": row.id,
        "author": _author(row),
        "caption": row.caption,
        "hashtags": parse_hashtags(row.caption),
        "video_url": _video_url(row),
        "thumbnail_url": _thumbnail_url(row),
        "status": row.status,
        "visibility": row.visibility,
        "duration": row.duration,
        "width": row.width,
        "height": row.height,
        "processing_error": row.processing_error,
        "like_count": row.like_count,
        "comment_count": row.comment_count,
        "view_count": row.view_count,
        "share_count": row.share_count,
        "bookmark_count": row.bookmark_count,
        "created_at": _utc_iso(row.created_at),
        "updated_at": _utc_iso(row.updated_at),
        "liked_by_me": None if row.liked_by_me is None else bool(row.liked_by_me),
        "bookmarked_by_me": None if row.bookmarked_by_me is None else bool(row.bookmarked_by_me),
        "is_following_author": None if row.is_following_author is None else bool(row.is_following_author),
    }

from marshmallow import Schema, fields, validate

from app import storage
from app.pagination import PageArgs
from app.schemas import HttpUrl, Text, UserSummarySchema, UtcDateTime


def caption_field(**kwargs):
    return Text(validate=validate.Length(max=2200), **kwargs)


class VideoLinkSchema(Schema):
    """Create a video from a URL, which is stored and never fetched."""

    video_url = HttpUrl(required=True)
    caption = caption_field(load_default="")


class VideoUploadSchema(Schema):
    """The non-file fields of a multipart upload."""

    caption = caption_field(load_default="")


class VideoUploadDocSchema(VideoUploadSchema):
    file = fields.Raw(
        required=True,
        metadata={"type": "string", "format": "binary", "description": "MP4, MOV or WebM."},
    )


class VideoUpdateSchema(Schema):
    caption = caption_field(required=True)


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
    id = fields.Integer(dump_only=True)
    author = fields.Nested(UserSummarySchema, dump_only=True)
    caption = fields.String(dump_only=True)
    hashtags = fields.List(fields.String(), dump_only=True)
    video_url = fields.Function(
        lambda video: storage.url(video.storage_key) if video.storage_key else video.video_url,
        dump_only=True,
        metadata={"type": "string", "description": "Where the file can be fetched."},
    )
    like_count = fields.Integer(dump_only=True)
    comment_count = fields.Integer(dump_only=True)
    view_count = fields.Integer(dump_only=True)
    created_at = UtcDateTime(dump_only=True)
    updated_at = UtcDateTime(dump_only=True)
    liked_by_me = fields.Boolean(
        dump_only=True, allow_none=True, metadata={"description": "null when anonymous."}
    )

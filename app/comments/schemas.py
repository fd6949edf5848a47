from marshmallow import Schema, fields, validate

from app.blueprint import MAX_ID
from app.models.social import COMMENT_MAX_LENGTH
from app.schemas import UserSummarySchema, UtcDateTime, required_text


class CommentCreateSchema(Schema):
    body = required_text(1, COMMENT_MAX_LENGTH, metadata={"example": "Where is this stall? 😍"})
    parent_id = fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"example": None, "description": "Reply to this top-level comment of the same video."},
    )


class CommentSchema(Schema):
    id = fields.Integer(dump_only=True, metadata={"example": 901})
    video_id = fields.Integer(dump_only=True, metadata={"example": 42})
    author = fields.Nested(UserSummarySchema, dump_only=True)
    body = fields.String(dump_only=True, metadata={"example": "Where is this stall? 😍"})
    parent_id = fields.Integer(dump_only=True, allow_none=True, metadata={"example": None})
    reply_count = fields.Integer(dump_only=True, metadata={"example": 2})
    created_at = UtcDateTime(dump_only=True, metadata={"example": "2026-12-01T12:00:00+00:00"})
    like_count = fields.Integer(dump_only=True, metadata={"example": 5})
    liked_by_me = fields.Boolean(
        dump_only=True, allow_none=True, metadata={"example": False, "description": "null when anonymous."}
    )
    pinned = fields.Boolean(
        dump_only=True,
        metadata={
            "example": False,
            "description": "Pinned by the video's owner: first on the first page of the video's comments.",
        },
    )


class CommentLikeStateSchema(Schema):
    liked = fields.Boolean(required=True, metadata={"example": True})
    like_count = fields.Integer(required=True, metadata={"example": 3})

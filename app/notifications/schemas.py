from marshmallow import Schema, fields, validate

from app.blueprint import MAX_ID
from app.models.notification import TYPES
from app.pagination import PageArgs
from app.schemas import UserSummarySchema, UtcDateTime


class NotificationListArgs(PageArgs):
    unread = fields.Boolean(metadata={"example": True, "description": "Only the unread ones. Default: all."})


class NotificationVideoSchema(Schema):
    id = fields.Integer(dump_only=True, metadata={"example": 42})
    thumbnail_url = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "https://cdn.example.com/media/5f2b9c1e.jpg",
            "format": "uri",
            "description": "A JPEG; null until ready.",
        },
    )
    caption = fields.String(
        dump_only=True, metadata={"example": "Night market dumplings #streetfood #taipei"}
    )


class NotificationCommentSchema(Schema):
    id = fields.Integer(dump_only=True, metadata={"example": 901})
    body = fields.String(dump_only=True, metadata={"example": "Where is this stall? 😍"})


class NotificationSchema(Schema):
    id = fields.Integer(dump_only=True, metadata={"example": 5003})
    type = fields.String(dump_only=True, metadata={"enum": list(TYPES), "example": "like"})
    actor = fields.Nested(
        UserSummarySchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "Who did it; null for the system's own (video_ready, ...)."},
    )
    video = fields.Nested(NotificationVideoSchema, dump_only=True, allow_none=True)
    comment = fields.Nested(NotificationCommentSchema, dump_only=True, allow_none=True)
    read = fields.Boolean(dump_only=True, metadata={"example": False})
    created_at = UtcDateTime(dump_only=True, metadata={"example": "2026-12-01T12:00:00+00:00"})


class UnreadCountSchema(Schema):
    count = fields.Integer(
        dump_only=True,
        metadata={"description": "Unread notifications, at most 99 (show it as 99+).", "example": 3},
    )


class MarkReadSchema(Schema):
    ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID)),
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The notifications to mark read (1-100). Default: all of yours."},
    )

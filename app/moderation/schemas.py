from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.models.moderation import ACTIONS, REASONS, TARGET_TYPES
from app.pagination import PageArgs
from app.schemas import JsonBoolean, Text, UserSummarySchema, UtcDateTime, required_text


class TargetSchema(Schema):
    """``{type: "video"|"comment", id}`` or ``{type: "user", username}``."""

    type = fields.String(required=True, validate=validate.OneOf(TARGET_TYPES), metadata={"example": "video"})
    id = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=2**63 - 1),
        metadata={"description": "For a video or a comment.", "example": 42},
    )
    username = Text(
        validate=validate.Length(min=1, max=24), metadata={"description": "For a user.", "example": "alice"}
    )

    @validates_schema
    def _named_once(self, data, **kwargs):
        wanted, other = ("username", "id") if data.get("type") == "user" else ("id", "username")
        if data.get(wanted) is None:
            raise ValidationError(f"Required for a {data.get('type')} target.", field_name=wanted)
        if data.get(other) is not None:
            raise ValidationError(f"Not for a {data.get('type')} target.", field_name=other)


class ReportCreateSchema(Schema):
    target = fields.Nested(TargetSchema, required=True)
    reason = fields.String(required=True, validate=validate.OneOf(REASONS), metadata={"example": "spam"})
    details = Text(
        validate=validate.Length(max=1000), load_default="", metadata={"example": "Posted 40 times."}
    )
    block = JsonBoolean(
        load_default=False, metadata={"description": "Also block the target's author.", "example": False}
    )


class ReportTargetSchema(Schema):
    # `x-present-when`: the one field that depends on `type` (tests/test_openapi.py).
    type = fields.String(required=True, metadata={"enum": list(TARGET_TYPES)})
    id = fields.Integer(
        metadata={
            "example": 42,
            "description": "A video's or a comment's id.",
            "x-present-when": "type is video or comment",
        }
    )
    username = fields.String(
        metadata={
            "example": "maya.lens",
            "description": "A user's username.",
            "x-present-when": "type is user",
        }
    )


class ReportSchema(Schema):
    id = fields.Integer(required=True, metadata={"example": 7})
    target = fields.Nested(ReportTargetSchema, required=True)
    reason = fields.String(required=True, metadata={"enum": list(REASONS)})
    details = fields.String(required=True, metadata={"example": "Posted 40 times."})
    status = fields.String(required=True, metadata={"enum": ["open", "resolved"]})
    action = fields.String(required=True, allow_none=True, metadata={"enum": [*ACTIONS, None]})
    created_at = UtcDateTime(
        required=True,
        metadata={"example": "2026-12-01T12:00:00+00:00", "description": "When the report was received."},
    )
    resolved_at = UtcDateTime(required=True, allow_none=True, metadata={"example": None})


class SnapshotSchema(Schema):
    text = fields.String(
        required=True,
        metadata={
            "example": "Buy followers cheap #promo",
            "description": "The caption, comment body or username when reported.",
        },
    )
    author_id = fields.Integer(
        required=True, allow_none=True, metadata={"example": 23, "description": "null once deleted."}
    )
    author_username = fields.String(required=True, metadata={"example": "promo_bot"})


class ModReportSchema(ReportSchema):
    reporter = fields.Nested(UserSummarySchema, required=True, allow_none=True)
    target_snapshot = fields.Nested(SnapshotSchema, required=True)
    resolved_by = fields.Nested(UserSummarySchema, required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True, metadata={"example": None})


class QueueArgs(PageArgs):
    status = fields.String(
        load_default="open",
        validate=validate.OneOf(["open", "resolved"]),
        metadata={"description": "Which reports: `open` or `resolved`.", "example": "open"},
    )


class ResolveSchema(Schema):
    action = fields.String(
        required=True, validate=validate.OneOf(ACTIONS), metadata={"example": "remove_content"}
    )
    note = Text(validate=validate.Length(max=1000), load_default="", metadata={"example": "Spam, removed."})


class ReasonSchema(Schema):
    reason = required_text(1, 500, metadata={"example": "Harassment in comments."})


class SuspensionCreateSchema(ReasonSchema):
    until = fields.AwareDateTime(
        default_timezone=None,
        allow_none=True,
        load_default=None,
        metadata={
            "description": "When it ends by itself; none: until lifted.",
            "example": "2027-01-01T00:00:00Z",
        },
    )


class RemovalStateSchema(Schema):
    removed = fields.Boolean(required=True, metadata={"example": True})


class SuspensionStateSchema(Schema):
    suspended = fields.Boolean(required=True, metadata={"example": True})
    until = UtcDateTime(
        allow_none=True,
        metadata={
            "example": "2027-01-01T00:00:00+00:00",
            "description": "null: until lifted.",
            "x-present-when": "suspended is true",
        },
    )


class AuditTargetSchema(Schema):
    type = fields.String(
        required=True, metadata={"enum": ["video", "comment", "user", "report", "blocked_term"]}
    )
    id = fields.Integer(metadata={"example": 42, "x-present-when": "type is not user"})
    username = fields.String(metadata={"example": "promo_bot", "x-present-when": "type is user"})


class AuditEntrySchema(Schema):
    id = fields.Integer(required=True, metadata={"example": 88})
    moderator = fields.Nested(UserSummarySchema, required=True, allow_none=True)
    action = fields.String(required=True, metadata={"example": "remove_video"})
    target = fields.Nested(AuditTargetSchema, required=True)
    note = fields.String(required=True, metadata={"example": "Spam."})
    created_at = UtcDateTime(required=True, metadata={"example": "2026-12-01T12:00:00+00:00"})


class BlockedTermCreateSchema(Schema):
    term = required_text(1, 100, metadata={"example": "buy followers"})


class BlockedTermSchema(Schema):
    id = fields.Integer(required=True, metadata={"example": 3})
    term = fields.String(required=True, metadata={"example": "buy followers"})
    created_at = UtcDateTime(required=True, metadata={"example": "2026-12-01T12:00:00+00:00"})

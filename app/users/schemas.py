from marshmallow import Schema, fields, validate

from app.pagination import PageArgs
from app.schemas import Text


class UserSearchArgs(PageArgs):
    q = Text(
        validate=validate.Length(max=24),
        load_default="",
        metadata={"description": "Username prefix, without regard to case."},
    )


class FollowStateSchema(Schema):
    following = fields.Boolean(required=True, metadata={"example": True})
    requested = fields.Boolean(
        required=True,
        metadata={"description": "A follow request to a private account is pending.", "example": False},
    )
    followers_count = fields.Integer(required=True, metadata={"example": 42})


class BlockStateSchema(Schema):
    blocking = fields.Boolean(required=True, metadata={"example": True})


class MuteStateSchema(Schema):
    muting = fields.Boolean(required=True, metadata={"example": True})


class ApprovalSchema(Schema):
    approved = fields.Boolean(required=True, metadata={"example": True})

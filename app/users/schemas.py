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
    following = fields.Boolean(required=True)
    followers_count = fields.Integer(required=True)

from marshmallow import Schema, fields, validate

from app.hashtags.queries import TRENDING_MAX
from app.pagination import QueryInteger


class HashtagSchema(Schema):
    name = fields.String(
        dump_only=True, metadata={"description": "Lowercase, without '#'.", "example": "cats"}
    )
    video_count = fields.Integer(
        dump_only=True, metadata={"description": "The tag's public, ready videos.", "example": 42}
    )


class TrendingHashtagSchema(HashtagSchema):
    recent_count = fields.Integer(
        dump_only=True,
        metadata={"description": "Its videos posted in the last TRENDING_HOURS (24).", "example": 7},
    )


class TrendingSchema(Schema):
    items = fields.List(fields.Nested(TrendingHashtagSchema), dump_only=True)


class TrendingArgs(Schema):
    limit = QueryInteger(
        load_default=10,
        validate=validate.Range(min=1, max=TRENDING_MAX),
        metadata={"description": f"How many tags (1-{TRENDING_MAX})."},
    )

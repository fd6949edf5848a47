from marshmallow import Schema, fields


class LikeStateSchema(Schema):
    liked = fields.Boolean(required=True, metadata={"example": True})
    like_count = fields.Integer(required=True, metadata={"example": 312})

from marshmallow import Schema, fields


class LikeStateSchema(Schema):
    liked = fields.Boolean(required=True)
    like_count = fields.Integer(required=True)

from marshmallow import Schema, fields, validate

from app.schemas import Text


class BookmarkStateSchema(Schema):
    bookmarked = fields.Boolean(required=True, metadata={"example": True})
    bookmark_count = fields.Integer(required=True, metadata={"example": 12})


class ShareSchema(Schema):
    channel = Text(
        validate=validate.Length(max=30),
        metadata={
            "description": "Where it was shared (`copy_link`, `whatsapp`, ...), 0-30 characters. "
            "Default: the empty string.",
            "example": "copy_link",
        },
    )

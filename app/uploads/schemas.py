from marshmallow import Schema, fields, validate

from app.models.video import PUBLIC
from app.schemas import UtcDateTime
from app.uploads.controllers import EXTENSIONS
from app.videos.schemas import caption_field, visibility_field


class UploadCreateSchema(Schema):
    size = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=2**63 - 1),
        metadata={
            "description": "The file's size in bytes; over the upload limit is a 413.",
            "example": 5242880,
        },
    )
    content_type = fields.String(
        required=True, validate=validate.OneOf(sorted(EXTENSIONS)), metadata={"example": "video/mp4"}
    )


class PartUrlArgs(Schema):
    token = fields.String(
        required=True,
        validate=validate.Length(min=1, max=512),
        metadata={"description": "The signature the part's URL carries."},
    )


class UploadCompleteSchema(Schema):
    caption = caption_field(load_default="", metadata={"description": "Default: empty."})
    visibility = visibility_field(load_default=PUBLIC)


class UploadPartSchema(Schema):
    number = fields.Integer(required=True, metadata={"example": 1, "description": "From 1."})
    size = fields.Integer(
        required=True, metadata={"example": 5242880, "description": "Exactly this many bytes must be sent."}
    )
    url = fields.String(
        required=True,
        metadata={
            "example": "https://api.example.com/api/uploads/b3JkZXItMTIzNDU2Nzg/parts/1?token=Zm9vYmFy",
            "format": "uri",
            "description": "PUT the part's bytes here, without an Authorization header; valid until the "
            "upload expires.",
        },
    )


class UploadSchema(Schema):
    id = fields.String(required=True, metadata={"example": "b3JkZXItMTIzNDU2Nzg"})
    size = fields.Integer(required=True, metadata={"example": 5242880})
    content_type = fields.String(required=True, metadata={"enum": sorted(EXTENSIONS)})
    part_size = fields.Integer(
        required=True, metadata={"example": 8388608, "description": "Every part's size but the last's."}
    )
    parts = fields.List(fields.Nested(UploadPartSchema), required=True)
    received_parts = fields.List(
        fields.Integer(),
        required=True,
        metadata={"example": [1], "description": "The part numbers stored so far."},
    )
    status = fields.String(required=True, metadata={"enum": ["open", "completed", "aborted"]})
    expires_at = UtcDateTime(
        required=True,
        metadata={
            "example": "2026-12-02T12:00:00+00:00",
            "description": "Not completed by then, it is removed with its parts.",
        },
    )

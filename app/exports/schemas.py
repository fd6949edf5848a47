"""Input and output of /api/me/export."""

from marshmallow import Schema, fields, validate

from app.schemas import UtcDateTime


class ExportSchema(Schema):
    status = fields.String(
        required=True,
        metadata={
            "enum": ["pending", "ready", "failed"],
            "description": "`ready` once the archive can be downloaded.",
        },
    )
    url = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "format": "uri",
            "description": "Absolute, signed URL of the ZIP, valid until `expires_at`; null until ready.",
        },
    )
    expires_at = UtcDateTime(
        required=True,
        allow_none=True,
        metadata={"description": "When the archive is deleted; null until ready."},
    )
    created_at = UtcDateTime(required=True, metadata={"description": "When the export was asked for."})


class ArchiveArgs(Schema):
    token = fields.String(
        required=True,
        validate=validate.Length(min=1, max=512),
        metadata={"description": "The signature the download URL carries."},
    )

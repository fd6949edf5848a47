"""/api/instance: the instance's name, contact, terms and limits, for clients to show
(app-store rules ask for published contact information and terms)."""

from flask import current_app
from marshmallow import Schema, fields

from app.blueprint import Blueprint
from app.models.social import COMMENT_MAX_LENGTH
from app.models.video import CAPTION_MAX_LENGTH

blp = Blueprint("instance", __name__, url_prefix="/api", description="The instance")


class LimitsSchema(Schema):
    video_max_bytes = fields.Integer(required=True, metadata={"example": 104857600})
    video_max_seconds = fields.Integer(required=True, metadata={"example": 600})
    caption_max_length = fields.Integer(required=True, metadata={"example": CAPTION_MAX_LENGTH})
    comment_max_length = fields.Integer(required=True, metadata={"example": COMMENT_MAX_LENGTH})


class InstanceSchema(Schema):
    name = fields.String(required=True, metadata={"example": "Short-video API"})
    description = fields.String(required=True, metadata={"example": "Short videos from the neighbourhood."})
    contact_email = fields.String(required=True, allow_none=True, metadata={"example": "safety@example.com"})
    terms_url = fields.String(
        required=True, allow_none=True, metadata={"example": "https://example.com/terms", "format": "uri"}
    )
    terms_version = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Registering requires accepting it; null: no terms.", "example": "2026-12"},
    )
    limits = fields.Nested(LimitsSchema, required=True)


@blp.route("/instance", methods=["GET"])
@blp.doc(operationId="getInstance")
@blp.response(200, InstanceSchema)
def get_instance():
    """The instance: name, description, contact, terms and limits

    Public. What clients show to people: the instance's name and description, its contact,
    its terms (`terms_version` must be accepted at registration when set) and the limits of
    uploads, captions and comments.
    """
    config = current_app.config
    return {
        "name": config["INSTANCE_NAME"],
        "description": config["INSTANCE_DESCRIPTION"],
        "contact_email": config["CONTACT_EMAIL"] or None,
        "terms_url": config["TERMS_URL"] or None,
        "terms_version": config["TERMS_VERSION"] or None,
        "limits": {
            "video_max_bytes": config["VIDEO_MAX_BYTES"],
            "video_max_seconds": config["VIDEO_MAX_SECONDS"],
            "caption_max_length": CAPTION_MAX_LENGTH,
            "comment_max_length": COMMENT_MAX_LENGTH,
        },
    }

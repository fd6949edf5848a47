"""Service endpoints: health check (the OpenAPI document and docs come from flask-smorest)."""

import sqlalchemy as sa
from flask import current_app, request, url_for
from marshmallow import Schema, fields
from sqlalchemy.exc import DBAPIError

from app import storage, tasks
from app.blueprint import Blueprint
from app.errors import Unavailable
from app.extensions import db, limiter

blp = Blueprint("health", __name__, url_prefix="/api", description="Service")


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})
    database = fields.String(
        required=True, metadata={"example": "ok", "description": "`ok` or `unreachable`"}
    )
    redis = fields.String(
        required=True,
        metadata={
            "example": "ok",
            "description": "The rate-limit storage: `ok`, `unreachable` (limits fail open, sign-in"
            " answers 503), `memory` (per process) or `off`",
        },
    )
    task_queue = fields.String(
        required=True,
        metadata={
            "example": "ok",
            "description": "`ok`, `unreachable` (uploads stay processing) or `inline` (no broker)",
        },
    )
    object_storage = fields.String(
        required=True,
        metadata={"example": "ok", "description": "`ok` or `unreachable` (uploads and media fail)"},
    )


class ApiIndexSchema(Schema):
    docs = fields.String(
        dump_only=True,
        metadata={
            "format": "uri",
            "description": "The interactive docs.",
            "example": "http://127.0.0.1:5000/api/docs",
        },
    )
    openapi = fields.String(
        dump_only=True,
        metadata={
            "format": "uri",
            "description": "This OpenAPI document.",
            "example": "http://127.0.0.1:5000/api/openapi.json",
        },
    )


@blp.route("", methods=["GET"])
@blp.response(200, ApiIndexSchema)
def get_api_index():
    """Where the docs and the OpenAPI document are

    Public. The absolute URLs of the interactive docs and of this document.
    """
    origin = (current_app.config["PUBLIC_BASE_URL"] or request.host_url).rstrip("/")
    return {
        "docs": origin + url_for("api-docs.openapi_swagger_ui"),
        "openapi": origin + url_for("api-docs.openapi_json"),
    }


@blp.route("/health", methods=["GET"])
@blp.response(200, HealthSchema)
@blp.errors(503)
def get_health():
    """Liveness and dependency check

    Each dependency is reported on its own; only the database, without which nothing can
    be served, turns the answer into a 503.
    """
    dependencies = {
        "redis": limiter.storage_state(),
        "task_queue": tasks.queue_state(),
        "object_storage": "ok" if storage.reachable() else "unreachable",
    }
    try:
        db.session.execute(sa.text("SELECT 1"))
    except DBAPIError:
        db.session.rollback()
        raise Unavailable(extra={"database": "unreachable", **dependencies}) from None
    return {"status": "ok", "database": "ok", **dependencies}

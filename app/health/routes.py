"""Service endpoints: health check (the OpenAPI document and docs come from flask-smorest)."""

import sqlalchemy as sa
from flask import current_app, request, url_for
from marshmallow import Schema, fields
from sqlalchemy.exc import DBAPIError

from app import storage, tasks
from app.blueprint import Blueprint
from app.errors import Unavailable
from app.extensions import db, limiter
from app.openapi import RETRY_AFTER
from app.schemas import ErrorSchema

blp = Blueprint("health", __name__, url_prefix="/api", description="Service")


class DependenciesSchema(Schema):
    """The state of each service the API uses, in both of the health check's answers."""

    database = fields.String(
        required=True, metadata={"enum": ["ok", "unreachable"], "description": "`unreachable` is the 503."}
    )
    redis = fields.String(
        required=True,
        metadata={
            "enum": ["ok", "unreachable", "memory", "off"],
            "description": "The rate-limit storage: `ok`, `unreachable` (limits fail open, sign-in"
            " answers 503), `memory` (per process) or `off`",
        },
    )
    task_queue = fields.String(
        required=True,
        metadata={
            "enum": ["ok", "unreachable", "inline"],
            "description": "`ok`, `unreachable` (uploads stay processing) or `inline` (no broker)",
        },
    )
    object_storage = fields.String(
        required=True,
        metadata={
            "enum": ["ok", "unreachable"],
            "description": "`ok` or `unreachable` (uploads and media fail)",
        },
    )


class HealthSchema(DependenciesSchema):
    status = fields.String(required=True, metadata={"enum": ["ok"]})


class HealthUnavailableSchema(DependenciesSchema):
    """The 503: the error body (app/errors.py) with each dependency's state beside it."""

    code = fields.Integer(required=True, metadata={"enum": [503]})
    status = fields.String(required=True, metadata={"enum": ["Service Unavailable"]})
    message = fields.String(
        required=True,
        metadata={"description": "One human sentence.", "example": Unavailable.message},
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
@blp.alt_response(
    503,
    # The health check's own body, or the generic error body when the connection pool is
    # exhausted (app/errors.py: "The database is busy").
    schema={"anyOf": [HealthUnavailableSchema, ErrorSchema]},
    description="The database is unreachable (each dependency's state in the body), or busy",
    headers={"Retry-After": RETRY_AFTER},
    example={
        "code": 503,
        "status": "Service Unavailable",
        "message": Unavailable.message,
        "database": "unreachable",
        "redis": "ok",
        "task_queue": "ok",
        "object_storage": "ok",
    },
)
def get_health():
    """Liveness and dependency check

    Public, for load balancers and monitoring. Each dependency is reported on its own;
    only the database, without which nothing can be served, turns the answer into a 503,
    whose body is the error body with the same dependency fields (and `Retry-After`).
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

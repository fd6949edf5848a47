"""Service endpoints: health check (the OpenAPI document and docs come from flask-smorest)."""

import sqlalchemy as sa
from marshmallow import Schema, fields
from sqlalchemy.exc import DBAPIError

from app.blueprint import Blueprint
from app.errors import Unavailable
from app.extensions import db

blp = Blueprint("health", __name__, url_prefix="/api", description="Service")


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)


@blp.route("/health", methods=["GET"])
@blp.response(200, HealthSchema)
@blp.errors(503)
def health():
    """Liveness and database check"""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except DBAPIError:
        db.session.rollback()
        raise Unavailable(extra={"database": "unreachable"}) from None
    return {"status": "ok", "database": "ok"}

"""The one JSON error shape, the project's own errors, and every handler.

Controllers raise the errors below; nothing outside this module writes error JSON.
Shape: ``{"code": 422, "status": "Unprocessable Entity", "message": "...", "errors": {...}}``.
"""

import logging
from http import HTTPStatus

import flask_smorest
from flask import jsonify
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import exc as orm_exc

from app.schemas import ErrorSchema
from app.sql import is_retryable

log = logging.getLogger(__name__)


def error_response(code, message, errors=None, headers=None, extra=None):
    body = {"code": code, "status": HTTPStatus(code).phrase, "message": message, **(extra or {})}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class AppError(Exception):
    """A failure a client can act on; ``code`` is the HTTP status it maps to."""

    code = 400
    message = "Bad request."

    def __init__(self, message=None, errors=None, headers=None, extra=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.errors = errors
        self.headers = headers
        self.extra = extra  # more top-level fields, e.g. the health check's "database"


class BadCredentials(AppError):
    code = 401
    message = "Invalid credentials."


class Forbidden(AppError):
    code = 403
    message = "You are not allowed to do this."


class EmailNotVerified(Forbidden):
    message = (
        "Verify your email address first: open the link mailed to you, or ask for a new one "
        "with POST /api/auth/email/verification."
    )


class NotFound(AppError):
    code = 404
    message = "Not found."


class Conflict(AppError):
    code = 409
    message = "Already taken."


class PayloadTooLarge(AppError):
    code = 413
    message = "The request body is too large."


class UnsupportedMedia(AppError):
    code = 415
    message = "The file is not a supported video (MP4, MOV or WebM)."


class Invalid(AppError):
    code = 422
    message = "Validation failed"

    @classmethod
    def field(cls, location, name, text):
        return cls(errors={location: {name: [text]}})


class Unavailable(AppError):
    code = 503
    message = "The database is unavailable; try again shortly."

    def __init__(self, message=None, extra=None):
        super().__init__(message, headers={"Retry-After": "3"}, extra=extra)


# Unique constraints a client can collide with, and the field each one protects.
UNIQUE_FIELDS = {
    "uq_users_username_key": ("username", "This username is already taken."),
    "uq_users_email_key": ("email", "This email is already registered."),
}


def _constraint_name(error):
    orig = getattr(error, "orig", None)
    diag = getattr(orig, "diag", None)
    if diag is not None and diag.constraint_name:
        return diag.constraint_name
    # SQLite names the columns instead: "UNIQUE constraint failed: users.username_key".
    text = str(orig)
    if "UNIQUE constraint failed: users.username_key" in text:
        return "uq_users_username_key"
    if "UNIQUE constraint failed: users.email_key" in text:
        return "uq_users_email_key"
    return None


def map_integrity_error(error):
    """Turn a constraint violation that escaped the controllers into a client error."""
    name = _constraint_name(error)
    if name in UNIQUE_FIELDS:
        field, text = UNIQUE_FIELDS[name]
        return Conflict(text, errors={"json": {field: [text]}})
    sqlstate = getattr(getattr(error, "orig", None), "pgcode", None)
    if sqlstate == "23503" or "FOREIGN KEY constraint failed" in str(error.orig):
        # The row it points at was deleted meanwhile (e.g. liking a video being deleted).
        return NotFound("The resource no longer exists.")
    return None


class Api(flask_smorest.Api):
    """flask-smorest's Api, with every error in the contract's shape.

    Its stock handler drops werkzeug's headers (no ``Allow`` on 405) and omits
    ``message``; it also documents a catch-all ``default`` response, which would hide
    undeclared statuses from the spec (docs/SECURITY.md §2.1, §2.5).
    """

    DEFAULT_ERROR_RESPONSE_NAME = None

    ERROR_SCHEMA = ErrorSchema

    def _register_pagination_header(self):
        """Nothing: lists page with cursors in the body (app/pagination.py), not with
        flask-smorest's header, whose unused schema would clutter generated clients."""

    def handle_http_exception(self, error):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors") or data.get("messages")
        message = data.get("message") or _http_message(error, errors)
        headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
        headers.update(data.get("headers") or {})
        return error_response(error.code, message, errors, headers)


def _http_message(error, errors):
    if error.code == 400 and errors:
        return "The request body could not be parsed (malformed JSON or multipart)."
    if error.code == 422 and errors:
        return "Validation failed"
    if error.code == 404:
        return "The requested URL was not found on this server."
    if error.code == 429:
        return f"Too many requests (limit: {error.description}); retry after Retry-After seconds."
    if error.code == 500:
        return "An unexpected error occurred."
    return (error.description or HTTPStatus(error.code).phrase).strip()


def register_error_handlers(app):
    @app.errorhandler(AppError)
    def handle_app_error(error):
        return error_response(error.code, error.message, error.errors, error.headers, error.extra)

    @app.errorhandler(sa_exc.IntegrityError)
    def handle_integrity_error(error):
        mapped = map_integrity_error(error)
        if mapped is None:
            log.exception("Unmapped integrity error")
            return error_response(500, "An unexpected error occurred.")
        return handle_app_error(mapped)

    @app.errorhandler(orm_exc.ObjectDeletedError)
    def handle_row_gone(_error):
        # A row loaded earlier in the request (the viewer's account, say) was deleted by
        # another request before a retried transaction could read it again.
        return handle_app_error(NotFound("The resource no longer exists."))

    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.InterfaceError)
    def handle_database_down(error):
        if is_retryable(error):  # lost every retry: contention, not an outage
            log.warning("Transaction aborted on every attempt: %s", error.orig)
            return handle_app_error(Unavailable("The database is busy; try again shortly."))
        log.warning("Database unavailable: %s", type(error.orig).__name__)
        return handle_app_error(Unavailable())

    @app.errorhandler(sa_exc.TimeoutError)
    def handle_pool_exhausted(_error):
        # Every pooled connection is in use and none came back within pool_timeout.
        log.warning("Database connection pool exhausted")
        return handle_app_error(Unavailable("The database is busy; try again shortly."))

    @app.errorhandler(sa_exc.DBAPIError)
    def handle_database_error(error):
        if error.connection_invalidated:
            return handle_app_error(Unavailable())
        if getattr(error.orig, "pgcode", None) == "22003":  # numeric value out of range
            return handle_app_error(Invalid("A number is out of range."))
        log.exception("Database error")
        return error_response(500, "An unexpected error occurred.")

    # HTTPExceptions are more specific and go to Api.handle_http_exception.
    @app.errorhandler(Exception)
    def handle_unexpected(error):
        log.exception("Unhandled error")
        return error_response(500, "An unexpected error occurred.")

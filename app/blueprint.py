"""The Blueprint every feature uses: JSON-body guard, auth decorators, error docs.

Each decorator both enforces a rule and documents it, so the OpenAPI spec cannot drift
from what the code does.
"""

from functools import wraps

import flask_smorest
import marshmallow
import werkzeug.exceptions
from flask import request
from flask_jwt_extended import current_user, get_jwt, verify_jwt_in_request
from werkzeug.routing import BaseConverter

from app.errors import AppError, Forbidden, Invalid
from app.pagination import PageArgs, page_of

MAX_ID = 2**63 - 1
BEARER: dict[str, list[str]] = {"BearerAuth": []}


class IdConverter(BaseConverter):
    """A positive 64-bit id; anything larger is a 404 before it reaches PostgreSQL."""

    regex = r"[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= MAX_ID:
            # NotFound, not ValidationError: the latter lets werkzeug try the other rules
            # of the path and answer 405 for methods this id could never have.
            raise werkzeug.exceptions.NotFound()
        return number

    def to_url(self, value):
        return str(value)

    @staticmethod
    def openapi_schema(_converter):
        return {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}


class Blueprint(flask_smorest.Blueprint):
    def __init__(self, name, import_name, *, operation_prefix=None, **kwargs):
        super().__init__(name, import_name, **kwargs)
        # operationIds are "<prefix><FunctionName>"; the prefix is the blueprint's name
        # unless one is given (ids published once stay as they are).
        self.operation_prefix = operation_prefix or name

    def route(self, rule, *, parameters=None, **options):
        register = super().route(rule, parameters=parameters, **options)

        def decorator(func):
            # Any operation can meet a database outage, and every one has an operationId.
            func = self._doc_errors(func, 503)
            manual = getattr(func, "_apidoc", {}).get("manual_doc", {})
            if "operationId" not in manual:
                func = self.doc(operationId=_camel(f"{self.operation_prefix}_{func.__name__}"))(func)
            return register(func)

        return decorator

    def arguments(self, schema, *, location="json", required=True, **kwargs):
        decorator = super().arguments(schema, location=location, required=required, **kwargs)
        if location != "json" or not required:
            return decorator

        def guarded(func):
            parsed = decorator(func)

            # webargs reads a missing body as {}, which would let a bodyless request
            # through when every field is optional (docs/SECURITY.md §2.2).
            @wraps(parsed)
            def view(*args, **kw):
                if not request.is_json or not request.get_data(cache=True):
                    raise AppError("The request body must be JSON (Content-Type: application/json).")
                return parsed(*args, **kw)

            return view

        return guarded

    def paged(self, item_schema, *, args=PageArgs):
        """A keyset-paginated list of ``item_schema``: its query arguments (``limit``,
        ``cursor`` and whatever ``args`` adds), the ``{items, next_cursor}`` page, and the
        422 of a bad limit or cursor. The view returns ``paginate()``'s page."""

        def decorator(func):
            func = self._doc_errors(func, 422)
            func = self.response(200, page_of(item_schema))(func)
            return self.arguments(args, location="query")(func)

        return decorator

    def login_required(self, func):
        """The viewer must send a valid access token; ``current_user`` is theirs. A
        suspended account's token is a 403 (app/security.py)."""

        @wraps(func)
        def view(*args, **kwargs):
            verify_jwt_in_request()
            return func(*args, **kwargs)

        return self._doc_errors(self.doc(security=[BEARER])(view), 401, 403)

    def login_optional(self, func):
        """Anonymous viewers are served; a token that is sent must be valid (401), and not
        a suspended account's (403)."""

        @wraps(func)
        def view(*args, **kwargs):
            verify_jwt_in_request(optional=True)
            return func(*args, **kwargs)

        return self._doc_errors(self.doc(security=[{}, BEARER])(view), 401, 403)

    def staff_required(self, func):
        """A moderator or an admin only: 401 anonymous, 403 for anyone else. The role is
        read with the token's user row (no extra query)."""

        @wraps(func)
        def view(*args, **kwargs):
            verify_jwt_in_request()
            if not current_user.is_staff:
                raise Forbidden("Moderators and admins only.")
            return func(*args, **kwargs)

        return self._doc_errors(self.doc(security=[BEARER])(view), 401, 403)

    def errors(self, *codes):
        """Document the error statuses an operation can answer with."""

        def decorator(func):
            return self._doc_errors(func, *codes)

        return decorator

    def _doc_errors(self, func, *codes):
        for code in codes:
            func = self.alt_response(code, schema="Error", description=_DESCRIPTIONS[code])(func)
        return func


def _camel(name):
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def viewer():
    """The signed-in user, or None for an anonymous request (after login_optional)."""
    return current_user if get_jwt() else None


_DESCRIPTIONS = {
    400: "Malformed request body",
    401: "Missing, invalid, expired or revoked token, or bad credentials",
    403: "Not allowed: not the owner, a private account, not a moderator, or a suspended account",
    404: "Not found",
    409: "Already taken",
    413: "Request body too large",
    415: "Not a supported video format",
    422: "Validation failed",
    429: "Rate limit exceeded",
    503: "Database unavailable",
}


def load(schema, data, location):
    """Validate ``data`` outside flask-smorest's decorators (multipart forms)."""
    try:
        return schema.load(data)
    except marshmallow.ValidationError as error:
        raise Invalid(errors={location: error.messages}) from None

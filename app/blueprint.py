"""The Blueprint every feature uses: JSON-body guard, auth decorators, error docs.

Each decorator both enforces a rule and documents it, so the OpenAPI spec cannot drift
from what the code does.
"""

import re
from functools import wraps

import flask_smorest
import marshmallow
import werkzeug.exceptions
from flask import current_app, request
from flask_jwt_extended import current_user, get_jwt, verify_jwt_in_request
from werkzeug.routing import BaseConverter

from app.errors import AppError, EmailNotVerified, Forbidden, Invalid
from app.idempotency import PARAMETER as IDEMPOTENCY_PARAMETER
from app.idempotency import idempotent
from app.openapi import BEARER_AUTH, REFRESH_AUTH, RETRY_AFTER
from app.pagination import PageArgs, page_of
from app.parsing import ArgumentsParser

MAX_ID = 2**63 - 1
BEARER: dict[str, list[str]] = {BEARER_AUTH: []}
REFRESH: dict[str, list[str]] = {REFRESH_AUTH: []}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


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
    ARGUMENTS_PARSER = ArgumentsParser()

    def __init__(self, name, import_name, *, verified_writes=True, **kwargs):
        super().__init__(name, import_name, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_idempotency_doc)
        # Whether signed-in writes need a verified email when REQUIRE_VERIFIED_EMAIL is on
        # (not for managing the account itself: verifying, exporting, deleting it).
        self.verified_writes = verified_writes

    def route(self, rule, *, parameters=None, **options):
        # Every path parameter is described (PATH_PARAMETERS), unless the route does it.
        parameters = list(parameters or [])
        described = {p["name"] for p in parameters if isinstance(p, dict) and p.get("in") == "path"}
        for name in re.findall(r"<(?:[^<>:]+:)?([^<>]+)>", rule):
            if name not in described:
                parameters.append({"in": "path", "name": name, "description": PATH_PARAMETERS[name]})
        register = super().route(rule, parameters=parameters, **options)

        def decorator(func):
            # Any operation can meet a database outage or a fault, and every one has an
            # operationId; one that names no token is public (security: []). A view that
            # documents its own 503 body (the health check) keeps it.
            documented = getattr(func, "_apidoc", {}).get("response", {}).get("responses", {})
            func = self._doc_errors(func, *(code for code in (500, 503) if code not in documented))
            manual = getattr(func, "_apidoc", {}).get("manual_doc", {})
            if "security" not in manual:
                func = self.doc(security=[])(func)
            if "operationId" not in manual:
                # The view's name, camelCased: name views as what a client calls
                # (list_videos -> listVideos, follow_user -> followUser); generated SDKs
                # name their methods after these, and tests/test_openapi.py pins them.
                func = self.doc(operationId=_camel(func.__name__))(func)
            writes = WRITE_METHODS.intersection(options.get("methods") or ())
            if writes and getattr(func, "_verified_writes", False):
                documented = getattr(func, "_apidoc", {}).get("response", {}).get("responses", {})
                if 403 not in documented:
                    func = self._doc_errors(func, 403)
            if "POST" in options.get("methods", ()):
                # Outermost: a replay runs nothing of the view. A view that needs a token
                # (its security has no anonymous `{}`) leaves tokenless requests to its 401.
                security = getattr(func, "_apidoc", {}).get("manual_doc", {}).get("security", [])
                func = idempotent(func, signed_in_only=bool(security) and {} not in security)
            return register(func)

        return decorator

    def arguments(self, schema, *, location="json", required=True, **kwargs):
        # webargs makes an instance of a schema class on every request (a deep copy of
        # its declared fields, a few percent of a feed page): one, made here, serves all.
        if isinstance(schema, type):
            schema = schema()
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

        verified_writes = self.verified_writes

        @wraps(func)
        def view(*args, **kwargs):
            verify_jwt_in_request()
            if (
                verified_writes
                and request.method in WRITE_METHODS
                and current_app.config["REQUIRE_VERIFIED_EMAIL"]
                and not current_user.email_verified
            ):
                raise EmailNotVerified()
            return func(*args, **kwargs)

        view._verified_writes = verified_writes  # type: ignore[attr-defined]
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

    @staticmethod
    def _prepare_idempotency_doc(doc, doc_info, *, method, **kwargs):
        # Every POST takes an Idempotency-Key (app/idempotency.py), with its 409 and 422.
        if method.upper() == "POST":
            doc.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
            responses = doc.setdefault("responses", {})
            for code, text in ((409, IDEMPOTENCY_CONFLICT), (422, _DESCRIPTIONS[422])):
                responses.setdefault(code, {"description": text, "content": ERROR_CONTENT})
        return doc

    def _doc_errors(self, func, *codes):
        for code in codes:
            # Retry-After on the statuses that carry it (the contract's rate-limit headers).
            headers = {"Retry-After": RETRY_AFTER} if code in (429, 503) else None
            func = self.alt_response(code, schema="Error", description=_DESCRIPTIONS[code], headers=headers)(
                func
            )
        return func


# What each path parameter names; a new one is described here (route() looks it up).
PATH_PARAMETERS = {
    "video_id": "The video's `id`.",
    "comment_id": "The comment's `id`.",
    "username": "A username, matched without regard to case.",
    "upload_id": "The upload's `id`, as `POST /api/uploads` answered it.",
    "number": "The part's `number` (from 1), as listed in the upload's `parts`.",
    "export_id": "The export's id, as in the `url` of `GET /api/me/export`.",
    "tag": "The hashtag, with or without `#`, without regard to case.",
    "report_id": "The report's `id`.",
    "term_id": "The blocked term's `id`.",
}
IDEMPOTENCY_CONFLICT = "A request with the same Idempotency-Key is still running"
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def _camel(name):
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def viewer():
    """The signed-in user, or None for an anonymous request (after login_optional)."""
    return current_user if get_jwt() else None


_DESCRIPTIONS = {
    400: "Malformed request body",
    401: "Missing, invalid, expired or revoked token, or bad credentials",
    403: (
        "Not allowed: not the owner, a private account, not a moderator, a suspended account,"
        " or (with REQUIRE_VERIFIED_EMAIL) an unverified email"
    ),
    404: "Not found",
    409: "Already taken",
    413: "Request body too large",
    415: "Not a supported video format",
    422: "Validation failed",
    429: "Rate limit exceeded",
    500: "Unexpected error (a fault of the server, logged with the request id)",
    503: "A service the API needs (the database, object storage) is unavailable",
}


def load(schema, data, location):
    """Validate ``data`` outside flask-smorest's decorators (multipart forms)."""
    try:
        return schema.load(data)
    except marshmallow.ValidationError as error:
        raise Invalid(errors={location: error.messages}) from None

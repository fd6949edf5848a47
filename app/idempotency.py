"""``Idempotency-Key`` on every POST (API.md, "Conventions added in v2").

A retry with the same key, by the same user, within a day gets the first response again
(status, body, and the headers that matter) and changes nothing; the same key with another
method, path or body is a 422; a retry while the first request still runs is a 409, so two
requests with one key never both run.

How: as the view starts (``idempotent``, which app/blueprint.py puts on every POST), the
request *claims* its key in the store (an INSERT that only one
claimant wins, or Redis ``SET NX``); after it, the response is kept under the key. What is
not the outcome of running the request is not kept, so a retry runs it again: a 401 (a
fresh token may succeed), a 429, a 5xx. A claim whose request died (a killed worker) is
taken over after ``IDEMPOTENCY_LEASE_SECONDS``.

Scopes: a signed-in request's key belongs to its user; an anonymous one's (register,
login) to its IP address, and its fingerprint covers the whole body, so replaying someone
else's login would need their password too. A multipart body is fingerprinted by its
fields and its files' names, types and SHA-256 (its boundary differs on every retry).

The store is the database (``idempotency_keys``), or Redis when ``IDEMPOTENCY_REDIS_URL``
(default: ``REDIS_URL``) is set. A store that does not answer is a 503: the request is not
run without its guarantee.
"""

import base64
import hashlib
import json
import logging
import re
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any, NamedTuple

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, request
from flask_jwt_extended import decode_token, verify_jwt_in_request

from app.errors import Conflict, Invalid, Unavailable
from app.extensions import db
from app.models.idempotency import IdempotencyRecord as Record
from app.sql import insert_ignoring_conflicts

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")
KEPT_HEADERS = ("Content-Type", "Cache-Control", "Pragma", "Location")
NOT_KEPT = {401, 408, 429}  # and every 5xx
MAX_KEPT_BYTES = 256 * 1024
CHUNK = 1024 * 1024
TTL = timedelta(hours=24)

PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": "Makes a retry safe: the same key, from the same user, within 24 hours, gets"
    " the first response again and changes nothing (a 422 with another body, a 409 while the"
    " first request runs).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$"},
    "example": "3f1c2a9e-5b7d-4c1e-9a0b-2d6f8e4c7b1a",
}


class Kept(NamedTuple):
    fingerprint: str
    status_code: int | None  # None: the first request is still running
    headers: dict[str, str]
    body: bytes


class StoreUnavailable(Unavailable):
    message = "Idempotency keys cannot be checked right now; try again shortly."


class DatabaseStore:
    """``idempotency_keys``, written on a connection of its own, committed at once, so a
    concurrent request sees the claim (the request's own transaction is not involved)."""

    def claim(self, scope: str, key: str, fingerprint: str, lease: timedelta) -> Kept | None:
        now = datetime.now(UTC)
        try:
            with db.engine.begin() as conn:
                conn.execute(sa.delete(Record).where(Record.created_at < now - TTL))  # the sweep
                claimed = conn.execute(
                    insert_ignoring_conflicts(db.session, Record).values(
                        scope=scope, key=key, fingerprint=fingerprint, created_at=now
                    )
                ).rowcount
                if not claimed:  # take over the claim of a request that died
                    claimed = conn.execute(
                        sa.update(Record)
                        .where(
                            Record.scope == scope,
                            Record.key == key,
                            Record.fingerprint == fingerprint,
                            Record.status_code.is_(None),
                            Record.created_at < now - lease,
                        )
                        .values(created_at=now)
                    ).rowcount
                if claimed:
                    return None
                row = conn.execute(
                    sa.select(Record.fingerprint, Record.status_code, Record.headers, Record.body).where(
                        Record.scope == scope, Record.key == key
                    )
                ).one()
        except sa.exc.OperationalError as error:
            log.warning("Idempotency store unavailable: %s", error)
            raise StoreUnavailable() from None
        return Kept(row.fingerprint, row.status_code, row.headers or {}, row.body or b"")

    def keep(self, scope: str, key: str, kept: Kept) -> None:
        with db.engine.begin() as conn:
            conn.execute(
                sa.update(Record)
                .where(Record.scope == scope, Record.key == key)
                .values(status_code=kept.status_code, headers=kept.headers, body=kept.body)
            )

    def release(self, scope: str, key: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(sa.delete(Record).where(Record.scope == scope, Record.key == key))


class RedisStore:
    """One Redis key per idempotency key: the claim expires with the lease, the kept
    response after a day."""

    def __init__(self, url: str, timeout: float):
        import redis

        self.errors = (redis.RedisError,)
        self.redis = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)

    @staticmethod
    def _name(scope: str, key: str) -> str:
        return f"idempotency:{scope}:{key}"

    def claim(self, scope: str, key: str, fingerprint: str, lease: timedelta) -> Kept | None:
        running = json.dumps({"fingerprint": fingerprint, "status_code": None})
        try:
            for _ in range(3):  # the key may expire between SET NX and GET
                if self.redis.set(
                    self._name(scope, key), running, nx=True, px=int(lease.total_seconds() * 1000)
                ):
                    return None
                raw: Any = self.redis.get(self._name(scope, key))
                if raw is not None:
                    stored = json.loads(raw)
                    body = base64.b64decode(stored.get("body", ""))
                    return Kept(stored["fingerprint"], stored["status_code"], stored.get("headers", {}), body)
        except self.errors as error:
            log.warning("Idempotency store (Redis) unavailable: %s", error)
            raise StoreUnavailable() from None
        raise StoreUnavailable()

    def keep(self, scope: str, key: str, kept: Kept) -> None:
        value = {**kept._asdict(), "body": base64.b64encode(kept.body).decode()}
        self.redis.set(self._name(scope, key), json.dumps(value), px=int(TTL.total_seconds() * 1000))

    def release(self, scope: str, key: str) -> None:
        self.redis.delete(self._name(scope, key))


def init_app(app: Flask) -> None:
    url = app.config["IDEMPOTENCY_REDIS_URL"]
    store = RedisStore(url, app.config["IDEMPOTENCY_REDIS_TIMEOUT"]) if url else DatabaseStore()
    app.extensions["idempotency"] = store
    app.after_request(_keep)
    app.teardown_request(_release_unkept)


def _store() -> DatabaseStore | RedisStore:
    return current_app.extensions["idempotency"]


def _scope() -> str:
    authorization = request.headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer ":
        try:
            return f"user:{decode_token(authorization[7:].strip())['sub']}"
        except Exception:  # noqa: BLE001 - any bad token: the view answers its 401, not kept
            pass
    return f"ip:{request.remote_addr}"


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{request.method} {request.full_path}\n".encode())
    if request.mimetype == "multipart/form-data":
        # Parsed as the view would (within the blueprint's body limit), then hashed.
        for name, value in sorted(request.form.items(multi=True)):
            digest.update(json.dumps(["form", name, value]).encode())
        for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            digest.update(json.dumps(["file", name, upload.filename, upload.mimetype]).encode())
            while chunk := upload.stream.read(CHUNK):
                digest.update(chunk)
            upload.stream.seek(0)
    else:
        digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def idempotent(view, *, token: str | None = None):
    """Honour ``Idempotency-Key`` on this view (a POST): replay, refuse, or run and keep.

    ``token`` ("access" or "refresh"): the view needs one, and it is verified before the
    key is looked at, so a request without a valid one is the view's 401, never a 422
    about a key another client at the same address used anonymously."""

    @wraps(view)
    def run(*args, **kwargs):
        if token is not None:
            verify_jwt_in_request(refresh=token == "refresh")
        replay = _claim()
        return replay if replay is not None else view(*args, **kwargs)

    return run


def _claim() -> Response | None:
    if HEADER not in request.headers:
        return None
    key = request.headers[HEADER]
    if not VALID_KEY.fullmatch(key):
        raise Invalid.field("headers", HEADER, "Must be 1 to 255 visible ASCII characters.")
    scope, fingerprint = _scope(), _fingerprint()
    lease = timedelta(seconds=current_app.config["IDEMPOTENCY_LEASE_SECONDS"])
    kept = _store().claim(scope, key, fingerprint, lease)
    if kept is None:
        g.idempotency_claim = (scope, key, fingerprint)
        return None
    if kept.fingerprint != fingerprint:
        raise Invalid.field(
            "headers", HEADER, "This key was used with another request (method, path or body)."
        )
    if kept.status_code is None:
        raise Conflict("A request with this Idempotency-Key is still running; retry shortly.")
    replay = Response(kept.body, status=kept.status_code)
    for name, value in kept.headers.items():
        replay.headers[name] = value
    replay.headers["Idempotent-Replayed"] = "true"
    return replay


def _keep(response: Response) -> Response:
    claim = g.pop("idempotency_claim", None)
    if claim is None:
        return response
    scope, key, fingerprint = claim
    try:
        body = b"" if response.is_streamed else response.get_data()
        if response.status_code in NOT_KEPT or response.status_code >= 500 or len(body) > MAX_KEPT_BYTES:
            _store().release(scope, key)
        else:
            headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
            _store().keep(scope, key, Kept(fingerprint, response.status_code, headers, body))
    except Exception:  # the response stands; the claim ends with its lease
        log.exception("Could not record the response of Idempotency-Key %r", key)
    return response


def _release_unkept(_error: BaseException | None) -> None:
    # A request that ended without a response (after_request never ran): free its key.
    claim: Any = g.pop("idempotency_claim", None)
    if claim is not None:
        try:
            _store().release(claim[0], claim[1])
        except Exception:
            log.exception("Could not release Idempotency-Key %r", claim[1])

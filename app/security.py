"""Password hashing and token helpers.

Passwords: argon2id for every new hash; bcrypt hashes written by the Node.js app this
project replaces still verify, and are re-hashed with argon2id on the next login.

Tokens: Flask-JWT-Extended, HS256, header only. A token is refused when its ``jti`` is in
``revoked_tokens`` (logout, rotation) or its ``ver`` claim is older than the user's
``token_version`` (password change). Both checks and the user lookup are one SQL
statement per request; the same row carries the account's role and suspension, so a
role change or a suspension takes effect on the next request (a suspended account's
tokens get a 403 everywhere).
"""

import contextlib
import fcntl
import functools
import secrets
import threading
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypedDict

import bcrypt
import flask_jwt_extended
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g
from flask_jwt_extended import create_access_token, create_refresh_token
from flask_jwt_extended.config import config as jwt_config
from jwt import InvalidTokenError

from app.errors import Forbidden, Unavailable, error_response
from app.models import RevokedToken, User
from app.sql import insert_ignoring_conflicts, prepared
from app.visibility import remember_shield, shield_exists

BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
SUSPENDED = "This account is suspended."
# bcrypt only reads the first 72 bytes; the Node.js bcrypt libraries truncated silently.
# Longer passwords are refused against a bcrypt hash (Passwords._verify).
BCRYPT_MAX_BYTES = 72


class HashingBusy(Unavailable):
    message = "Too many sign-ins at once; try again shortly."

    def __init__(self):
        super().__init__()
        self.headers = {"Retry-After": "1"}


class HashSlots:
    """At most ``count`` password hashes at once: per process (threads of a gthread
    worker take a slot each), and, with a lock directory, across every process that
    shares it (the sync workers of every instance on the machine: hashing is CPU, and
    the CPU is the machine's). A slot is a lock file held with ``flock``; the kernel
    releases it if its process dies. No free slot within ``wait`` seconds: a 503.
    """

    def __init__(self, count: int, directory: str, wait: float):
        self.local = [threading.Lock() for _ in range(count)]
        self.files = None
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            self.files = [open(Path(directory) / f"slot-{i}.lock", "a+b") for i in range(count)]  # noqa: SIM115
        self.wait = wait

    def try_acquire(self) -> int | None:
        for index, lock in enumerate(self.local):
            if lock.acquire(blocking=False):
                if self.files is None:
                    return index
                try:
                    fcntl.flock(self.files[index], fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    lock.release()
                    continue
                return index
        return None

    def release(self, index: int) -> None:
        if self.files is not None:
            fcntl.flock(self.files[index], fcntl.LOCK_UN)
        self.local[index].release()

    @contextlib.contextmanager
    def held(self):
        deadline = time.monotonic() + self.wait
        while (index := self.try_acquire()) is None:
            if time.monotonic() >= deadline:
                raise HashingBusy()
            time.sleep(0.005)
        try:
            yield
        finally:
            self.release(index)


class Passwords:
    """Hashing with the app's argon2 parameters, bound in ``create_app``.

    At most ``PASSWORD_HASH_CONCURRENCY`` hashes or verifications run at once
    (``HashSlots``); a request that cannot start one within
    ``PASSWORD_HASH_WAIT_SECONDS`` is a 503 with ``Retry-After``, so a burst of logins
    cannot take every CPU (or every worker) from the rest of the API.
    """

    def init_app(self, app):
        self.hasher = PasswordHasher(
            time_cost=app.config["ARGON2_TIME_COST"],
            memory_cost=app.config["ARGON2_MEMORY_COST"],
            parallelism=app.config["ARGON2_PARALLELISM"],
        )
        self.slots = HashSlots(
            app.config["PASSWORD_HASH_CONCURRENCY"],
            app.config["PASSWORD_HASH_LOCK_DIR"],
            app.config["PASSWORD_HASH_WAIT_SECONDS"],
        )
        # Verified against when the login names no account, so an unknown user costs
        # the same one verification as a wrong password (made before any request).
        self.dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password):
        with self.slots.held():
            return self.hasher.hash(password)

    def verify(self, stored_hash, password):
        with self.slots.held():
            return self._verify(stored_hash, password)

    def _verify(self, stored_hash, password):
        if stored_hash.startswith(BCRYPT_PREFIXES):
            candidate = password.encode()
            if len(candidate) > BCRYPT_MAX_BYTES:
                # bcrypt would compare the first 72 bytes only, so any tail would match,
                # and the re-hash at login would then replace the real password with
                # the presented one. Refused: such an account resets its password.
                return False
            try:
                return bcrypt.checkpw(candidate, stored_hash.encode())
            except ValueError:
                return False
        try:
            return self.hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def verify_nobody(self, password):
        """Spend one verification for a login that matched no account."""
        self.verify(self.dummy_hash, password)
        return False

    def needs_rehash(self, stored_hash):
        return stored_hash.startswith(BCRYPT_PREFIXES) or self.hasher.check_needs_rehash(stored_hash)


passwords = Passwords()


class JWTManager(flask_jwt_extended.JWTManager):
    """Flask-JWT-Extended, remembering the tokens it has already verified.

    Verifying a token depends only on its text and the key, yet Flask-JWT-Extended has
    PyJWT parse it three times per request (about 0.25 ms, a tenth of a signed-in feed
    page; bench/OPTIMISATIONS.md). The signature is verified once per token and key;
    expiry is checked on every use; revocation, the ``ver`` claim and the account are
    still read from the database on every request (``init_jwt``).
    """

    def _decode_jwt_from_config(self, encoded_token, csrf_value=None, allow_expired=False):
        if csrf_value is not None or allow_expired:
            return check_claims(super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired))
        claims = _verified_claims(self, jwt_config.decode_key, encoded_token)
        if claims["exp"] <= time.time():
            # Expired since (or never cached): the library raises its own error.
            return super()._decode_jwt_from_config(encoded_token)
        return dict(claims)


# Keyed by the decoding key as well: a token verified under one key says nothing under
# another (tests run several apps in one process).
@functools.lru_cache(maxsize=4096)
def _verified_claims(manager, _key, encoded_token):
    # Raises (and caches nothing) for a token that is malformed, forged or expired.
    return check_claims(flask_jwt_extended.JWTManager._decode_jwt_from_config(manager, encoded_token))


# The claims every token of ours carries, and their types. A signed token that lacks one
# or has another type (a string "exp", a list "jti") is invalid, a 401: it was not issued
# here, or by an older key holder, and the rest of the code may rely on these.
_CLAIM_TYPES: dict[str, tuple[type, ...]] = {"exp": (int,), "sub": (str,), "jti": (str,), "type": (str,)}
_OPTIONAL_CLAIM_TYPES: dict[str, tuple[type, ...]] = {"ver": (int,), "fam": (str,), "iat": (int, float)}
TOKEN_ID_MAX = 36  # revoked_tokens.jti


def check_claims(claims: Mapping[str, Any]) -> Mapping[str, Any]:
    for name, types in _CLAIM_TYPES.items():
        value = claims.get(name)
        if not isinstance(value, types) or isinstance(value, bool):
            raise InvalidTokenError(f"The {name!r} claim is missing or of the wrong type.")
    for name, types in _OPTIONAL_CLAIM_TYPES.items():
        value = claims.get(name)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            raise InvalidTokenError(f"The {name!r} claim is of the wrong type.")
    if claims["type"] not in ("access", "refresh") or len(claims["jti"]) > TOKEN_ID_MAX:
        raise InvalidTokenError("Not a token of this service.")
    if len(claims.get("fam") or "") > TOKEN_ID_MAX:
        raise InvalidTokenError("Not a token of this service.")
    return claims


class TokenPair(TypedDict):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


def issue_tokens(user: User, family: str | None = None) -> TokenPair:
    """A new access and refresh token. ``family`` is the sign-in they descend from: a new
    one at login and registration, the presented refresh token's on rotation, so that a
    replayed refresh token can revoke every token of its family (``revoke_family``)."""
    claims = {"ver": user.token_version, "fam": family or str(uuid.uuid4())}
    lifetime = jwt_config.access_expires  # a timedelta: config.py always sets one
    return {
        "access_token": create_access_token(identity=str(user.id), additional_claims=claims),
        "refresh_token": create_refresh_token(identity=str(user.id), additional_claims=claims),
        # RFC 6749 §5.1, so OAuth-minded clients know the scheme and when to refresh.
        "token_type": "Bearer",
        "expires_in": int(lifetime.total_seconds()) if isinstance(lifetime, timedelta) else 0,
    }


def revoke_token(session, payload: Mapping[str, Any]) -> bool:
    """Record a token as revoked; False when it already was (a replayed refresh token)."""
    now = datetime.now(UTC)
    session.execute(sa.delete(RevokedToken).where(RevokedToken.expires_at < now))
    inserted = session.execute(
        insert_ignoring_conflicts(session, RevokedToken)
        .values(
            jti=payload["jti"],
            user_id=int(payload["sub"]),
            expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        )
        .returning(RevokedToken.jti)
    ).first()
    return inserted is not None


def revoke_family(session, payload: Mapping[str, Any]) -> None:
    """Treat a replayed refresh token as stolen (RFC 9700 §4.14): revoke every token that
    descends from the same sign-in. The family's id is recorded like a token id (both are
    random UUIDs), kept as long as any token of the family can live."""
    family = payload.get("fam")
    if not family:
        return  # a token from before families: only itself is revoked
    lifetime = jwt_config.refresh_expires
    if not isinstance(lifetime, timedelta):  # False: refresh tokens that never expire
        lifetime = timedelta(days=3650)
    expires = datetime.now(UTC) + lifetime
    session.execute(
        insert_ignoring_conflicts(session, RevokedToken).values(
            jti=family, user_id=int(payload["sub"]), expires_at=expires
        )
    )


# The account a token names, whether its jti or its family was revoked, and whether it
# has any block or mute (app/visibility.py, "viewers with no blocks or mutes"): one
# statement, built once (it runs on every authenticated request).
_TOKEN_USER = prepared(
    sa.select(
        User,
        sa.select(RevokedToken.jti)
        .where(
            RevokedToken.jti.in_(
                [sa.bindparam("jti", type_=sa.String), sa.bindparam("family", type_=sa.String)]
            )
        )
        .exists(),
        shield_exists(User.id),
    ).where(User.id == sa.bindparam("user_id", type_=User.id.type))
)


def init_jwt(jwt, db):
    """Wire Flask-JWT-Extended to the database and to the contract's JSON 401s."""

    @jwt.token_in_blocklist_loader
    def token_is_revoked(_header, payload):
        try:
            user_id = int(payload["sub"])
        except (KeyError, TypeError, ValueError):
            return True
        family = payload.get("fam") or payload["jti"]
        row = db.session.execute(
            _TOKEN_USER, {"jti": payload["jti"], "family": family, "user_id": user_id}
        ).first()
        if row is None:
            g.token_user = None
            return False  # user_lookup_error_loader answers: the account is gone
        user, is_revoked, shielded = row
        g.token_user = user
        remember_shield(user, shielded)
        if is_revoked and payload["type"] == "refresh":
            g.replayed_refresh = payload
        if is_revoked or payload.get("ver") != user.token_version:
            return True
        if user.is_suspended:
            raise Forbidden(SUSPENDED)
        return False

    @jwt.user_lookup_loader
    def load_user(_header, _payload):
        return g.pop("token_user", None)

    def unauthorized(message):
        return error_response(401, message, headers={"WWW-Authenticate": "Bearer"})

    jwt.unauthorized_loader(lambda reason: unauthorized("Missing or malformed Authorization header."))
    jwt.invalid_token_loader(lambda reason: unauthorized("The token is invalid."))
    jwt.expired_token_loader(lambda _h, _p: unauthorized("The token has expired."))

    @jwt.revoked_token_loader
    def revoked(_header, _payload):
        replayed = g.pop("replayed_refresh", None)
        if replayed is not None:
            # A rotated-out (or logged-out) refresh token came back: theft, or a client
            # that lost the race with a thief; either way the whole sign-in ends.
            revoke_family(db.session, replayed)
            db.session.commit()
            return unauthorized("The token has been revoked; sign in again.")
        return unauthorized("The token has been revoked.")

    jwt.user_lookup_error_loader(lambda _h, _p: unauthorized("The account no longer exists."))
    jwt.needs_fresh_token_loader(lambda _h, _p: unauthorized("A fresh token is required."))
    # An access token where a refresh token is needed (or the reverse) lands here.
    jwt.token_verification_failed_loader(lambda _h, _p: unauthorized("The token is invalid."))

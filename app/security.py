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

import functools
import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypedDict

import bcrypt
import flask_jwt_extended
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g
from flask_jwt_extended import create_access_token, create_refresh_token
from flask_jwt_extended.config import config as jwt_config

from app.errors import Forbidden, error_response
from app.models import RevokedToken, User
from app.sql import insert_ignoring_conflicts

BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
SUSPENDED = "This account is suspended."
# bcrypt only reads the first 72 bytes; the Node.js bcrypt libraries truncated silently.
BCRYPT_MAX_BYTES = 72


class Passwords:
    """Hashing with the app's argon2 parameters, bound in ``create_app``."""

    def init_app(self, app):
        self.hasher = PasswordHasher(
            time_cost=app.config["ARGON2_TIME_COST"],
            memory_cost=app.config["ARGON2_MEMORY_COST"],
            parallelism=app.config["ARGON2_PARALLELISM"],
        )
        # Verified against when the login names no account, so an unknown user costs
        # the same one verification as a wrong password.
        self.dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password):
        return self.hasher.hash(password)

    def verify(self, stored_hash, password):
        if stored_hash.startswith(BCRYPT_PREFIXES):
            candidate = password.encode()[:BCRYPT_MAX_BYTES]
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
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        claims = _verified_claims(self, jwt_config.decode_key, encoded_token)
        if claims.get("exp", 0) <= time.time():
            # Expired since (or never cached): the library raises its own error.
            return super()._decode_jwt_from_config(encoded_token)
        return dict(claims)


# Keyed by the decoding key as well: a token verified under one key says nothing under
# another (tests run several apps in one process).
@functools.lru_cache(maxsize=4096)
def _verified_claims(manager, _key, encoded_token):
    # Raises (and caches nothing) for a token that is malformed, forged or expired.
    return flask_jwt_extended.JWTManager._decode_jwt_from_config(manager, encoded_token)


class TokenPair(TypedDict):
    access_token: str
    refresh_token: str


def issue_tokens(user: User) -> TokenPair:
    claims = {"ver": user.token_version}
    return {
        "access_token": create_access_token(identity=str(user.id), additional_claims=claims),
        "refresh_token": create_refresh_token(identity=str(user.id), additional_claims=claims),
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


# The account a token names, and whether its jti was revoked: one statement, built once
# (it runs on every authenticated request).
_TOKEN_USER = sa.select(
    User,
    sa.select(RevokedToken.jti).where(RevokedToken.jti == sa.bindparam("jti", type_=sa.String)).exists(),
).where(User.id == sa.bindparam("user_id", type_=User.id.type))


def init_jwt(jwt, db):
    """Wire Flask-JWT-Extended to the database and to the contract's JSON 401s."""

    @jwt.token_in_blocklist_loader
    def token_is_revoked(_header, payload):
        try:
            user_id = int(payload["sub"])
        except (KeyError, TypeError, ValueError):
            return True
        row = db.session.execute(_TOKEN_USER, {"jti": payload["jti"], "user_id": user_id}).first()
        if row is None:
            g.token_user = None
            return False  # user_lookup_error_loader answers: the account is gone
        user, is_revoked = row
        g.token_user = user
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
    jwt.revoked_token_loader(lambda _h, _p: unauthorized("The token has been revoked."))
    jwt.user_lookup_error_loader(lambda _h, _p: unauthorized("The account no longer exists."))
    jwt.needs_fresh_token_loader(lambda _h, _p: unauthorized("A fresh token is required."))
    # An access token where a refresh token is needed (or the reverse) lands here.
    jwt.token_verification_failed_loader(lambda _h, _p: unauthorized("The token is invalid."))

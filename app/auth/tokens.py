"""One-time account tokens (password reset, email verification): issued, consumed, dropped.

A token is 32 random bytes (256 bits), URL-safe; the database holds its SHA-256 only, so
a leaked table gives no working link. Consuming one is a single ``DELETE ... RETURNING``:
two requests racing with the same token cannot both succeed.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import NamedTuple

import sqlalchemy as sa

from app.extensions import db
from app.models import AccountToken, User
from app.models.base import utcnow


class Consumed(NamedTuple):
    user_id: int
    email_key: str


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(*, user: User, purpose: str, lifetime: timedelta) -> str:
    """Store a new token of ``purpose`` for ``user`` (the caller commits); returns the token.
    The account's expired tokens are pruned on the way."""
    now = utcnow()
    db.session.execute(
        sa.delete(AccountToken).where(AccountToken.user_id == user.id, AccountToken.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=digest(token),
            email_key=user.email_key,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return token


def consume(*, token: str, purpose: str) -> Consumed | None:
    """Delete the live token of ``purpose`` and return whose it was; None when the token is
    unknown, already used, expired or of another purpose."""
    row = db.session.execute(
        sa.delete(AccountToken)
        .where(
            AccountToken.token_hash == digest(token),
            AccountToken.purpose == purpose,
            AccountToken.expires_at > utcnow(),
        )
        .returning(AccountToken.user_id, AccountToken.email_key)
    ).first()
    return Consumed(row.user_id, row.email_key) if row else None


def drop(*, user_id: int, purpose: str) -> None:
    """Invalidate every outstanding token of ``purpose`` of the account."""
    db.session.execute(
        sa.delete(AccountToken).where(AccountToken.user_id == user_id, AccountToken.purpose == purpose)
    )


def drop_token(token: str) -> None:
    db.session.execute(sa.delete(AccountToken).where(AccountToken.token_hash == digest(token)))


def sweep_expired() -> int:
    """Delete every expired token (the caller commits); returns how many."""
    result = db.session.execute(sa.delete(AccountToken).where(AccountToken.expires_at <= utcnow()))
    return result.rowcount or 0  # type: ignore[attr-defined]

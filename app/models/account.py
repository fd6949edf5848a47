"""One-time tokens mailed to an account's address: password resets and email verification.

Only a SHA-256 of each token is stored (a token has 256 random bits, so a fast hash is
enough: nothing to brute-force); the token itself exists only in the mail.
"""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, key_string, utcnow

PASSWORD_RESET, EMAIL_VERIFICATION = "password_reset", "email_verification"


class AccountToken(Base):
    __tablename__ = "account_tokens"
    __table_args__ = (
        sa.CheckConstraint("purpose IN ('password_reset', 'email_verification')", name="known_purpose"),
        sa.Index("ix_account_tokens_user_purpose", "user_id", "purpose"),
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(BigId, sa.ForeignKey("users.id", ondelete="CASCADE"))
    purpose: so.Mapped[str] = so.mapped_column(sa.String(20))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # The address the token was mailed to: it is worthless once the account's email changes.
    email_key: so.Mapped[str] = so.mapped_column(key_string(254))
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), index=True)

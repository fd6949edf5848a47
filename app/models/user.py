"""Accounts and revoked tokens."""

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.models.base import Base, BigId, counter, key_string, utcnow

SKELETON_MAX = 255  # compatibility forms expand ("ﷺ" is 18 letters): cut to this
# Roles (API.md, "Reports and moderation"): moderators and admins work the queue.
USER, MODERATOR, ADMIN = "user", "moderator", "admin"
ROLES = (USER, MODERATOR, ADMIN)
STAFF = frozenset({MODERATOR, ADMIN})


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("followers_count >= 0", name="followers_count_nonnegative"),
        sa.CheckConstraint("following_count >= 0", name="following_count_nonnegative"),
        sa.CheckConstraint("video_count >= 0", name="video_count_nonnegative"),
        sa.CheckConstraint("like_count >= 0", name="like_count_nonnegative"),
        sa.CheckConstraint(f"role IN {ROLES!r}", name="known_role"),
        # Never hand a deleted account's id to a new one (SQLite reuses the highest id
        # otherwise, and old tokens name their account by id).
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    # Shown as typed at registration; the *_key columns hold the lowercased form that
    # uniqueness and lookups use, so "Alice" and "alice" are one account.
    username: so.Mapped[str] = so.mapped_column(sa.String(24))
    username_key: so.Mapped[str] = so.mapped_column(key_string(24), unique=True)
    # app/text.py's username_skeleton: a new name with the skeleton of an existing one is
    # a 409 ("аdmin" with a Cyrillic а). Not unique: names from before it may collide.
    username_skeleton: so.Mapped[str | None] = so.mapped_column(key_string(SKELETON_MAX), index=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    email_key: so.Mapped[str] = so.mapped_column(key_string(254), unique=True)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    display_name: so.Mapped[str] = so.mapped_column(sa.String(30), default="", server_default="")
    bio: so.Mapped[str] = so.mapped_column(sa.String(80), default="", server_default="")
    avatar_url: so.Mapped[str | None] = so.mapped_column(sa.String(2048))
    # When the address was confirmed by the link mailed to it; null until then.
    email_verified_at: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    # Bumped on password change: every token carrying an older version is refused.
    token_version: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    followers_count: so.Mapped[int] = counter()
    following_count: so.Mapped[int] = counter()
    video_count: so.Mapped[int] = counter()
    # Likes received on all of this user's videos.
    like_count: so.Mapped[int] = counter()
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Trust and safety (app/visibility.py). Read with the token's row on every request,
    # so a role change or a suspension takes effect at once, with no extra query.
    is_private: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    role: so.Mapped[str] = so.mapped_column(sa.String(10), default=USER, server_default=USER)
    # Suspended while this is in the future; an indefinite suspension is SUSPENDED_FOREVER.
    suspended_until: so.Mapped[datetime | None] = so.mapped_column(sa.DateTime(timezone=True))
    suspension_reason: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    accepted_terms_version: so.Mapped[str | None] = so.mapped_column(sa.String(64))

    @property
    def is_suspended(self) -> bool:
        until = self.suspended_until
        if until is None:
            return False
        return (until if until.tzinfo else until.replace(tzinfo=UTC)) > datetime.now(UTC)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def __repr__(self):
        return f"<User {self.id} {self.username!r}>"


# An indefinite suspension: a date no clock reaches, so every check is one comparison.
SUSPENDED_FOREVER = datetime(9999, 12, 31, tzinfo=UTC)


class RevokedToken(Base):
    """A token revoked before its expiry (logout, refresh rotation).

    Kept in the database so every gunicorn worker and machine sees it; rows are pruned
    once the token would have expired anyway.
    """

    __tablename__ = "revoked_tokens"

    jti: so.Mapped[str] = so.mapped_column(sa.String(36), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        BigId, sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    expires_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), index=True)

"""Accounts and tokens: the rules of the auth section of the contract."""

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_jwt_extended import decode_token
from jwt import PyJWTError
from sqlalchemy.exc import IntegrityError

from app import storage
from app.auth import tokens
from app.auth.tasks import send_email_verification, send_password_reset
from app.counters import discount_user_before_delete
from app.database import retry_transaction
from app.errors import BadCredentials, Conflict, Forbidden, Invalid, map_integrity_error
from app.extensions import db
from app.hashtags.counts import lock_videos_of, prune_later, recount_tags
from app.models import Export, User, Video
from app.models.account import EMAIL_VERIFICATION, PASSWORD_RESET
from app.models.base import utcnow
from app.moderation.terms import check_text
from app.security import SUSPENDED, TokenPair, issue_tokens, passwords, revoke_family, revoke_token
from app.tasks import enqueue
from app.text import username_skeleton
from app.uploads.controllers import drop_parts_of, open_uploads_of
from app.users.controllers import approve_every_request
from app.videos.controllers import hashtags_of

INVALID_LINK = "This link is invalid, was already used or has expired; ask for a new one."


def find_user_by_login(login: str) -> User | None:
    key = login.lower()
    column = User.email_key if "@" in key else User.username_key
    return db.session.scalar(sa.select(User).where(column == key))


def login_account_key(body: object) -> str:
    """The rate-limit key of the account a login body names: its id, whichever name was
    used, or the normalised name when no account has it."""
    login = body.get("login") if isinstance(body, dict) else None
    if not isinstance(login, str):
        return "login:"
    login = login.strip()
    key = login.lower()
    column = User.email_key if "@" in key else User.username_key
    user_id = db.session.scalar(sa.select(User.id).where(column == key))
    return f"user:{user_id}" if user_id is not None else "login:" + key[:254]


def _verify_password(user: User | None, password: str) -> bool:
    """One password verification, with no database connection held while it runs
    (a hash takes tens of milliseconds; the pool is shared by every request).

    Closing the session returns its connection to the pool; the loaded objects stay
    usable, detached, and the rest of the request opens a new transaction.
    """
    stored_hash = user.password_hash if user is not None else None
    db.session.close()
    if stored_hash is None:
        return passwords.verify_nobody(password)
    return passwords.verify(stored_hash, password)


def _current_terms(version: str | None, field: str) -> str | None:
    """The version to record: with terms configured, the one given must be theirs."""
    current = current_app.config["TERMS_VERSION"]
    if not current:
        return None
    if version != current:
        raise Invalid.field("json", field, f"Accept the terms, version {current} (GET /api/instance).")
    return current


def register(
    *,
    username: str,
    email: str,
    password: str,
    display_name: str | None = None,
    accepted_terms_version: str | None = None,
) -> tuple[User, TokenPair]:
    terms = _current_terms(accepted_terms_version, "accepted_terms_version")
    check_text("json", username=username, display_name=display_name)
    username_key, email_key = username.lower(), email.lower()
    skeleton = username_skeleton(username)
    taken = db.session.execute(
        sa.select(User.username_key, User.email_key, User.username_skeleton).where(
            sa.or_(
                User.username_key == username_key,
                User.email_key == email_key,
                User.username_skeleton == skeleton,
            )
        )
    ).all()
    errors = {}
    if any(row.username_key == username_key for row in taken):
        errors["username"] = ["This username is already taken."]
    elif any(row.username_skeleton == skeleton for row in taken):
        # "аdmin" (Cyrillic а), "ａｄｍｉｎ" or "𝐚𝐝𝐦𝐢𝐧" beside "admin".
        errors["username"] = ["This username is too similar to an existing one."]
    if any(row.email_key == email_key for row in taken):
        errors["email"] = ["This email is already registered."]
    if errors:
        raise Conflict("Username or email already taken.", errors={"json": errors})

    user = User(
        username=username,
        username_key=username_key,
        username_skeleton=skeleton,
        email=email,
        email_key=email_key,
        password_hash=passwords.hash(password),
        display_name=username if display_name is None else display_name,
        accepted_terms_version=terms,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        # Another request registered the same name between our check and insert.
        db.session.rollback()
        raise map_integrity_error(error) or error from None
    enqueue(send_email_verification, user.id, after_response=True)  # after the commit
    return user, issue_tokens(user)


def login(*, login: str, password: str) -> tuple[User, TokenPair]:
    user = find_user_by_login(login)
    if not _verify_password(user, password) or user is None:
        raise BadCredentials()
    if user.is_suspended:
        raise Forbidden(SUSPENDED)
    if passwords.needs_rehash(user.password_hash):
        # bcrypt hashes from the old Node.js app, or argon2 with old parameters.
        new_hash = passwords.hash(password)
        db.session.execute(sa.update(User).where(User.id == user.id).values(password_hash=new_hash))
        db.session.commit()
        user.password_hash = new_hash
    return user, issue_tokens(user)


def refresh(*, viewer: User, refresh_payload: Mapping[str, Any]) -> TokenPair:
    """Rotate: the presented refresh token is revoked, a new pair is issued."""
    if not revoke_token(db.session, refresh_payload):
        # Two refreshes raced with one token: a replay, as for a token already rotated out.
        db.session.rollback()
        revoke_family(db.session, refresh_payload)
        db.session.commit()
        raise BadCredentials("The token has been revoked; sign in again.")
    tokens = issue_tokens(viewer, family=refresh_payload.get("fam"))
    db.session.commit()
    return tokens


def logout(*, viewer: User, access_payload: Mapping[str, Any], refresh_token: str | None = None) -> None:
    revoke_token(db.session, access_payload)
    if refresh_token:
        revoke_token(db.session, _own_refresh_payload(viewer, refresh_token))
    db.session.commit()


def _own_refresh_payload(user: User, token: str) -> Mapping[str, Any]:
    try:
        payload = decode_token(token, allow_expired=True)
    except PyJWTError:
        payload = None
    if not payload or payload.get("type") != "refresh" or payload.get("sub") != str(user.id):
        raise Invalid.field("json", "refresh_token", "Not a refresh token of this account.")
    return payload


@retry_transaction
def update_profile(*, viewer: User, changes: Mapping[str, Any]) -> User:
    check_text("json", display_name=changes.get("display_name"), bio=changes.get("bio"))
    privacy_changes = "is_private" in changes and changes["is_private"] != viewer.is_private
    if privacy_changes:
        lock_videos_of(db.session, viewer.id)  # before the account's row (LOCK ORDER)
    if changes.get("is_private") is False:
        # Going public (or staying so): every pending request becomes a follow.
        approve_every_request(target_id=viewer.id)
    for name, value in changes.items():
        setattr(viewer, name, value)
    if privacy_changes:
        db.session.flush()
        recount_tags(db.session, author_id=viewer.id)  # its videos enter or leave tag counts
    db.session.commit()
    return viewer


def accept_terms(*, viewer: User, version: str) -> User:
    if not current_app.config["TERMS_VERSION"]:
        raise Invalid.field("json", "version", "This instance has no terms to accept.")
    viewer.accepted_terms_version = _current_terms(version, "version")
    db.session.commit()
    return viewer


def change_password(*, viewer: User, current_password: str, new_password: str) -> None:
    if not _verify_password(viewer, current_password):
        raise BadCredentials("The current password is wrong.")
    new_hash = passwords.hash(new_password)  # before any write: no row locked while hashing
    _set_password(viewer.id, new_hash)
    db.session.commit()


def _set_password(user_id: int, new_hash: str) -> None:
    """The new hash, every earlier token revoked (``token_version``), every reset link void."""
    db.session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(password_hash=new_hash, token_version=User.token_version + 1)
    )
    tokens.drop(user_id=user_id, purpose=PASSWORD_RESET)


def request_password_reset(*, email: str) -> None:
    """Queue the reset mail. The request does the same whether or not the address has an
    account (the task finds out, after the answer is sent), so answers and their timing
    tell nothing."""
    enqueue(send_password_reset, email, after_response=True)


def confirm_password_reset(*, token: str, new_password: str) -> None:
    consumed = tokens.consume(token=token, purpose=PASSWORD_RESET)
    user = db.session.get(User, consumed.user_id) if consumed else None
    if consumed is None or user is None or user.email_key != consumed.email_key:
        db.session.rollback()
        raise Invalid.field("json", "token", INVALID_LINK)
    # Hashed only for a real link (a forged token costs no hash); if no hashing slot is
    # free (a 503), the rollback leaves the link usable for the retry.
    _set_password(user.id, passwords.hash(new_password))
    db.session.commit()


def verify_email(*, token: str) -> None:
    consumed = tokens.consume(token=token, purpose=EMAIL_VERIFICATION)
    if consumed is None:
        db.session.rollback()
        raise Invalid.field("json", "token", INVALID_LINK)
    # Only for the address the link was mailed to (a changed email needs a new link).
    verified = db.session.execute(
        sa.update(User)
        .where(User.id == consumed.user_id, User.email_key == consumed.email_key)
        .values(email_verified_at=sa.func.coalesce(User.email_verified_at, utcnow()))
        .returning(User.id)
    ).first()
    if verified is None:
        db.session.rollback()
        raise Invalid.field("json", "token", INVALID_LINK)
    tokens.drop(user_id=consumed.user_id, purpose=EMAIL_VERIFICATION)
    db.session.commit()


def request_email_verification(*, viewer: User) -> None:
    """Queue a new verification mail (nothing is sent for an address already verified)."""
    if not viewer.email_verified:
        enqueue(send_email_verification, viewer.id, after_response=True)


def delete_account(*, viewer: User, password: str) -> None:
    """Delete the account and everything it made, keeping every counter exact."""
    if not _verify_password(viewer, password):
        raise BadCredentials("The password is wrong.")
    _delete_account_rows(viewer)


@retry_transaction
def _delete_account_rows(viewer: User) -> None:
    discount_user_before_delete(db.session, viewer.id)  # locks the account first
    object_keys = [
        key
        for row in db.session.execute(
            sa.select(*Video.OBJECT_KEYS).where(Video.author_id == viewer.id, Video.storage_key.is_not(None))
        )
        for key in row
        if key
    ]
    # Its export's archive too (the rows, tokens included, go by ON DELETE CASCADE).
    object_keys += [Export.object_key(export_id) for export_id in _export_ids(viewer.id)]
    uploads = open_uploads_of(viewer.id)  # their rows cascade; their parts go below
    tag_ids = hashtags_of(author_id=viewer.id)
    db.session.execute(sa.delete(User).where(User.id == viewer.id))
    prune_later(db.session, tag_ids)
    # Before the commit, as for one video (videos.controllers.delete_video): a store that
    # is down makes this a 503 with the account intact, never a 204 with media left behind.
    storage.purge(object_keys)
    db.session.commit()
    drop_parts_of(uploads)  # never published: best effort, the bucket's lifecycle rule backs it


def _export_ids(user_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(Export.id).where(Export.user_id == user_id)))

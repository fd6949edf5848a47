"""Accounts and tokens: the rules of the auth section of the contract."""

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_jwt_extended import decode_token
from jwt import PyJWTError
from sqlalchemy.exc import IntegrityError

from app import storage
from app.counters import discount_user_before_delete
from app.database import retry_transaction
from app.errors import BadCredentials, Conflict, Forbidden, Invalid, map_integrity_error
from app.extensions import db
from app.models import User, Video
from app.moderation.terms import check_text
from app.security import SUSPENDED, TokenPair, issue_tokens, passwords, revoke_token
from app.users.controllers import approve_every_request


def find_user_by_login(login: str) -> User | None:
    key = login.lower()
    column = User.email_key if "@" in key else User.username_key
    return db.session.scalar(sa.select(User).where(column == key))


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
    taken = db.session.execute(
        sa.select(User.username_key, User.email_key).where(
            sa.or_(User.username_key == username_key, User.email_key == email_key)
        )
    ).all()
    errors = {}
    if any(row.username_key == username_key for row in taken):
        errors["username"] = ["This username is already taken."]
    if any(row.email_key == email_key for row in taken):
        errors["email"] = ["This email is already registered."]
    if errors:
        raise Conflict("Username or email already taken.", errors={"json": errors})

    user = User(
        username=username,
        username_key=username_key,
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
    return user, issue_tokens(user)


def login(*, login: str, password: str) -> tuple[User, TokenPair]:
    user = find_user_by_login(login)
    if user is None:
        passwords.verify_nobody(password)
        raise BadCredentials()
    if not passwords.verify(user.password_hash, password):
        raise BadCredentials()
    if user.is_suspended:
        raise Forbidden(SUSPENDED)
    if passwords.needs_rehash(user.password_hash):
        # bcrypt hashes from the old Node.js app, or argon2 with old parameters.
        user.password_hash = passwords.hash(password)
        db.session.commit()
    return user, issue_tokens(user)


def refresh(*, viewer: User, refresh_payload: Mapping[str, Any]) -> TokenPair:
    """Rotate: the presented refresh token is revoked, a new pair is issued."""
    if not revoke_token(db.session, refresh_payload):
        db.session.rollback()
        # Two refreshes raced with one token; only the first may win.
        raise BadCredentials("The token has been revoked.")
    tokens = issue_tokens(viewer)
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
    if changes.get("is_private") is False:
        # Going public (or staying so): every pending request becomes a follow.
        approve_every_request(target_id=viewer.id)
    for name, value in changes.items():
        setattr(viewer, name, value)
    db.session.commit()
    return viewer


def accept_terms(*, viewer: User, version: str) -> User:
    if not current_app.config["TERMS_VERSION"]:
        raise Invalid.field("json", "version", "This instance has no terms to accept.")
    viewer.accepted_terms_version = _current_terms(version, "version")
    db.session.commit()
    return viewer


def change_password(*, viewer: User, current_password: str, new_password: str) -> None:
    if not passwords.verify(viewer.password_hash, current_password):
        raise BadCredentials("The current password is wrong.")
    db.session.execute(
        sa.update(User)
        .where(User.id == viewer.id)
        .values(password_hash=passwords.hash(new_password), token_version=User.token_version + 1)
    )
    db.session.commit()


@retry_transaction
def delete_account(*, viewer: User, password: str) -> None:
    """Delete the account and everything it made, keeping every counter exact."""
    if not passwords.verify(viewer.password_hash, password):
        raise BadCredentials("The password is wrong.")
    discount_user_before_delete(db.session, viewer.id)  # locks the account first
    object_keys = [
        key
        for row in db.session.execute(
            sa.select(*Video.OBJECT_KEYS).where(Video.author_id == viewer.id, Video.storage_key.is_not(None))
        )
        for key in row
        if key
    ]
    db.session.execute(sa.delete(User).where(User.id == viewer.id))
    db.session.commit()
    # Files go only once the rows are gone for good.
    storage.delete_many(object_keys)

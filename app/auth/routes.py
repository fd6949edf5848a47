"""/api/auth: registration, login, token refresh and logout, the signed-in account."""

from flask import request
from flask_jwt_extended import current_user, get_jwt, jwt_required

from app.auth import controllers
from app.auth.schemas import (
    REFRESH_TOKEN_EXAMPLE,
    AcceptedSchema,
    AccountDeleteSchema,
    AuthResultSchema,
    EmailVerifySchema,
    LoginSchema,
    LogoutSchema,
    MeSchema,
    PasswordChangeSchema,
    PasswordResetConfirmSchema,
    PasswordResetRequestSchema,
    ProfileUpdateSchema,
    RegisterSchema,
    TermsAcceptanceSchema,
    TokenPairSchema,
)
from app.blueprint import REFRESH, Blueprint
from app.limits import email_key, limit, limit_password_checks, limit_writes, signed_in_account, user_key

blp = Blueprint(
    "auth", __name__, url_prefix="/api/auth", description="Accounts and tokens", verified_writes=False
)

# Token responses must never be cached (RFC 6749 §5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _login_account():
    """The account a login names, one key whether by username or by email."""
    return controllers.login_account_key(request.get_json(silent=True))


@blp.route("/register", methods=["POST"])
@limit("RATELIMIT_REGISTER", fail_closed=True)
@blp.arguments(
    RegisterSchema,
    example={
        "username": "maya.lens",
        "email": "maya@example.com",
        "password": "correct horse battery",
        "display_name": "Maya Lens",
    },
)
@blp.response(201, AuthResultSchema)
@blp.errors(400, 409, 413, 429)
def register(data):
    """Create an account and sign in

    When the instance has terms (GET /api/instance), `accepted_terms_version` must be
    their version (422 otherwise). A username or display name with a blocked term is a 422.
    """
    user, tokens = controllers.register(**data)
    return {"user": user, **tokens}, NO_STORE


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginSchema, example={"login": "maya.lens", "password": "correct horse battery"})
@blp.response(200, AuthResultSchema)
@blp.errors(400, 401, 403, 413, 429)
@limit_password_checks(
    account=_login_account, ip_limit="RATELIMIT_LOGIN_IP", account_limit="RATELIMIT_LOGIN_ACCOUNT"
)
def login(data):
    """Sign in with a username or email

    An unknown account and a wrong password get the same 401; a suspended account a 403
    ("This account is suspended.").
    """
    user, tokens = controllers.login(login=data["login"], password=data["password"])
    return {"user": user, **tokens}, NO_STORE


@blp.route("/refresh", methods=["POST"])
@limit("RATELIMIT_REFRESH", fail_closed=True)
@jwt_required(refresh=True)
@blp.doc(security=[REFRESH], description="Send the **refresh** token in the Authorization header.")
@blp.response(200, TokenPairSchema)
@blp.errors(401, 429)
def refresh_tokens():
    """Exchange a refresh token for a new pair

    The presented refresh token is revoked (rotation).
    """
    return controllers.refresh(viewer=current_user, refresh_payload=get_jwt()), NO_STORE


@blp.route("/logout", methods=["POST"])
@blp.login_required
@blp.arguments(
    LogoutSchema,
    required=False,
    example={"refresh_token": REFRESH_TOKEN_EXAMPLE},
)
@blp.response(204)
@blp.errors(400, 413, 422)
@blp.doc(operationId="logout")
def logout(data):
    """Revoke the access token, and the given refresh token

    Signed in. The access token sent is revoked at once; with `refresh_token` (a refresh
    token of the same account, else a 422) that one is revoked too, so the pair can no
    longer be refreshed. The body is optional. Answers 204.
    """
    controllers.logout(viewer=current_user, access_payload=get_jwt(), refresh_token=data.get("refresh_token"))


@blp.route("/me", methods=["GET"])
@blp.login_required
@blp.response(200, MeSchema)
def get_me():
    """The signed-in account

    Signed in. The account of the access token: the public profile plus `email`,
    `email_verified`, `role` and `accepted_terms_version`.
    """
    return current_user


@blp.route("/me", methods=["PATCH"])
@blp.login_required
@blp.arguments(
    ProfileUpdateSchema,
    example={
        "display_name": "Maya Lens",
        "bio": "Street food and slow travel.",
        "avatar_url": "https://cdn.example.com/avatars/maya.jpg",
    },
)
@blp.response(200, MeSchema)
@blp.errors(400, 413, 422, 429)
@limit_writes
def update_me(data):
    """Edit the profile

    `is_private: false` approves every pending follow request. A display name or bio with
    a blocked term is a 422.
    """
    return controllers.update_profile(viewer=current_user, changes=data)


@blp.route("/me", methods=["DELETE"])
@blp.login_required
@blp.arguments(AccountDeleteSchema, example={"password": "correct horse battery"})
@blp.response(204)
@blp.errors(400, 413, 422, 429)
@blp.doc(operationId="deleteMe")
@limit_password_checks(account=signed_in_account)
def delete_me(data):
    """Delete the account and everything it made

    Signed in; `password` confirms it (a wrong one is a 401 and deletes nothing). The
    account and everything it made (videos and their files, comments, likes, follows,
    bookmarks, uploads, its export) are deleted and every counter that included them is
    updated; 204. Failed password checks are rate limited (429).
    """
    controllers.delete_account(viewer=current_user, password=data["password"])


@blp.route("/password", methods=["PUT"])
@blp.login_required
@blp.arguments(
    PasswordChangeSchema,
    example={"current_password": "correct horse battery", "new_password": "a new passphrase 42"},
)
@blp.response(204)
@blp.errors(400, 413, 422, 429)
@blp.doc(operationId="changePassword")
@limit_password_checks(account=signed_in_account)
def change_password(data):
    """Change the password; every earlier token is revoked

    Signed in. `current_password` must be right (401 otherwise, nothing changes);
    `new_password` follows the password rule (8-128 characters, 422). Every access and
    refresh token issued before is revoked: sign in again. 204; failed checks are rate
    limited (429).
    """
    controllers.change_password(
        viewer=current_user, current_password=data["current_password"], new_password=data["new_password"]
    )


RESET_ACCEPTED = {
    "status": "accepted",
    "message": "If an account has this address, a link to choose a new password has been mailed to it.",
}
VERIFICATION_ACCEPTED = {
    "status": "accepted",
    "message": "A new confirmation link is on its way, unless the address is already verified.",
}


@blp.route("/password-reset", methods=["POST"])
@limit("RATELIMIT_PASSWORD_RESET_IP")
@limit("RATELIMIT_PASSWORD_RESET_EMAIL", key_func=email_key)
@blp.arguments(PasswordResetRequestSchema, example={"email": "alice@example.com"})
@blp.response(202, AcceptedSchema, example=RESET_ACCEPTED)
@blp.errors(400, 413, 422, 429)
def request_password_reset(data):
    """Mail a password-reset link

    Always 202 with the same body, whether or not the address has an account (nothing
    tells who is registered). A registered address gets a mail with a link carrying a
    `token` query parameter, valid once, for `PASSWORD_RESET_MINUTES` (60); send it to
    `POST /api/auth/password-reset/confirm`. Limited per address and per client.
    """
    controllers.request_password_reset(email=data["email"])
    return RESET_ACCEPTED


@blp.route("/password-reset/confirm", methods=["POST"])
@limit("RATELIMIT_ACCOUNT_TOKEN")
@blp.arguments(
    PasswordResetConfirmSchema,
    example={"token": "hM4nWq3c1Y0x8yZ2u6kP9sVbT5rLdEaGfJiOo7N-QwE", "new_password": "a new passphrase 42"},
)
@blp.response(204)
@blp.errors(400, 413, 422, 429)
def confirm_password_reset(data):
    """Choose a new password with the token of a reset mail

    Every token of the account issued before (access, refresh, other reset links) is
    revoked: sign in again with the new password. A used, expired or forged token is a 422.
    """
    controllers.confirm_password_reset(token=data["token"], new_password=data["new_password"])


@blp.route("/email/verify", methods=["POST"])
@limit("RATELIMIT_ACCOUNT_TOKEN")
@blp.arguments(EmailVerifySchema, example={"token": "hM4nWq3c1Y0x8yZ2u6kP9sVbT5rLdEaGfJiOo7N-QwE"})
@blp.response(204)
@blp.errors(400, 413, 422, 429)
def verify_email(data):
    """Confirm the email address with the token of a verification mail

    `email_verified` becomes true. The token comes from the mail sent at registration or
    on request; a used, expired or forged one is a 422. No sign-in needed (the link may be
    opened on another device).
    """
    controllers.verify_email(token=data["token"])


@blp.route("/email/verification", methods=["POST"])
@blp.login_required
@limit("RATELIMIT_EMAIL_VERIFICATION", key_func=user_key)
@blp.response(202, AcceptedSchema, example=VERIFICATION_ACCEPTED)
@blp.errors(429)
def request_email_verification():
    """Mail a new verification link to the account's address

    Earlier links keep working until they expire. Nothing is sent when the address is
    already verified.
    """
    controllers.request_email_verification(viewer=current_user)
    return VERIFICATION_ACCEPTED


@blp.route("/terms", methods=["POST"])
@blp.login_required
@blp.arguments(TermsAcceptanceSchema, example={"version": "2026-12"})
@blp.response(200, MeSchema)
@blp.errors(400, 413, 422)
@blp.doc(operationId="acceptTerms")
def accept_terms(data):
    """Accept the instance's current terms (their version, from GET /api/instance)

    Signed in. `version` must equal `terms_version` of `GET /api/instance` (422 otherwise,
    and when the instance has no terms). Answers the account, with `accepted_terms_version`
    set.
    """
    return controllers.accept_terms(viewer=current_user, version=data["version"])

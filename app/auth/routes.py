"""/api/auth: registration, login, token refresh and logout, the signed-in account."""

from flask_jwt_extended import current_user, get_jwt, jwt_required

from app.auth import controllers
from app.auth.schemas import (
    AccountDeleteSchema,
    AuthResultSchema,
    LoginSchema,
    LogoutSchema,
    MeSchema,
    PasswordChangeSchema,
    ProfileUpdateSchema,
    RegisterSchema,
    TermsAcceptanceSchema,
    TokenPairSchema,
)
from app.blueprint import BEARER, Blueprint
from app.limits import limit, login_key

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Accounts and tokens")

# Token responses must never be cached (RFC 6749 §5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@blp.route("/register", methods=["POST"])
@limit("RATELIMIT_REGISTER")
@blp.arguments(RegisterSchema)
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
@limit("RATELIMIT_LOGIN_IP")
@limit("RATELIMIT_LOGIN_ACCOUNT", key_func=login_key)
@blp.arguments(LoginSchema)
@blp.response(200, AuthResultSchema)
@blp.errors(400, 401, 403, 413, 429)
def login(data):
    """Sign in with a username or email

    An unknown account and a wrong password get the same 401; a suspended account a 403
    ("This account is suspended.").
    """
    user, tokens = controllers.login(login=data["login"], password=data["password"])
    return {"user": user, **tokens}, NO_STORE


@blp.route("/refresh", methods=["POST"])
@limit("RATELIMIT_REFRESH")
@jwt_required(refresh=True)
@blp.doc(security=[BEARER], description="Send the **refresh** token in the Authorization header.")
@blp.response(200, TokenPairSchema)
@blp.errors(401, 429)
def refresh():
    """Exchange a refresh token for a new pair

    The presented refresh token is revoked (rotation).
    """
    return controllers.refresh(viewer=current_user, refresh_payload=get_jwt()), NO_STORE


@blp.route("/logout", methods=["POST"])
@blp.login_required
@blp.arguments(LogoutSchema, required=False)
@blp.response(204)
@blp.errors(400, 413, 422)
@blp.doc(operationId="logout")
def logout(data):
    """Revoke the access token, and the given refresh token"""
    controllers.logout(viewer=current_user, access_payload=get_jwt(), refresh_token=data.get("refresh_token"))


@blp.route("/me", methods=["GET"])
@blp.login_required
@blp.response(200, MeSchema)
def me():
    """The signed-in account"""
    return current_user


@blp.route("/me", methods=["PATCH"])
@blp.login_required
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, MeSchema)
@blp.errors(400, 413, 422)
def update_me(data):
    """Edit the profile

    `is_private: false` approves every pending follow request. A display name or bio with
    a blocked term is a 422.
    """
    return controllers.update_profile(viewer=current_user, changes=data)


@blp.route("/me", methods=["DELETE"])
@blp.login_required
@blp.arguments(AccountDeleteSchema)
@blp.response(204)
@blp.errors(400, 413, 422)
@blp.doc(operationId="deleteMe")
def delete_me(data):
    """Delete the account and everything it made"""
    controllers.delete_account(viewer=current_user, password=data["password"])


@blp.route("/password", methods=["PUT"])
@blp.login_required
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.errors(400, 413, 422)
@blp.doc(operationId="changePassword")
def change_password(data):
    """Change the password; every earlier token is revoked"""
    controllers.change_password(
        viewer=current_user, current_password=data["current_password"], new_password=data["new_password"]
    )


@blp.route("/terms", methods=["POST"])
@blp.login_required
@blp.arguments(TermsAcceptanceSchema, example={"version": "2026-12"})
@blp.response(200, MeSchema)
@blp.errors(400, 413, 422)
@blp.doc(operationId="acceptTerms")
def accept_terms(data):
    """Accept the instance's current terms (their version, from GET /api/instance)"""
    return controllers.accept_terms(viewer=current_user, version=data["version"])

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates

from app.models.user import ROLES
from app.schemas import HttpUrl, JsonBoolean, Text, UserSchema, required_text
from app.text import is_word_char, nfc

# Examples of the document (JWTs of the shape the API issues; the signatures are fake).
ACCESS_TOKEN_EXAMPLE = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxNyIsInR5cGUiOiJhY2Nlc3MifQ.c2lnbmF0dXJl"
)
REFRESH_TOKEN_EXAMPLE = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxNyIsInR5cGUiOiJyZWZyZXNoIn0.c2lnbmF0dXJl"
)
# _username_characters below as the document's ECMA-262 `pattern` (Unicode mode), for the
# trimmed, composed (NFC) value: a letter, digit or '_' first; letters, marks, digits, '_'
# and '.' within; no '.' last. tests/test_openapi.py checks that it and the server agree.
USERNAME_PATTERN = r"^[\p{L}\p{N}_][\p{L}\p{N}\p{M}_.]{0,22}[\p{L}\p{N}\p{M}_]$"
USERNAME_CHARACTERS = "Use only letters, digits, '_' and '.'."


def password_field(**kwargs):
    # Passwords are not trimmed (spaces are legitimate), but one made only of spaces is
    # rejected like any other blank string.
    return Text(
        trim=False,
        required=True,
        validate=[validate.Length(min=8, max=128), _not_blank],
        metadata={"format": "password"},
        **kwargs,
    )


def _not_blank(value):
    if not value.strip():
        raise ValidationError("Must not be blank.")


class RegisterSchema(Schema):
    username = required_text(
        2,
        24,
        metadata={
            "description": "2-24 letters (of any script, with their combining marks), digits, '_' or"
            " '.', not starting with a mark or a '.' nor ending with a '.'; unique without regard to"
            " case.",
            "pattern": USERNAME_PATTERN,
            "example": "maya.lens",
        },
    )
    email = required_text(1, 254, metadata={"format": "email"})
    password = password_field()
    display_name = Text(validate=validate.Length(max=30))
    accepted_terms_version = Text(
        validate=validate.Length(max=64),
        metadata={
            "description": "The terms version the user accepted (GET /api/instance `terms_version`); "
            "required, and equal to it, when the instance has terms.",
            "example": "2026-12",
        },
    )

    @pre_load
    def _composed(self, data, **kwargs):
        # Names are compared and stored composed (NFC): one name however it was typed.
        if isinstance(data, dict) and isinstance(data.get("username"), str):
            data = {**data, "username": nfc(data["username"])}
        return data

    @validates("username")
    def _username_characters(self, value, **kwargs):
        # Letters of any script with their combining marks (Devanagari vowel signs),
        # digits, "_" and "."; a mark cannot come first, with nothing to combine with.
        if not value:
            return
        if value.startswith(".") or value.endswith("."):
            raise ValidationError("A username cannot start or end with '.'.")
        if not all(is_word_char(char) or char == "." for char in value) or not (
            value[0].isalnum() or value[0] == "_"
        ):
            raise ValidationError(USERNAME_CHARACTERS)
        _key_fits(value, 24)

    @validates("email")
    def _email_address(self, value, **kwargs):
        validate.Email()(value)
        _key_fits(value, 254)


def _key_fits(value, length):
    """The lower-cased lookup key must fit its column too: "İ" lower-cases to two
    characters ("i" and a combining dot), so 24 of them make a key of 48."""
    if len(value.lower()) > length:
        raise ValidationError(f"Too long once lower-cased (at most {length} characters).")


class LoginSchema(Schema):
    login = required_text(1, 254, metadata={"description": "Username or email."})
    password = Text(trim=False, required=True, validate=validate.Length(min=1, max=128))


class LogoutSchema(Schema):
    refresh_token = Text(
        validate=validate.Length(max=4096),
        metadata={"description": "Also revoke this refresh token."},
    )


class ProfileUpdateSchema(Schema):
    display_name = Text(validate=validate.Length(max=30))
    bio = Text(validate=validate.Length(max=80))
    avatar_url = HttpUrl(allow_none=True)
    is_private = JsonBoolean(
        metadata={"description": "Going public approves every pending follow request.", "example": True}
    )


class PasswordChangeSchema(Schema):
    current_password = Text(trim=False, required=True, validate=validate.Length(min=1, max=128))
    new_password = password_field()


class AccountDeleteSchema(Schema):
    password = Text(trim=False, required=True, validate=validate.Length(min=1, max=128))


class PasswordResetRequestSchema(Schema):
    email = required_text(1, 254, metadata={"format": "email", "description": "The account's address."})

    @validates("email")
    def _email_address(self, value, **kwargs):
        validate.Email()(value)


def token_field():
    return required_text(
        1, 128, metadata={"description": "The `token` query parameter of the link in the mail."}
    )


class PasswordResetConfirmSchema(Schema):
    token = token_field()
    new_password = password_field()


class EmailVerifySchema(Schema):
    token = token_field()


class AcceptedSchema(Schema):
    status = fields.String(
        required=True, metadata={"description": "Always `accepted`.", "enum": ["accepted"]}
    )
    message = fields.String(
        required=True,
        metadata={
            "example": "If an account has this address, a link to choose a new password has been mailed"
            " to it.",
            "description": "What happens next, for people.",
        },
    )


class MeSchema(UserSchema):
    email = fields.String(dump_only=True, metadata={"example": "maya@example.com"})
    email_verified = fields.Boolean(
        dump_only=True,
        required=True,
        metadata={
            "example": True,
            "description": "Whether the address was confirmed with the link mailed to it.",
        },
    )
    # Viewers never follow, block, mute or ask to follow themselves: always false.
    is_following = fields.Constant(False, dump_only=True, metadata={"example": False, "type": "boolean"})  # type: ignore[assignment]
    follows_you = fields.Constant(False, dump_only=True, metadata={"example": False, "type": "boolean"})  # type: ignore[assignment]
    is_blocking = fields.Constant(False, dump_only=True, metadata={"example": False, "type": "boolean"})  # type: ignore[assignment]
    is_muting = fields.Constant(False, dump_only=True, metadata={"example": False, "type": "boolean"})  # type: ignore[assignment]
    follow_requested = fields.Constant(False, dump_only=True, metadata={"example": False, "type": "boolean"})  # type: ignore[assignment]
    role = fields.String(dump_only=True, metadata={"enum": list(ROLES)})
    accepted_terms_version = fields.String(
        dump_only=True, allow_none=True, metadata={"example": "2026-12", "description": "null if none."}
    )


class TermsAcceptanceSchema(Schema):
    version = required_text(
        1, 64, metadata={"description": "The instance's current terms version.", "example": "2026-12"}
    )


class TokenPairSchema(Schema):
    access_token = fields.String(
        dump_only=True,
        metadata={
            "example": ACCESS_TOKEN_EXAMPLE,
            "description": "A JWT; send it as Bearer.",
        },
    )
    refresh_token = fields.String(
        dump_only=True,
        metadata={
            "example": REFRESH_TOKEN_EXAMPLE,
            "description": "A JWT for POST /api/auth/refresh only (rotated).",
        },
    )
    token_type = fields.String(dump_only=True, metadata={"enum": ["Bearer"]})
    expires_in = fields.Integer(
        dump_only=True, metadata={"example": 900, "description": "Seconds until the access token expires."}
    )


class AuthResultSchema(TokenPairSchema):
    user = fields.Nested(MeSchema, dump_only=True)

from marshmallow import Schema, ValidationError, fields, validate, validates

from app.models.user import ROLES
from app.schemas import HttpUrl, JsonBoolean, Text, UserSchema, required_text

USERNAME_PATTERN = r"^[\w.]+$"  # letters of any script, digits, "_" and "."


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
        2, 24, metadata={"description": "2-24 letters, digits, '_' or '.'; unique without regard to case."}
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

    @validates("username")
    def _username_characters(self, value, **kwargs):
        validate.Regexp(USERNAME_PATTERN, error="Use only letters, digits, '_' and '.'.")(value)
        if "\n" in value:  # "$" in the pattern would let a trailing newline through
            raise ValidationError("Use only letters, digits, '_' and '.'.")

    @validates("email")
    def _email_address(self, value, **kwargs):
        validate.Email()(value)


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


class MeSchema(UserSchema):
    email = fields.String(dump_only=True)
    # Viewers never follow, block, mute or ask to follow themselves.
    is_following = fields.Constant(False, dump_only=True)  # type: ignore[assignment]
    follows_you = fields.Constant(False, dump_only=True)  # type: ignore[assignment]
    is_blocking = fields.Constant(False, dump_only=True)  # type: ignore[assignment]
    is_muting = fields.Constant(False, dump_only=True)  # type: ignore[assignment]
    follow_requested = fields.Constant(False, dump_only=True)  # type: ignore[assignment]
    role = fields.String(dump_only=True, metadata={"enum": list(ROLES)})
    accepted_terms_version = fields.String(
        dump_only=True, allow_none=True, metadata={"description": "null if none."}
    )


class TermsAcceptanceSchema(Schema):
    version = required_text(
        1, 64, metadata={"description": "The instance's current terms version.", "example": "2026-12"}
    )


class TokenPairSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)


class AuthResultSchema(TokenPairSchema):
    user = fields.Nested(MeSchema, required=True)

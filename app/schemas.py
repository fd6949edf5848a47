"""Schemas and fields shared by several blueprints: strings, URLs, times, users, errors."""

import urllib.parse
from datetime import UTC

from marshmallow import Schema, ValidationError, fields, validate

NUL = "\x00"


class Text(fields.String):
    """A string that is trimmed and may not contain NUL (PostgreSQL cannot store it)."""

    def __init__(self, *args, trim=True, **kwargs):
        self.trim = trim
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if NUL in value:
            raise ValidationError("Must not contain NUL characters.")
        return value.strip() if self.trim else value


class JsonBoolean(fields.Boolean):
    """``true`` or ``false`` only: not 0, 1, "yes" or "on" (JSON has booleans)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def required_text(min_length=1, max_length=None, **kwargs):
    """A required string that is not empty once trimmed."""
    return Text(required=True, validate=validate.Length(min=min_length, max=max_length), **kwargs)


# HttpUrl's rule as the document's ECMA-262 `pattern` (for the trimmed value): the regex of
# validate.URL(schemes={"http", "https"}, require_tld=False) with its IGNORECASE spelled
# out (in the userinfo, [a-z] also matches İ ı ſ K), Python's `\d` as `\p{Nd}` and its
# `\S` as the class below (no NUL either: Text refuses it). Unicode mode, as JSON Schema
# validators use it. tests/test_openapi.py checks that it and the server agree.
_HOST = r"A-Za-z0-9\u00a1-\uffff"
_LABEL = rf"[{_HOST}](?:[{_HOST}-]{{0,61}}[{_HOST}])?"
_NOT_SPACE = r"[^\x00\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
HTTP_URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://"
    r"(?:(?:[A-Za-z0-9\u0130\u0131\u017f\u212a\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?"
    rf"(?:(?:{_LABEL}\.)+(?:[A-Za-z\u00a1-\uffff]{{2,6}}\.?|[{_HOST}-]{{2,}}\.?)"
    r"|\p{Nd}{1,3}\.\p{Nd}{1,3}\.\p{Nd}{1,3}\.\p{Nd}{1,3}"
    r"|\[[A-Fa-f0-9]*:[A-Fa-f0-9:]+\]"
    rf"|{_LABEL}\.?)"
    r"(?::\p{Nd}+)?"
    rf"(?:/?|[/?#]{_NOT_SPACE}+)$"
)


# IDNA 2003 (Python's codec) and IDNA 2008 (browsers) map these differently: "faß.de" is
# "fass.de" for one and "xn--fa-hia.de" for the other. Such a host must come as punycode.
_IDNA_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")
_PRINTABLE_ASCII = "".join(map(chr, range(0x21, 0x7F)))
URL_MAX_LENGTH = 2048  # the columns' length


def ascii_url(url: str) -> str:
    """The URI of an IRI: a non-ASCII host in punycode, every other non-ASCII character
    percent-encoded (UTF-8), so every URL the API hands back is a valid URI (``format:
    uri``) that any client library can fetch. ASCII URLs are returned as they are."""
    if url.isascii():
        return url
    parts = urllib.parse.urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    host, port = hostport, ""
    if ":" in hostport and not hostport.startswith("["):
        host, colon, number = hostport.rpartition(":")
        port = colon + number
    if not host.isascii():
        if _IDNA_DEVIATIONS & set(host):
            raise ValidationError("Send this domain name in its punycode (xn--) form.")
        host = host.encode("idna").decode("ascii")

    def quoted(part: str) -> str:
        return urllib.parse.quote(part, safe=_PRINTABLE_ASCII)

    netloc = quoted(userinfo) + at + host + port
    return urllib.parse.urlunsplit(
        (parts.scheme, netloc, quoted(parts.path), quoted(parts.query), quoted(parts.fragment))
    )


class HttpUrl(Text):
    """An http(s) URL of at most 2048 characters, kept in its ASCII form (``ascii_url``),
    never fetched."""

    def __init__(self, **kwargs):
        super().__init__(
            validate=[
                validate.Length(max=URL_MAX_LENGTH),
                validate.URL(schemes={"http", "https"}, require_tld=False),
            ],
            metadata={
                "format": "iri",  # international ones are taken; answers carry their URI
                "maxLength": URL_MAX_LENGTH,
                "pattern": HTTP_URL_PATTERN,
                "description": "An http or https URL, never fetched. An international one is"
                " kept in its ASCII form: the host in punycode, other characters percent-encoded.",
            },
            **kwargs,
        )

    def deserialize(self, value, attr=None, data=None, **kwargs):
        # Validated as sent (what the document's pattern describes), then made ASCII.
        url = super().deserialize(value, attr, data, **kwargs)
        if not isinstance(url, str):  # null, or missing
            return url
        try:
            url = ascii_url(url)
        except (ValueError, UnicodeError):
            raise ValidationError("Not a valid URL.") from None
        if len(url) > URL_MAX_LENGTH:
            raise ValidationError(f"Longer than {URL_MAX_LENGTH} characters in its ASCII form.")
        return url


class UtcDateTime(fields.DateTime):
    """ISO 8601 with an explicit offset; SQLite hands back naive UTC values."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ErrorSchema(Schema):
    """Every error's body (app/errors.py)."""

    code = fields.Integer(required=True, metadata={"description": "The HTTP status.", "example": 422})
    status = fields.String(
        required=True, metadata={"description": "Its phrase.", "example": "Unprocessable Entity"}
    )
    message = fields.String(
        required=True, metadata={"description": "One human sentence.", "example": "Validation failed"}
    )
    errors = fields.Raw(
        metadata={
            "type": "object",
            "description": "On validation failures only, by location (`json`, `query`, `path`,"
            " `form`, `files`): the messages about the location as a whole (a body that is not"
            " JSON), or the messages by field; a field of a nested object or list has an object"
            " of its own in place of its list.",
            "additionalProperties": {
                "oneOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {
                        "type": "object",
                        "additionalProperties": {
                            "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
                        },
                    },
                ]
            },
            "example": {"json": {"username": ["Length must be between 2 and 24."]}},
        },
    )


class UserSummarySchema(Schema):
    id = fields.Integer(dump_only=True, metadata={"example": 17})
    username = fields.String(dump_only=True, metadata={"example": "maya.lens"})
    display_name = fields.String(dump_only=True, metadata={"example": "Maya Lens"})
    avatar_url = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": "https://cdn.example.com/avatars/maya.jpg", "format": "uri"},
    )


class UserSchema(UserSummarySchema):
    bio = fields.String(dump_only=True, metadata={"example": "Street food and slow travel."})
    created_at = UtcDateTime(dump_only=True, metadata={"example": "2026-03-14T09:26:53+00:00"})
    followers_count = fields.Integer(dump_only=True, metadata={"example": 1280})
    following_count = fields.Integer(dump_only=True, metadata={"example": 212})
    video_count = fields.Integer(dump_only=True, metadata={"example": 48})
    like_count = fields.Integer(
        dump_only=True, metadata={"example": 15230, "description": "Likes received on all their videos."}
    )
    is_following = fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": True,
            "description": "Whether the viewer follows this user; null when anonymous.",
        },
    )
    is_private = fields.Boolean(
        dump_only=True,
        metadata={
            "example": False,
            "description": "A private account: its videos are for its followers; following it "
            "sends a request.",
        },
    )
    follows_you = fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": False,
            "description": "Whether this user follows the viewer; null when anonymous.",
        },
    )
    is_blocking = fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": False,
            "description": "Whether the viewer blocks this user; null when anonymous.",
        },
    )
    is_muting = fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": False,
            "description": "Whether the viewer mutes this user; null when anonymous.",
        },
    )
    follow_requested = fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": False,
            "description": "A follow request from the viewer is pending; null when anonymous.",
        },
    )

"""Signed part URLs of local direct uploads: the API's own part endpoint, which needs no
Authorization header, so the URL itself carries the right to write that one part until
the upload expires."""

from datetime import datetime

from flask import current_app, url_for
from itsdangerous import BadData, URLSafeSerializer

from app.errors import Forbidden


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="upload-part")


def part_token(upload_id: str, number: int, expires_at: datetime) -> str:
    return _signer().dumps([upload_id, number, int(expires_at.timestamp())])


def check_part_token(token: str, upload_id: str, number: int, now: datetime) -> None:
    """403 unless ``token`` was signed for this part and has not expired."""
    try:
        signed_id, signed_number, expires = _signer().loads(token)
    except (BadData, TypeError, ValueError):
        raise Forbidden("The part URL is not valid.") from None
    if (signed_id, signed_number) != (upload_id, number):
        raise Forbidden("The part URL is not valid.")
    if now.timestamp() >= expires:
        raise Forbidden("The part URL has expired.")


def local_part_url(upload_id: str, number: int, expires_at: datetime) -> str:
    """Absolute: on PUBLIC_BASE_URL, else on the request's origin."""
    token = part_token(upload_id, number, expires_at)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if base:
        return base + url_for("uploads.put_upload_part", upload_id=upload_id, number=number, token=token)
    return url_for("uploads.put_upload_part", upload_id=upload_id, number=number, token=token, _external=True)

"""Download URLs of export archives: presigned by the store (S3), or, with local storage,
the API's own archive endpoint, signed with the secret key until the export expires. The
URL alone grants the download (it opens in a browser, with no Authorization header)."""

from datetime import datetime

from flask import current_app, url_for
from itsdangerous import BadData, URLSafeSerializer

from app import storage
from app.errors import Forbidden
from app.models import Export
from app.models.base import utcnow


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="export-archive")


def filename(export: Export) -> str:
    return f"shortvideo-export-{export.created_at:%Y-%m-%d}.zip"


def download_url(export: Export, expires_at: datetime) -> str:
    """Absolute, and valid until ``expires_at``."""
    seconds = int((expires_at - utcnow()).total_seconds())
    presigned = storage.backend().download_url(Export.object_key(export.id), seconds, filename(export))
    if presigned:
        return presigned
    token = _signer().dumps([export.id, int(expires_at.timestamp())])
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if base:
        return base + url_for("exports.download_archive", export_id=export.id, token=token)
    return url_for("exports.download_archive", export_id=export.id, token=token, _external=True)


def check_token(token: str, export_id: str) -> None:
    """403 unless ``token`` was signed for this export and has not expired."""
    try:
        signed_id, expires = _signer().loads(token)
    except (BadData, TypeError, ValueError):
        raise Forbidden("The download link is not valid.") from None
    if signed_id != export_id:
        raise Forbidden("The download link is not valid.")
    if utcnow().timestamp() >= expires:
        raise Forbidden("The download link has expired.")

"""Where media bytes live: local disk under ``MEDIA_ROOT`` for now.

Everything else calls ``save``, ``delete_many`` and ``url``; an object-storage backend
only has to provide the same three functions. In development the app serves
``MEDIA_URL`` itself (with byte ranges); in production nginx does (deploy/nginx.conf).
"""

import logging
import os
import tempfile
import uuid
from pathlib import Path

from flask import Blueprint, current_app, send_from_directory

from app.errors import NotFound, PayloadTooLarge

log = logging.getLogger(__name__)

MIMETYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm"}
CHUNK = 1024 * 1024


def _root():
    return Path(current_app.config["MEDIA_ROOT"])


def save(stream, extension, max_bytes):
    """Copy ``stream`` to a new file and return its key; nothing is left on failure."""
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".upload-", suffix=".part")
    try:
        # mkstemp creates 0600; nginx serves these files as another user in production.
        os.fchmod(fd, 0o644 & ~UMASK)
        with os.fdopen(fd, "wb") as tmp:
            written = 0
            while chunk := stream.read(CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise PayloadTooLarge(f"The video is larger than {max_bytes} bytes.")
                tmp.write(chunk)
        key = f"{uuid.uuid4().hex}.{extension}"
        os.replace(tmp_name, root / key)
        return key
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _read_umask():
    current = os.umask(0)
    os.umask(current)
    return current


# Read once at import: os.umask() changes process state, unsafe under threaded workers.
UMASK = _read_umask()


def delete_many(keys):
    for key in keys:
        if key:
            try:
                (_root() / key).unlink(missing_ok=True)
            except OSError:
                log.exception("Could not delete media file %s", key)


def url(key):
    return current_app.config["MEDIA_URL"].rstrip("/") + "/" + key


media_blueprint = Blueprint("media", __name__)


@media_blueprint.route("/<path:name>")
def serve(name):
    """Development media server: byte ranges, an explicit video type, nosniff."""
    extension = name.rsplit(".", 1)[-1]
    if "/" in name or extension not in MIMETYPES:
        raise NotFound("No such media file.")
    response = send_from_directory(
        _root(), name, mimetype=MIMETYPES[extension], conditional=True, max_age=86400
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

"""Direct uploads: open one, receive its parts (local storage), complete it into a video,
or abort it. On S3 the parts go straight to the bucket; the API never sees their bytes."""

import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import IO, Any

import sqlalchemy as sa
from flask import current_app

from app import storage
from app.errors import Conflict, Invalid, NotFound, PayloadTooLarge, UnsupportedMedia
from app.extensions import db
from app.models import Upload, User
from app.models.base import utcnow
from app.models.upload import ABORTED, COMPLETED, OPEN
from app.models.video import PUBLIC
from app.moderation.terms import check_text
from app.storage import BadPartSize, LocalStorage
from app.uploads.links import check_part_token, local_part_url
from app.videos.controllers import publish_stored_file
from app.videos.formats import HEAD_BYTES, sniff
from app.videos.queries import VideoRow

EXTENSIONS = {"video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm"}


def create_upload(*, viewer: User, size: int, content_type: str) -> dict[str, Any]:
    config = current_app.config
    if size > config["VIDEO_MAX_BYTES"]:
        raise PayloadTooLarge(f"The video is larger than {config['VIDEO_MAX_BYTES']} bytes.")
    key = storage.new_key(EXTENSIONS[content_type])
    multipart_id = storage.backend().start_parts(key, content_type)
    upload = Upload(
        id=secrets.token_urlsafe(16),
        user_id=viewer.id,
        size=size,
        content_type=content_type,
        part_size=config["UPLOAD_PART_BYTES"],
        storage_key=key,
        multipart_id=multipart_id,
        status=OPEN,
        created_at=utcnow(),
        expires_at=utcnow() + timedelta(hours=config["UPLOAD_EXPIRES_HOURS"]),
    )
    db.session.add(upload)
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        storage.backend().drop_parts(upload.id, key, multipart_id)
        raise
    return describe(upload)


def describe(upload: Upload) -> dict[str, Any]:
    """The Upload representation: its parts with their URLs, and the parts received."""
    backend = storage.backend()
    expires = max(int((_as_utc(upload.expires_at) - utcnow()).total_seconds()), 1)
    parts = []
    for number in range(1, upload.part_count + 1):
        length = upload.part_length(number)
        url = backend.part_url(upload.storage_key, upload.multipart_id, number, length, expires)
        parts.append(
            {
                "number": number,
                "size": length,
                "url": url or local_part_url(upload.id, number, upload.expires_at),
            }
        )
    if upload.status == OPEN:
        received = sorted(backend.list_parts(upload.id, upload.storage_key, upload.multipart_id))
    else:
        received = list(range(1, upload.part_count + 1)) if upload.status == COMPLETED else []
    return {
        "id": upload.id,
        "size": upload.size,
        "content_type": upload.content_type,
        "part_size": upload.part_size,
        "parts": parts,
        "received_parts": received,
        "status": upload.status,
        "expires_at": upload.expires_at,
    }


def _own_upload(viewer: User, upload_id: str, lock: bool = False) -> Upload:
    """The viewer's upload, or 404 (someone else's is as if it did not exist)."""
    stmt = sa.select(Upload).where(Upload.id == upload_id, Upload.user_id == viewer.id)
    upload = db.session.scalar(stmt.with_for_update() if lock else stmt)
    if upload is None:
        raise NotFound("Upload not found.")
    return upload


def get_upload(*, viewer: User, upload_id: str) -> dict[str, Any]:
    return describe(_own_upload(viewer, upload_id))


def _require_open(upload: Upload) -> None:
    if upload.status != OPEN:
        raise Conflict(f"The upload is {upload.status}.")
    if _as_utc(upload.expires_at) <= utcnow():
        raise Conflict("The upload has expired.")


def _as_utc(value: datetime) -> datetime:
    # SQLite hands back naive UTC values.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def receive_part(
    *, upload_id: str, number: int, token: str, declared_length: int | None, stream: Callable[[], IO[bytes]]
) -> str:
    """Store part ``number`` sent to the API (local storage only); returns its ETag.

    ``stream`` is only opened once the part is known to be wanted and its declared
    length (Content-Length) is its size, so a wrong size is a 400 before any byte is read.
    """
    backend = storage.backend()
    check_part_token(token, upload_id, number, utcnow())
    upload = db.session.get(Upload, upload_id)
    if upload is None or not isinstance(backend, LocalStorage) or not 1 <= number <= upload.part_count:
        raise NotFound("Upload part not found.")
    _require_open(upload)
    length = upload.part_length(number)
    db.session.rollback()  # no transaction held open while the bytes arrive
    if declared_length is not None and declared_length != length:
        raise BadPartSize(f"Part {number} must be exactly {length} bytes.")
    return backend.put_part(upload_id, number, stream(), length)


def complete_upload(*, viewer: User, upload_id: str, caption: str, visibility: str = PUBLIC) -> VideoRow:
    """Check the parts, assemble them, recognise the file and publish it as a video."""
    check_text("json", caption=caption)
    upload = _own_upload(viewer, upload_id, lock=True)
    _require_open(upload)
    backend = storage.backend()
    received = backend.list_parts(upload.id, upload.storage_key, upload.multipart_id)
    numbers = range(1, upload.part_count + 1)
    missing = [n for n in numbers if n not in received]
    if missing:
        raise Invalid.field("json", "parts", f"Parts not received yet: {', '.join(map(str, missing))}.")
    wrong = [n for n in numbers if received[n].size != upload.part_length(n)]
    if wrong:
        raise Invalid.field(
            "json",
            "parts",
            f"Parts not of their declared size: {', '.join(map(str, wrong))}; send them again.",
        )
    wanted = {n: received[n] for n in numbers}  # a stray part numbered past the last is left out
    backend.join_parts(upload.id, upload.storage_key, upload.multipart_id, wanted)
    upload.status = COMPLETED
    if sniff(backend.read_head(upload.storage_key, HEAD_BYTES)) is None:
        db.session.commit()  # completed, and nothing kept: the file is not a video
        storage.delete_many([upload.storage_key])
        raise UnsupportedMedia()
    return publish_stored_file(
        viewer=viewer, storage_key=upload.storage_key, caption=caption, visibility=visibility
    )


def open_uploads_of(user_id: int) -> list[Any]:
    """``(id, storage_key, multipart_id)`` of a user's open uploads: an account being
    deleted takes its rows with it (ON DELETE CASCADE), and the caller its parts."""
    return list(
        db.session.execute(
            sa.select(Upload.id, Upload.storage_key, Upload.multipart_id).where(
                Upload.user_id == user_id, Upload.status == OPEN
            )
        )
    )


def drop_parts_of(uploads: Sequence[Any]) -> None:
    """Delete the parts (abort the S3 multipart uploads) of these uploads; never raises.
    Call it after the commit that ended them: never the parts of a live upload."""
    backend = storage.backend()
    for upload_id, key, multipart_id in uploads:
        backend.drop_parts(upload_id, key, multipart_id)


def abort_upload(*, viewer: User, upload_id: str) -> None:
    upload = _own_upload(viewer, upload_id, lock=True)
    if upload.status == COMPLETED:
        raise Conflict("The upload is completed; delete its video instead.")
    if upload.status == OPEN:
        upload.status = ABORTED
        db.session.commit()
        storage.backend().drop_parts(upload.id, upload.storage_key, upload.multipart_id)
